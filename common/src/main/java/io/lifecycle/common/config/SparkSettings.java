package io.lifecycle.common.config;

import java.util.Map;

/**
 * Spark session settings. {@code master} is used only when the job is not launched by spark-submit
 * (which sets spark.master itself).
 *
 * @param master            e.g. local[2]
 * @param shufflePartitions spark.sql.shuffle.partitions
 * @param conf              any further Spark settings, passed unchanged
 */
public record SparkSettings(String master, Integer shufflePartitions, Map<String, String> conf) {
    public SparkSettings {
        master = master == null ? "local[2]" : master;
        shufflePartitions = shufflePartitions == null ? 4 : shufflePartitions;
        conf = conf == null ? Map.of() : Map.copyOf(conf);
    }
}
