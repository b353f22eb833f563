package io.lifecycle.common.run;

import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.config.AppConfig;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;

/**
 * Everything a job needs: configuration, the lakehouse, the run id and somewhere to report progress.
 *
 * @param configDir folder of the YAML files (for jobs that read their own model configuration)
 * @param force     the run was forced (--force): a job must not skip work because it looks done already
 */
public record JobContext(AppConfig config, Path configDir, Lakehouse lakehouse, String runId, Progress progress,
                         boolean force) {

    public JobContext(AppConfig config, Path configDir, Lakehouse lakehouse, String runId, Progress progress) {
        this(config, configDir, lakehouse, runId, progress, false);
    }

    public JobContext withForce(boolean force) {
        return new JobContext(config, configDir, lakehouse, runId, progress, force);
    }

    public SparkSession spark() {
        return lakehouse.spark();
    }
}
