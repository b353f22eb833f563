package io.lifecycle.jobs.clv;

import io.lifecycle.jobs.shared.AccountPlans;
import io.lifecycle.jobs.shared.PaidTerms;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.SortedSet;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.months_between;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

/**
 * One row per snapshot date D and account created by D: what the CLV models see of the account at D and at
 * the holdout cut C = D − holdoutDays, from staging rows dated on or before those days only (pure transform).
 *
 * <p>Subscriptions (sBG): a paid term (not trial, mrr_reporting &gt; 0) is in force on X when
 * start_date ≤ X ≤ end_date (end_date null: open-ended). Terms' statuses are not read: they describe the end of
 * history, not X. The account is acquired at s = its first paid start; sBG period t starts on s + t·P months.
 * n_X = ⌊months(s, X) / P⌋ periods have started by X; the account is alive at the start of period t when it
 * is in force then (an account covered until E is alive for t ≤ ⌊months(s, E) / P⌋).
 *
 * <p>One-off invoices (BG/NBD, Gamma-Gamma): account creation is the first purchase (time 0), together with
 * what is billed on that day (an onboarding fee belongs to the acquisition, not to repeat buying); every one-off
 * invoice issued after the creation day and by X (not void, amount &gt; 0) is a repeat transaction. x = their number, t_x = days from
 * creation to the last, T = days from creation to the end of X; m = mean amount (reporting currency).
 */
public final class ClvHistories {
    private static final String[] KEY = {"snapshot_date", "account_id"};

    private ClvHistories() {
    }

    /**
     * @param segmentRules the segment rules ({@link AccountPlans#segmentRules}): each row carries the account's
     *                     segment on its snapshot date
     */
    public static Dataset<Row> of(SparkSession spark, Dataset<Row> accounts, Dataset<Row> subscriptions,
                                  Dataset<Row> invoices, SortedSet<LocalDate> snapshotDates, ClvConfig config,
                                  Column segmentRules) {
        List<Date> dates = snapshotDates.stream().map(Date::valueOf).toList();
        Dataset<Row> cuts = spark.createDataset(dates, Encoders.DATE()).toDF("snapshot_date")
                .withColumn("cut_date", date_sub(col("snapshot_date"), config.holdoutDays()));
        Dataset<Row> segments = AccountPlans.asOf(accounts, subscriptions, cuts.select("snapshot_date"), segmentRules)
                .select("snapshot_date", "account_id", "segment");
        Dataset<Row> base = accounts.select(col("account_id"), to_date(col("created_at")).as("created"))
                .join(cuts, col("created").leq(col("snapshot_date")))
                .join(segments, KEY);
        Dataset<Row> withTerms = base.join(subscriptionState(subscriptions, cuts), KEY, "left");
        return periods(withTerms, config.periodMonths()).join(purchases(invoices, base), KEY, "left")
                .na().fill(0L, new String[] {"x_d", "x_c", "holdout_transactions"})
                .na().fill(0.0, new String[] {"holdout_amount"});
    }

    /** Per D and account: first paid start, in force, last covered day, MRR and trial — on D and on C. */
    private static Dataset<Row> subscriptionState(Dataset<Row> subscriptions, Dataset<Row> cuts) {
        Column paid = PaidTerms.isPaid();
        Dataset<Row> terms = subscriptions.join(cuts, col("start_date").leq(col("snapshot_date")));
        Column startedByC = col("start_date").leq(col("cut_date"));
        Column inForceD = PaidTerms.inForceOn(col("snapshot_date"));
        Column inForceC = PaidTerms.inForceOn(col("cut_date"));
        return terms.groupBy("snapshot_date", "account_id").agg(
                min(when(paid, col("start_date"))).as("acquired_d"),
                max(paid.and(inForceD)).as("in_force_d"),
                max(when(paid, col("end_date"))).as("covered_until_d"),
                sum(when(paid.and(inForceD), col("mrr_reporting"))).as("mrr_d"),
                max(not(paid).and(inForceD)).as("trial_d"),
                min(when(paid.and(startedByC), col("start_date"))).as("acquired_c"),
                max(paid.and(inForceC)).as("in_force_c"),
                max(when(paid.and(startedByC), col("end_date"))).as("covered_until_c"));
    }

    /** n (periods started) and the last period alive, on D and on C. */
    private static Dataset<Row> periods(Dataset<Row> rows, int periodMonths) {
        return rows
                .withColumn("n_d", periodsBetween(col("acquired_d"), col("snapshot_date"), periodMonths))
                .withColumn("alive_until_d", when(col("in_force_d"), col("n_d"))
                        .otherwise(least(col("n_d"), periodsBetween(col("acquired_d"), col("covered_until_d"), periodMonths))))
                .withColumn("n_c", periodsBetween(col("acquired_c"), col("cut_date"), periodMonths))
                .withColumn("alive_until_c", when(col("in_force_c"), col("n_c"))
                        .otherwise(least(col("n_c"), periodsBetween(col("acquired_c"), col("covered_until_c"), periodMonths))));
    }

    /** ⌊months_between(to, from) / P⌋: whole periods from {@code from} to {@code to}. */
    private static Column periodsBetween(Column from, Column to, int periodMonths) {
        return floor(months_between(to, from).divide(periodMonths)).cast("int");
    }

    /** One-off purchase histories on D and on C, and the holdout window's invoices (C, D]. */
    private static Dataset<Row> purchases(Dataset<Row> invoices, Dataset<Row> base) {
        Dataset<Row> oneOffs = invoices
                .where(col("kind").equalTo("one_off").and(col("status").notEqual("void")).and(col("amount_reporting").gt(0)))
                .select(col("account_id"), to_date(col("issued_at")).as("issued"), col("amount_reporting").cast("double").as("amount"));
        Dataset<Row> byDate = base.join(oneOffs, "account_id")
                .where(col("issued").leq(col("snapshot_date")).and(col("issued").gt(col("created"))));
        Column byC = col("issued").leq(col("cut_date"));
        Dataset<Row> agg = byDate.groupBy("snapshot_date", "account_id").agg(
                count(lit(1)).as("x_d"),
                max(col("issued")).as("last_d"),
                sum(col("amount")).as("amount_d"),
                count(when(byC, lit(1))).as("x_c"),
                max(when(byC, col("issued"))).as("last_c"),
                sum(when(byC, col("amount"))).as("amount_c"),
                count(when(not(byC), lit(1))).as("holdout_transactions"),
                coalesce(sum(when(not(byC), col("amount"))), lit(0.0)).as("holdout_amount"));
        return base.join(agg, KEY, "left")
                .select(col("snapshot_date"), col("account_id"),
                        col("x_d"), coalesce(datediff(col("last_d"), col("created")), lit(0)).as("recency_days_d"),
                        datediff(col("snapshot_date"), col("created")).plus(1).as("age_days_d"),
                        round(col("amount_d").divide(col("x_d")), 2).as("mean_spend_d"),
                        col("x_c"), coalesce(datediff(col("last_c"), col("created")), lit(0)).as("recency_days_c"),
                        datediff(col("cut_date"), col("created")).plus(1).as("age_days_c"),
                        round(col("amount_c").divide(col("x_c")), 2).as("mean_spend_c"),
                        col("holdout_transactions"), col("holdout_amount"));
    }
}
