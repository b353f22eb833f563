package io.lifecycle.common.testing;

import io.lifecycle.common.config.SparkSettings;
import io.lifecycle.common.spark.SparkSessions;
import org.apache.spark.sql.SparkSession;

import java.util.Map;

/** The one local SparkSession of a test JVM: two cores, two shuffle partitions, no UI. */
public final class SharedSpark {
    private static SparkSession session;

    private SharedSpark() {
    }

    public static synchronized SparkSession get() {
        if (session == null) {
            session = SparkSessions.getOrCreate(new SparkSettings("local[2]", 2,
                    Map.of("spark.sql.warehouse.dir", System.getProperty("java.io.tmpdir") + "/lifecycle-test-catalog",
                            "spark.databricks.delta.snapshotPartitions", "1",
                            "spark.sql.adaptive.enabled", "false")));
        }
        return session;
    }
}
