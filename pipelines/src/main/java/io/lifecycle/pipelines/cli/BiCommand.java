package io.lifecycle.pipelines.cli;

import io.lifecycle.common.LifecycleException;
import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.config.BiConfig;
import io.lifecycle.jobs.bi.DuckDbRefresh;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

@Command(name = "bi", mixinStandardHelpOptions = true,
        description = "The DuckDB database file BI tools open (conf/bi.yaml, docs/bi.md), and a local Apache Superset "
                + "with the Customer health dashboard.",
        subcommands = {BiCommand.Refresh.class, BiCommand.Serve.class})
final class BiCommand implements Runnable {
    @Override
    public void run() {
        picocli.CommandLine.usage(this, System.out);
    }

    /** conf/bi.yaml of the command's config folder, and the lakehouse it reads (no Spark needed). */
    static BiConfig config(CommonOptions common) {
        Path lakehouse = common.config().lakehouse();
        if (!BiConfig.exists(common.configDir())) {
            throw new LifecycleException("No " + BiConfig.FILE_NAME + " in " + common.configDir()
                    + "; copy the shipped conf/" + BiConfig.FILE_NAME + ".");
        }
        return BiConfig.load(common.configDir(), lakehouse);
    }

    /** Writes the DuckDB file, first installing the delta extension from PyPI when it is missing. */
    static DuckDbRefresh.Result refresh(CommonOptions common) {
        BiConfig bi = config(common);
        Path extension = DuckDbRefresh.extensionFile(bi.extensionDirectory());
        if (!Files.isRegularFile(extension)) {
            System.err.println("lifecycle: installing DuckDB's delta extension into " + extension);
            runProcess(List.of("bash", ProjectHome.script("pipelines/bi/install-delta-extension.sh").toString(),
                    extension.toString()), "installing DuckDB's delta extension");
        }
        return DuckDbRefresh.refresh(new Lakehouse(null, common.config().lakehouse()), bi);
    }

    static void runProcess(List<String> command, String what) {
        try {
            int status = new ProcessBuilder(command).inheritIO().start().waitFor();
            if (status != 0) {
                throw new LifecycleException(what + " failed (exit status " + status + "): "
                        + String.join(" ", command));
            }
        } catch (IOException e) {
            throw new LifecycleException(what + " could not start: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LifecycleException(what + " was interrupted", e);
        }
    }

    @Command(name = "refresh", mixinStandardHelpOptions = true,
            description = "Write the DuckDB file: schema gold with a view per published gold table and per _current "
                    + "view (tables with materialize: true). The marts job does this after each publish.")
    static final class Refresh implements Runnable {
        @Mixin
        CommonOptions common;

        @Override
        public void run() {
            System.out.println("Wrote " + refresh(common));
        }
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Install Apache Superset into a virtual environment (pinned, from PyPI), create the admin "
                    + "user (password from $LIFECYCLE_SUPERSET_PASSWORD), register the DuckDB file, import the "
                    + "Customer health dashboard and serve it on 127.0.0.1; prints the URL. Refreshes the file first "
                    + "if it does not exist.")
    static final class Serve implements Runnable {
        @Mixin
        CommonOptions common;

        @Option(names = "--port", defaultValue = "8088", description = "Port (default: 8088).")
        int port;

        @Override
        public void run() {
            BiConfig bi = config(common);
            if (!Files.isRegularFile(bi.database())) {
                System.out.println("Wrote " + refresh(common));
            }
            Path home = ProjectHome.get();
            runProcess(SupersetLauncher.command(home, bi.database(), port, home.resolve(".lifecycle/superset")),
                    "Superset");
        }
    }
}
