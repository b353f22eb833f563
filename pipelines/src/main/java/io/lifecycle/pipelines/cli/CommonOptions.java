package io.lifecycle.pipelines.cli;

import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.config.AppConfig;
import io.lifecycle.common.config.AppConfigLoader;
import io.lifecycle.common.run.JobContext;
import io.lifecycle.common.run.Progress;
import io.lifecycle.common.spark.SparkSessions;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/** Options every command takes, and the session, config and lakehouse they lead to. */
public final class CommonOptions {
    /** The logging context key of the run id (log4j2 pattern %X{run_id}). */
    public static final String RUN_ID_KEY = "run_id";
    private static final Logger LOG = LoggerFactory.getLogger(CommonOptions.class);

    @Option(names = "--config", paramLabel = "DIR",
            description = "Folder of application.yaml and the model YAMLs (default: $LIFECYCLE_CONFIG, else conf/).")
    Path configDir;

    @Option(names = "--warehouse", paramLabel = "DIR", description = "Input warehouse folder (overrides the config).")
    Path warehouse;

    @Option(names = "--lakehouse", paramLabel = "DIR", description = "Lakehouse root (overrides the config).")
    Path lakehouse;

    @Option(names = "--verbose", description = "Show stack traces on errors.")
    boolean verbose;

    private AppConfig config;
    private SparkSession spark;
    private Lakehouse openLakehouse;
    private final Progress progress = Progress.stderr();

    public Path configDir() {
        if (configDir != null) {
            return configDir;
        }
        String env = System.getenv("LIFECYCLE_CONFIG");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        String home = System.getProperty("lifecycle.home");
        return home != null ? Path.of(home, "conf") : Path.of("conf");
    }

    public AppConfig config() {
        if (config == null) {
            config = AppConfigLoader.load(configDir()).withPaths(abs(lakehouse), abs(warehouse));
        }
        return config;
    }

    public SparkSession spark() {
        if (spark == null) {
            spark = SparkSessions.getOrCreate(config().spark());
        }
        return spark;
    }

    public Lakehouse lakehouse() {
        if (openLakehouse == null) {
            openLakehouse = Lakehouse.open(spark(), config().lakehouse());
        }
        return openLakehouse;
    }

    /**
     * A new run: its id goes into every message line from now on (and into ops.pipeline_runs), and a first line
     * says where it reads and writes.
     */
    public JobContext jobContext() {
        String runId = newRunId();
        MDC.put(RUN_ID_KEY, runId);
        LOG.info("run started: config {}, warehouse {}, lakehouse {}", configDir().toAbsolutePath(),
                config().warehouse(), config().lakehouse());
        return new JobContext(config(), configDir(), lakehouse(), runId, progress);
    }

    /** One progress clock per command, so elapsed times run on across its steps. */
    public Progress progress() {
        return progress;
    }

    public static String newRunId() {
        return LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss"))
                + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Path abs(Path p) {
        return p == null ? null : p.toAbsolutePath().normalize();
    }
}
