package io.lifecycle.common.config;

import java.util.Map;
import java.util.Set;

/**
 * Where one warehouse input is read from.
 *
 * @param format          parquet (a folder of Parquet files), csv (a file or folder with a header row),
 *                        delta (a Delta table folder) or jdbc
 * @param path            folder or file for parquet/csv/delta; relative paths resolve against the warehouse
 *                        folder; default {@code <warehouse>/<input>}
 * @param url             JDBC URL (jdbc only)
 * @param table           JDBC table or view (jdbc only)
 * @param user            JDBC user (jdbc only)
 * @param passwordEnv     name of the environment variable holding the JDBC password; the password itself
 *                        never appears in configuration or logs
 * @param partitionColumn numeric or date/timestamp column for partitioned JDBC reads
 * @param lowerBound      lower bound of partitionColumn (as text, as Spark's JDBC source takes it)
 * @param upperBound      upper bound of partitionColumn
 * @param numPartitions   number of parallel JDBC reads
 * @param options         extra reader options passed to Spark unchanged
 */
public record SourceConfig(
        String format,
        String path,
        String url,
        String table,
        String user,
        String passwordEnv,
        String partitionColumn,
        String lowerBound,
        String upperBound,
        Integer numPartitions,
        Map<String, String> options) {

    public static final Set<String> FORMATS = Set.of("parquet", "csv", "delta", "jdbc");

    public SourceConfig {
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    public static SourceConfig parquet(String path) {
        return new SourceConfig("parquet", path, null, null, null, null, null, null, null, null, null);
    }

    public boolean isJdbc() {
        return "jdbc".equals(format);
    }
}
