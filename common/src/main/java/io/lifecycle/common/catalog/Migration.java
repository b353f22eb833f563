package io.lifecycle.common.catalog;

import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.function.UnaryOperator;

/**
 * One declared step that moves a table from catalog version {@code fromVersion} to {@code fromVersion + 1}: what
 * additive schema evolution cannot do on its own (a type change, a rename, a dropped column, a new NOT NULL column,
 * a tightened check, a new meaning). It says what it does to the rows written before it.
 *
 * @param table       the table's qualified name ({@code layer.name})
 * @param fromVersion the catalog version the step starts from (the first version of every table is 1)
 * @param description what changes, in a sentence a user reads in {@code bin/lifecycle migrate}
 * @param oldRows     what happens to the rows already written
 * @param step        the change itself, applied to one Delta table folder (published or unpublished copy)
 */
public record Migration(String table, int fromVersion, String description, OldRows oldRows, Step step) {

    /** What a migration does to the rows written before it. */
    public enum OldRows {
        /** Every old row is rewritten to the new meaning (e.g. a column cast to its new type). */
        REWRITTEN,
        /** Old rows from a date on are recomputed by re-running the jobs (the step says from which date). */
        BACKFILLED,
        /** Old rows stay as they were written (e.g. a new column that is null for them). */
        KEPT
    }

    /** The change applied to one table folder; {@code location} is a path or URI Delta can open. */
    @FunctionalInterface
    public interface Step {
        void apply(SparkSession spark, String location);
    }

    public int toVersion() {
        return fromVersion + 1;
    }

    /**
     * A step that rewrites every old row to the table's declared schema: the table is replaced (in one new Delta
     * version, so earlier versions stay readable by time travel) with the declared columns, NOT NULLs, partitioning
     * and comment, and the old rows, passed through {@code transform}, are written back. Checks and properties are
     * set again when the lakehouse is next opened.
     */
    public static Migration rewrite(TableDef def, int fromVersion, String description,
                                    UnaryOperator<Dataset<Row>> transform) {
        return new Migration(def.qualifiedName(), fromVersion, description, OldRows.REWRITTEN, (spark, location) -> {
            long before = DeltaTable.forPath(spark, location).history(1).select("version").first().getLong(0);
            Dataset<Row> old = spark.read().format("delta").option("versionAsOf", before).load(location);
            DeltaTableBuilder replaced = DeltaTable.replace(spark).location(location).addColumns(def.schema())
                    .comment(def.comment());
            if (!def.partitionColumns().isEmpty()) {
                replaced = replaced.partitionedBy(def.partitionColumns().toArray(String[]::new));
            }
            replaced.execute();
            Lakehouse.conform(def, transform.apply(old)).write().format("delta").mode("append").save(location);
        });
    }
}
