package io.lifecycle.jobs.ingest;

import io.delta.tables.DeltaTable;
import io.lifecycle.common.LifecycleException;
import io.lifecycle.common.config.SourceConfig;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The state of one input's source, as text that changes whenever its data can have changed: for files (a
 * Parquet folder, a CSV file or folder) the sorted relative path, size and last-modified time of every file under
 * it; for a Delta table its latest version and that commit's time (the time tells a table re-created with as
 * many commits apart). A JDBC table has none: it is always re-read.
 */
final class SourceFingerprint {
    private SourceFingerprint() {
    }

    /** Null when the source cannot be fingerprinted (jdbc) or does not exist (reading it will say so). */
    static String of(SparkSession spark, SourceConfig source, Path location) {
        if (source.isJdbc() || !Files.exists(location)) {
            return null;
        }
        if ("delta".equals(source.format())) {
            Row last = DeltaTable.forPath(spark, location.toString()).history(1).select("version", "timestamp")
                    .first();
            return "delta version " + last.getLong(0) + " committed " + last.getTimestamp(1).toInstant();
        }
        return files(location);
    }

    /**
     * Every regular file, hidden ones included (a rewrite touches them too), through symbolic links as Spark reads
     * them: more change detected, never less.
     */
    private static String files(Path location) {
        try (var tree = Files.walk(location, FileVisitOption.FOLLOW_LINKS)) {
            List<String> lines = new ArrayList<>();
            for (Path p : tree.filter(Files::isRegularFile).sorted().toList()) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                lines.add(location.relativize(p) + " " + a.size() + " " + a.lastModifiedTime());
            }
            return String.join("\n", lines);
        } catch (IOException e) {
            throw new LifecycleException("Cannot list " + location + ": " + e.getMessage(), e);
        }
    }
}
