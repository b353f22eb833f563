package io.lifecycle.jobs.churn;

import io.lifecycle.common.catalog.GoldTables;
import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.run.JobContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.time.LocalDate;
import java.util.SortedSet;
import java.util.TreeSet;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * gold.retention_forecast_backtest: for each closed window [W, W + horizonDays] — W a snapshot date of
 * gold.account_churn_risk, closed once W + horizonDays ≤ the run's last date — the gross revenue retention the
 * forecast of W expected, per segment and for all, against what happened ({@link ChurnTargets}'s retained_mrr).
 *
 * <p>A night computes the windows that closed since the table was last written (start dates not in it yet) and
 * recomputes those whose start it re-scored; the others keep their rows. The forecast of W reads only the risk rows of
 * W, written from what was known on W; the actual reads the subscriptions up to W + horizonDays, known by the run.
 */
public final class RetentionBacktest {
    public static final String ALL = "all";

    private RetentionBacktest() {
    }

    /** Writes the windows to compute as of {@code runEnd}; returns the rows written. */
    static long write(JobContext ctx, Dataset<Row> subscriptions, LocalDate runEnd, SortedSet<LocalDate> rescored,
                      ChurnConfig config) {
        Lakehouse lakehouse = ctx.lakehouse();
        Dataset<Row> risk = lakehouse.read(GoldTables.ACCOUNT_CHURN_RISK);
        SortedSet<LocalDate> done = dates(lakehouse.read(GoldTables.RETENTION_FORECAST_BACKTEST), "window_start");
        SortedSet<LocalDate> todo = new TreeSet<>();
        for (LocalDate w : dates(risk, "snapshot_date")) {
            if (!w.plusDays(config.horizonDays()).isAfter(runEnd) && (!done.contains(w) || rescored.contains(w))) {
                todo.add(w);
            }
        }
        if (todo.isEmpty()) {
            return 0;
        }
        Dataset<Row> rows = of(risk.where(Lakehouse.onDates("snapshot_date", todo)),
                ChurnTargets.of(subscriptions, todo, config.horizonDays(), config.contractionShare(), runEnd),
                config.horizonDays());
        return lakehouse.replace(GoldTables.RETENTION_FORECAST_BACKTEST, rows,
                Lakehouse.onDates("window_start", todo));
    }

    /**
     * Backtest rows from the risk rows of the window starts and the {@link ChurnTargets} of those dates (pure
     * transform): per window start and segment, and for all.
     */
    public static Dataset<Row> of(Dataset<Row> risk, Dataset<Row> targets, int horizonDays) {
        Dataset<Row> accounts = risk.select(col("snapshot_date").as("window_start"), col("account_id"),
                        col("segment"), col("mrr").cast("double").as("mrr"), forecastRetained().as("forecast"),
                        col("model_version"))
                .join(targets.select(col("snapshot_date").as("window_start"), col("account_id"),
                        col("retained_mrr")), new String[] {"window_start", "account_id"});
        Dataset<Row> bySegment = aggregate(accounts, col("segment"));
        Dataset<Row> all = aggregate(accounts, lit(ALL));
        Column startMrr = col("start_mrr");
        return bySegment.unionByName(all)
                .withColumn("window_end", date_add(col("window_start"), horizonDays))
                .withColumn("forecast_grr", when(startMrr.gt(0), col("forecast_retained_mrr").divide(startMrr)))
                .withColumn("actual_grr", when(startMrr.gt(0), col("actual_retained_mrr").divide(startMrr)))
                .withColumn("error", col("forecast_grr").minus(col("actual_grr")));
    }

    /**
     * The forecast's retained MRR of one gold.account_churn_risk row, the one definition the backtest and the KPIs'
     * forecast_grr_90d share: greatest(0, mrr − expected_churned_mrr − expected_contracted_mrr); null when either
     * expectation is (no labelled history).
     */
    public static Column forecastRetained() {
        return when(col("expected_churned_mrr").isNull().or(col("expected_contracted_mrr").isNull()),
                lit(null).cast("double"))
                .otherwise(greatest(lit(0.0), col("mrr").cast("double").minus(col("expected_churned_mrr"))
                        .minus(col("expected_contracted_mrr"))));
    }

    /** Aggregate: the sum of {@code value} over the group, null when any row's value is null (an unknown part). */
    public static Column sumOrNull(Column value) {
        return when(sum(when(value.isNull(), 1).otherwise(0)).gt(0), lit(null).cast("double"))
                .otherwise(sum(value));
    }

    private static Dataset<Row> aggregate(Dataset<Row> accounts, Column segment) {
        return accounts.groupBy(col("window_start"), segment.as("segment")).agg(
                count(lit(1)).as("accounts"),
                sum(col("mrr")).as("start_mrr"),
                sumOrNull(col("forecast")).as("forecast_retained_mrr"),
                sum(col("retained_mrr")).as("actual_retained_mrr"),
                max(col("model_version")).as("model_version"));
    }

    private static SortedSet<LocalDate> dates(Dataset<Row> table, String column) {
        SortedSet<LocalDate> out = new TreeSet<>();
        for (Row r : table.select(column).distinct().collectAsList()) {
            out.add(r.getDate(0).toLocalDate());
        }
        return out;
    }
}
