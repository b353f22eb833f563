package io.lifecycle.common.catalog;

import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import io.lifecycle.common.LifecycleException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.catalog.SessionCatalog;
import scala.Option;
import org.apache.spark.sql.types.StructField;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.LocalDate;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.lit;

/**
 * Reads and writes the catalog's Delta tables under one lakehouse root ({@code <root>/<layer>/<table>}) and
 * registers them in the Spark catalog as {@code <layer>.<table>}, so SQL works in every command. Every write
 * first conforms the rows to the declared schema (column order, types), so a table never drifts from its
 * declaration.
 */
public final class Lakehouse {
    private final SparkSession spark;
    private final Path root;

    public Lakehouse(SparkSession spark, Path root) {
        this.spark = spark;
        this.root = root.toAbsolutePath().normalize();
    }

    /** Opens the lakehouse and registers every table that exists under it. */
    public static Lakehouse open(SparkSession spark, Path root) {
        Lakehouse lakehouse = new Lakehouse(spark, root);
        for (TableDef def : Tables.all()) {
            if (lakehouse.exists(def)) {
                lakehouse.register(def);
            }
        }
        return lakehouse;
    }

    public SparkSession spark() {
        return spark;
    }

    public Path root() {
        return root;
    }

    public Path path(TableDef def) {
        return root.resolve(def.layer().dbName()).resolve(def.name());
    }

    public boolean exists(TableDef def) {
        return Files.isDirectory(path(def).resolve("_delta_log"));
    }

    /**
     * The newest value of the table's date column strictly before {@code before} (any, when null); null when the
     * table does not exist or has no such row. Incremental jobs find the state they carry forward with it.
     */
    public LocalDate newestDate(TableDef def, LocalDate before) {
        if (def.dateColumn() == null) {
            throw new IllegalArgumentException(def + " has no date column");
        }
        if (!exists(def)) {
            return null;
        }
        Dataset<Row> rows = read(def);
        if (before != null) {
            rows = rows.where(col(def.dateColumn()).lt(lit(java.sql.Date.valueOf(before))));
        }
        Row row = rows.agg(max(col(def.dateColumn()))).first();
        return row.isNullAt(0) ? null : row.getDate(0).toLocalDate();
    }

    /** A SQL predicate (for replaceWhere or where) selecting the given dates of a date column; "false" when none. */
    public static String onDates(String dateColumn, java.util.Collection<LocalDate> dates) {
        if (dates.isEmpty()) {
            return "false";
        }
        return dateColumn + " IN (" + dates.stream().sorted().map(d -> "DATE'" + d + "'")
                .collect(java.util.stream.Collectors.joining(", ")) + ")";
    }

    /** The table's rows; an empty frame of the declared schema if the table has not been written yet. */
    public Dataset<Row> read(TableDef def) {
        if (!exists(def)) {
            return spark.createDataFrame(List.of(), def.schema());
        }
        return spark.read().format("delta").load(path(def).toString());
    }

    /** Creates the table (schema, partitioning, comments) if it does not exist, and registers it. */
    public void ensure(TableDef def) {
        if (!exists(def)) {
            DeltaTableBuilder builder = DeltaTable.createIfNotExists(spark)
                    .location(path(def).toString())
                    .addColumns(def.schema())
                    .comment(def.comment());
            if (!def.partitionColumns().isEmpty()) {
                builder = builder.partitionedBy(def.partitionColumns().toArray(String[]::new));
            }
            builder.execute();
        }
        register(def);
    }

    /**
     * Replaces the rows matching {@code replaceWhere} (a SQL predicate, e.g. a snapshot date) with
     * {@code rows}, in one atomic Delta commit; returns the rows written. Re-running with the same rows leaves
     * the table as it was.
     */
    public long replace(TableDef def, Dataset<Row> rows, String replaceWhere) {
        ensure(def);
        conform(def, rows).write().format("delta").mode("overwrite").option("replaceWhere", replaceWhere)
                .save(path(def).toString());
        return rowsWrittenByLastCommit(def);
    }

    /** Replaces the whole content of the table in one atomic commit; returns the rows written. */
    public long overwrite(TableDef def, Dataset<Row> rows) {
        ensure(def);
        conform(def, rows).write().format("delta").mode("overwrite").save(path(def).toString());
        return rowsWrittenByLastCommit(def);
    }

    /** numOutputRows of the table's latest commit (Delta records it; no second pass over the data). */
    private long rowsWrittenByLastCommit(TableDef def) {
        Row last = DeltaTable.forPath(spark, path(def).toString()).history(1).select("operationMetrics").first();
        scala.collection.Map<String, String> metrics = last.getMap(0);
        return metrics.get("numOutputRows").map(Long::parseLong).getOrElse(() -> 0L);
    }

    public void append(TableDef def, Dataset<Row> rows) {
        ensure(def);
        conform(def, rows).write().format("delta").mode("append").save(path(def).toString());
    }

    /** Selects the declared columns in declared order, cast to the declared types. */
    public static Dataset<Row> conform(TableDef def, Dataset<Row> rows) {
        List<String> present = List.of(rows.columns());
        List<Column> columns = new ArrayList<>();
        for (StructField f : def.schema().fields()) {
            if (!present.contains(f.name())) {
                throw new IllegalArgumentException("rows for " + def + " lack column " + f.name());
            }
            columns.add(col(f.name()).cast(f.dataType()).as(f.name()));
        }
        return rows.select(columns.toArray(Column[]::new));
    }

    /**
     * Registers the table as {@code layer.name}, re-pointing an existing registration at this lakehouse. Works on
     * the session catalog's metadata only, so a registration whose folder is gone does not get in the way.
     */
    void register(TableDef def) {
        String location = path(def).toUri().toString();
        SessionCatalog catalog = spark.sessionState().catalog();
        if (!catalog.databaseExists(def.layer().dbName())) {
            spark.sql("CREATE DATABASE IF NOT EXISTS " + def.layer().dbName());
        }
        TableIdentifier id = new TableIdentifier(def.name(), Option.apply(def.layer().dbName()));
        if (catalog.tableExists(id)) {
            try {
                if (sameLocation(catalog.getTableMetadata(id).location().toString(), location)) {
                    return;
                }
                catalog.dropTable(id, true, false);
            } catch (org.apache.spark.sql.AnalysisException e) {
                throw new IllegalStateException("cannot re-register " + def, e);
            }
        }
        spark.sql("CREATE TABLE IF NOT EXISTS " + def.qualifiedName() + " USING delta LOCATION '"
                + location.replace("'", "\\'") + "'");
        if (def.currentViewName() != null) {
            // The _current companion BI reads: the latest snapshot only.
            spark.sql("CREATE OR REPLACE VIEW " + def.currentViewName() + " AS SELECT * FROM "
                    + def.qualifiedName() + " WHERE " + def.dateColumn() + " = (SELECT max(" + def.dateColumn()
                    + ") FROM " + def.qualifiedName() + ")");
        }
    }

    private static boolean sameLocation(String a, String b) {
        return stripSlash(a.replace("file:///", "file:/")).equals(stripSlash(b.replace("file:///", "file:/")));
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** Fails with a message naming the table and the job that writes it, when a job needs it and it is missing. */
    public void require(TableDef def, String producedBy) {
        if (!exists(def)) {
            throw new LifecycleException("Table " + def + " does not exist under " + root + "; run the '"
                    + producedBy + "' job first (bin/lifecycle run --date YYYY-MM-DD --jobs " + producedBy + ").");
        }
    }
}
