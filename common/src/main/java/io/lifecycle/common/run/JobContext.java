package io.lifecycle.common.run;

import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.config.AppConfig;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;

/**
 * Everything a job needs: configuration, the lakehouse, the run id and somewhere to report progress.
 *
 * @param configDir folder of the YAML files (for jobs that read their own model configuration)
 */
public record JobContext(AppConfig config, Path configDir, Lakehouse lakehouse, String runId, Progress progress) {
    public SparkSession spark() {
        return lakehouse.spark();
    }
}
