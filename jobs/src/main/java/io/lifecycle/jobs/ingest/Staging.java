package io.lifecycle.jobs.ingest;

import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.catalog.Tables;
import io.lifecycle.common.config.AppConfig;
import io.lifecycle.common.config.Inputs;
import io.lifecycle.common.config.Segments;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

import java.time.LocalDate;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.length;
import java.sql.Date;
import java.util.List;

/** From checked rows (see {@link ContractCheck}) to staged and quarantined rows. Pure transforms, no IO. */
final class Staging {
    private Staging() {
    }

    /**
     * Rows that kept the contract, one per key: among duplicates the one with the latest version column
     * wins, ties broken by the row's content so the choice never depends on read order. Derived columns
     * (segment, amounts in the reporting currency, event date) are added.
     */
    static Dataset<Row> staged(Contract contract, Dataset<Row> checked, AppConfig config) {
        Dataset<Row> good = checked.where(col(ContractCheck.RULE).isNull());
        Dataset<Row> unique = withoutDuplicates(contract, good);
        Dataset<Row> staged = switch (contract.input()) {
            case Inputs.ACCOUNTS -> unique.withColumn("segment",
                    Segments.segmentOf(config.segments(), config.defaultSegment()));
            case Inputs.SUBSCRIPTIONS -> unique.withColumn("mrr_reporting", toReporting(col("mrr")));
            case Inputs.INVOICES -> unique.withColumn("amount_reporting", toReporting(col("amount")));
            case Inputs.USAGE_EVENTS -> unique.withColumn("event_date", to_date(col("event_time")));
            default -> unique;
        };
        return Lakehouse.conform(contract.staging(), staged);
    }

    /**
     * Duplicates are rare, so only the rows whose key occurs more than once are shuffled and ranked; the rest
     * pass through untouched. That keeps a full-history load of events free of a full-row shuffle and keeps
     * the source's partitioning (one event date per input file) for the write. The set of duplicated keys is
     * broadcast: it is expected to be small.
     */
    private static Dataset<Row> withoutDuplicates(Contract contract, Dataset<Row> good) {
        String[] keyNames = contract.keys().toArray(String[]::new);
        Column[] keys = contract.keys().stream().map(k -> col(k)).toArray(Column[]::new);
        Dataset<Row> duplicatedKeys = good.groupBy(keys).count().where(col("count").gt(1)).drop("count");
        Dataset<Row> once = good.join(broadcast(duplicatedKeys), scala.jdk.javaapi.CollectionConverters.asScala(
                List.of(keyNames)).toSeq(), "left_anti");
        Dataset<Row> latest = good.join(broadcast(duplicatedKeys), scala.jdk.javaapi.CollectionConverters.asScala(
                        List.of(keyNames)).toSeq(), "left_semi")
                .withColumn("_n", row_number().over(Window.partitionBy(keys)
                        .orderBy(col(contract.versionColumn()).desc_nulls_last(), col(ContractCheck.ROW_HASH).desc())))
                .where(col("_n").equalTo(1))
                .drop("_n");
        return once.unionByName(latest);
    }

    private static Column toReporting(Column amount) {
        return round(amount.multiply(col(ContractCheck.FX_RATE)), 2).cast(Tables.MONEY);
    }

    /** Rows that broke a rule, in the shape of quarantine.&lt;input&gt;. */
    static Dataset<Row> quarantined(Contract contract, Dataset<Row> checked, LocalDate snapshotDate, String runId) {
        Column[] keys = contract.keys().stream().map(k -> col(k).cast("string")).toArray(Column[]::new);
        return checked.where(col(ContractCheck.RULE).isNotNull())
                .select(lit(Date.valueOf(snapshotDate)).as("snapshot_date"), lit(runId).as("run_id"),
                        col(ContractCheck.RULE).as("rule"), col(ContractCheck.DETAIL).as("detail"),
                        when(length(concat_ws("|", keys)).gt(0), concat_ws("|", keys)).as("record_key"), col(ContractCheck.RECORD).as("record"));
    }
}
