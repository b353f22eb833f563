package io.lifecycle.common.spark;

import io.lifecycle.common.catalog.LakehouseCatalog;
import io.lifecycle.common.config.SparkSettings;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

import java.util.Map;

/**
 * Builds the one SparkSession a Lifecycle process uses: Delta enabled (its catalog with lazy registration of the
 * lakehouse tables, {@link LakehouseCatalog}), UTC session time zone, the UI off
 * in local mode. Under spark-submit the master and resources come from spark-submit, not from here.
 */
public final class SparkSessions {
    private SparkSessions() {
    }

    public static SparkSession getOrCreate(SparkSettings settings) {
        SparkConf conf = new SparkConf(true);
        boolean submitted = conf.contains("spark.master");
        String master = submitted ? conf.get("spark.master") : settings.master();
        SparkSession.Builder builder = SparkSession.builder()
                .appName("lifecycle")
                .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                .config(LakehouseCatalog.SETTING, LakehouseCatalog.class.getName())
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.shuffle.partitions", String.valueOf(settings.shufflePartitions()))
                .config("spark.databricks.delta.snapshotPartitions", String.valueOf(settings.shufflePartitions()))
                .config("spark.sql.sources.partitionOverwriteMode", "static")
                .config("spark.sql.adaptive.enabled", "true")
                // file: paths without a chmod or readlink process per file (see NioLocalFileSystem)
                .config("spark.hadoop.fs.file.impl", NioLocalFileSystem.class.getName())
                .config("spark.hadoop.fs.AbstractFileSystem.file.impl", NioLocalFs.class.getName());
        if (!submitted) {
            builder.master(master);
        }
        if (master.startsWith("local")) {
            builder.config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.default.parallelism", String.valueOf(settings.shufflePartitions()));
        }
        for (Map.Entry<String, String> e : settings.conf().entrySet()) {
            builder.config(e.getKey(), e.getValue());
        }
        SparkSession spark = builder.getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        return spark;
    }
}
