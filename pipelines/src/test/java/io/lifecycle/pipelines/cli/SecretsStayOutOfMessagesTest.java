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
 * Credentials never reach a message, a trace or ops.pipeline_runs: a JDBC URL carrying a password is refused by the
 * configuration check without being echoed, and a run that fails on a source whose location carries a secret
 * (here a folder named token=...) reports the failure with the secret masked — on stderr, in the --verbose trace and
 * in ops.pipeline_runs.
 */
class SecretsStayOutOfMessagesTest {
    private static final String SECRET = "Sup3rS3cr3t";

    @TempDir
    Path tmp;

    private Path conf(String sources) throws IOException {
        Path conf = tmp.resolve("conf-" + Math.abs(sources.hashCode()));
        if (Files.isDirectory(conf)) {
            return conf;
        }
        Files.createDirectories(conf);
        try (Stream<Path> files = Files.list(Path.of("..", "conf"))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, conf.resolve(f.getFileName().toString()));
            }
        }
        Path app = conf.resolve("application.yaml");
        String yaml = Files.readString(app);
        int start = yaml.indexOf("sources:\n");
        int end = yaml.indexOf("\n\n", start);
        Files.writeString(app, yaml.substring(0, start) + sources + yaml.substring(end + 1));
        return conf;
    }

    /** A password in the URL's query is refused by the configuration check, which does not echo it. */
    @Test
    void aUrlWithAPasswordParameterIsRefusedWithoutEchoingIt() throws IOException {
        StringBuilder sources = new StringBuilder("sources:\n");
        for (String input : io.lifecycle.common.config.Inputs.ALL) {
            sources.append("  ").append(input).append(": {format: jdbc, url: \"jdbc:postgresql://127.0.0.1:9/wh?password=")
                    .append(SECRET).append("\", table: ").append(input).append("}\n");
        }
        CliRun run = CliRun.of("run", "--date", "2025-06-30", "--jobs", "ingest", "--config",
                conf(sources.toString()).toString(), "--lakehouse", tmp.resolve("lake0").toString(), "--verbose");
        assertEquals(1, run.status(), run.err());
        assertTrue(run.err().contains("must not contain a password"), run.err());
        assertFalse(run.err().contains(SECRET), run.err());
    }

    /** User info in the URL passes the check; the connection fails, and every message masks it. */
    @Test
    void aUrlWithUserInfoIsMaskedWhereverTheFailureIsReported() throws IOException {
        StringBuilder sources = new StringBuilder("sources:\n");
        for (String input : io.lifecycle.common.config.Inputs.ALL) {
            sources.append("  ").append(input).append(": {format: jdbc, url: \"jdbc:postgresql://alice:").append(SECRET)
                    .append("@127.0.0.1:9/warehouse\", table: ").append(input).append("}\n");
        }
        String lakehouse = tmp.resolve("lake1").toString();
        CliRun run = CliRun.of("run", "--date", "2025-06-30", "--jobs", "ingest", "--config",
                conf(sources.toString()).toString(), "--lakehouse", lakehouse, "--verbose");
        assertEquals(1, run.status(), run.err());
        assertTrue(run.err().contains("jdbc:postgresql://***@127.0.0.1:9/warehouse"), run.err());
        assertFalse(run.err().contains(SECRET), run.err());

        CliRun log = CliRun.of("sql", "SELECT job, status, message FROM ops.pipeline_runs", "--config",
                conf(sources.toString()).toString(), "--lakehouse", lakehouse, "--format", "csv");
        assertEquals(0, log.status(), log.err());
        assertTrue(log.out().contains("failed") && log.out().contains("://***@127.0.0.1:9/warehouse"), log.out());
        assertFalse(log.out().contains(SECRET), log.out());
    }

    @Test
    void aFailedRunShowsTheSourceWithTheSecretMasked() throws IOException {
        Path warehouse = Files.createDirectories(tmp.resolve("token=" + SECRET));
        String lakehouse = tmp.resolve("lake2").toString();
        CliRun run = CliRun.of("run", "--date", "2025-06-30", "--jobs", "ingest", "--config",
                Path.of("..", "conf").toString(), "--lakehouse", lakehouse, "--warehouse", warehouse.toString(),
                "--verbose");
        assertEquals(1, run.status(), run.err());
        assertTrue(run.err().contains("token=***"), "the error names the source, masked: " + run.err());
        assertFalse(run.err().contains(SECRET), run.err());
        assertFalse(run.out().contains(SECRET), run.out());

        CliRun log = CliRun.of("sql", "SELECT job, status, message FROM ops.pipeline_runs", "--config",
                Path.of("..", "conf").toString(), "--lakehouse", lakehouse, "--format", "csv");
        assertEquals(0, log.status(), log.err());
        assertTrue(log.out().contains("ingest") && log.out().contains("failed"), log.out());
        assertTrue(log.out().contains("token=***"), "the message names the source, masked: " + log.out());
        assertFalse(log.out().contains(SECRET), log.out());
    }
}
