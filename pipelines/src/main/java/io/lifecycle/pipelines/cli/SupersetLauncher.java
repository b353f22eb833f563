package io.lifecycle.pipelines.cli;

import java.nio.file.Path;
import java.util.List;

/** The command line of pipelines/bi/superset/serve.sh for a DuckDB file: bin/lifecycle bi serve and its test run it. */
public final class SupersetLauncher {
    private SupersetLauncher() {
    }

    /** {@code state}: the folder of Superset's virtual environment, metadata database and secret key. */
    public static List<String> command(Path home, Path database, int port, Path state) {
        return List.of("bash", home.resolve("pipelines/bi/superset/serve.sh").toString(),
                "--database", database.toString(), "--port", String.valueOf(port), "--state", state.toString());
    }
}
