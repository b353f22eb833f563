package io.lifecycle.jobs.health;

import io.lifecycle.jobs.shared.PaidTerms;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.SortedSet;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * Churn labels for backtesting (pure transform): one row per snapshot date D and account with a paid term in force
 * on D, for the snapshot dates whose horizon has closed (D + horizonDays ≤ dataEnd, the newest snapshot date).
 *
 * <p>Paid term and "in force" as defined in {@link PaidTerms}.
 *
 * <p>The account churned within the horizon h when some day X in (D, D + h] has no paid term in force;
 * churn_date is the first such day. Computed without day loops: an account's paid terms are merged into
 * contiguous covered spans (a term starting on or before the day after the span's last covered day continues
 * it; an open-ended term makes the span open-ended), so the first uncovered day after D is the day after the end
 * of the span containing D.
 *
 * <p>Output columns: snapshot_date DATE, account_id STRING, churned_within_horizon BOOLEAN, churn_date DATE (null
 * when not churned within the horizon).
 */
public final class ChurnLabels {
    private ChurnLabels() {
    }

    public static Dataset<Row> of(Dataset<Row> subscriptions, SortedSet<LocalDate> snapshotDates, int horizonDays,
                                  LocalDate dataEnd) {
        if (horizonDays < 1) {
            throw new IllegalArgumentException("horizonDays must be >= 1: " + horizonDays);
        }
        List<Date> closed = snapshotDates.stream().filter(d -> !d.plusDays(horizonDays).isAfter(dataEnd))
                .map(Date::valueOf).toList();
        Dataset<Row> dates = subscriptions.sparkSession().createDataset(closed, Encoders.DATE()).toDF("snapshot_date");
        Dataset<Row> spans = coveredSpans(subscriptions);
        Column distanceToEnd = datediff(col("span_end"), col("snapshot_date"));
        Column churned = distanceToEnd.lt(horizonDays);
        return dates.join(spans, col("span_start").leq(col("snapshot_date")).and(col("span_end").geq(col("snapshot_date"))))
                .select(col("snapshot_date"), col("account_id"),
                        churned.as("churned_within_horizon"),
                        when(churned, date_add(col("span_end"), 1)).as("churn_date"));
    }

    /**
     * Per account, its paid terms merged into maximal covered spans (span_start, span_end; span_end = 9999-12-31
     * when open-ended). Terms sorted by start; a term opens a new span when it starts more than one day after the
     * latest end of all earlier terms.
     */
    static Dataset<Row> coveredSpans(Dataset<Row> subscriptions) {
        Dataset<Row> paid = PaidTerms.of(subscriptions)
                .select(col("account_id"), col("start_date"), PaidTerms.lastDay().as("end"));
        WindowSpec byStart = Window.partitionBy("account_id").orderBy(col("start_date"), col("end"));
        Column coveredBefore = max(col("end")).over(byStart.rowsBetween(Window.unboundedPreceding(), -1));
        Column opensSpan = when(coveredBefore.isNull().or(datediff(col("start_date"), coveredBefore).gt(1)), 1)
                .otherwise(0);
        return paid.withColumn("opens_span", opensSpan)
                .withColumn("span_no", sum(col("opens_span")).over(byStart.rowsBetween(Window.unboundedPreceding(), 0)))
                .groupBy("account_id", "span_no")
                .agg(min(col("start_date")).as("span_start"), max(col("end")).as("span_end"))
                .drop("span_no");
    }
}
