package io.lifecycle.pipelines.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A JDBC source whose URL carries credentials (user info, a password parameter) and whose reader options carry a
 * password: the run fails on it, and neither the error printed, the trace of --verbose, nor ops.pipeline_runs
 * holds the secret.
 */
class SecretsStayOutOfMessagesTest {
    private static final String SECRET = "Sup3rS3cr3t";

    @TempDir
    Path tmp;

    @Test
    void aFailedRunNeverShowsACredential() throws IOException {
        Path conf = tmp.resolve("conf");
        Files.createDirectories(conf);
        try (Stream<Path> files = Files.list(Path.of("..", "conf"))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, conf.resolve(f.getFileName().toString()));
            }
        }
        String url = "jdbc:postgresql://alice:" + SECRET + "@127.0.0.1:9/warehouse?password=" + SECRET;
        StringBuilder sources = new StringBuilder("sources:\n");
        for (String input : io.lifecycle.common.config.Inputs.ALL) {
            sources.append("  ").append(input).append(": {format: jdbc, url: \"").append(url).append("\", table: ")
                    .append(input).append(", options: {password: \"").append(SECRET).append("\"}}\n");
        }
        Path app = conf.resolve("application.yaml");
        String yaml = Files.readString(app);
        int start = yaml.indexOf("sources:\n");
        int end = yaml.indexOf("\n\n", start);
        Files.writeString(app, yaml.substring(0, start) + sources + yaml.substring(end + 1));
        String lakehouse = tmp.resolve("lakehouse").toString();

        CliRun run = CliRun.of("run", "--date", "2025-06-30", "--jobs", "ingest", "--config", conf.toString(),
                "--lakehouse", lakehouse, "--warehouse", tmp.resolve("warehouse").toString(), "--verbose");
        assertEquals(1, run.status(), run.err());
        assertTrue(run.err().contains("127.0.0.1:9/warehouse"), "the error names the source: " + run.err());
        assertFalse(run.err().contains(SECRET), run.err());
        assertFalse(run.out().contains(SECRET), run.out());

        CliRun log = CliRun.of("sql", "SELECT job, status, message FROM ops.pipeline_runs", "--config",
                conf.toString(), "--lakehouse", lakehouse, "--format", "csv");
        assertEquals(0, log.status(), log.err());
        assertTrue(log.out().contains("ingest") && log.out().contains("failed"), log.out());
        assertTrue(log.out().contains("127.0.0.1:9/warehouse"), "the message names the source: " + log.out());
        assertFalse(log.out().contains(SECRET), log.out());
    }
}
