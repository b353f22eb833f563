package io.lifecycle.jobs.expansion;

import io.lifecycle.jobs.shared.PaidTerms;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.SortedSet;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * Expansion events and labels from subscription history (pure transform).
 *
 * <p>Terms as in {@code ChurnLabels}: a paid term has status ≠ 'trial' and mrr_reporting &gt; 0 and is in force on X
 * when start_date ≤ X ≤ end_date (end_date null: open-ended). Statuses are not read otherwise.
 *
 * <p>An expansion event is a day X on which a paid term starts while the account already had a paid term in force
 * on X − 1, and, comparing the paid terms in force on X with those on X − 1, one of (checked in this order, the
 * first names the kind):
 * <ul>
 *     <li>product: a product is paid for on X that was not on X − 1 (an add-on);</li>
 *     <li>seats: some product has more seats on X (sum over its terms in force) than on X − 1;</li>
 *     <li>mrr_uplift: total MRR on X ≥ total MRR on X − 1 × (1 + minMrrUpliftShare) — a plan upgrade. Smaller rises
 *     do not count: a renewal re-priced at a new exchange rate moves mrr_reporting a little.</li>
 * </ul>
 * A first purchase, a purchase after churn (nothing in force on X − 1) and a contraction are no expansion.
 *
 * <p>Label of (D, account), for an account with a paid term in force on D and only for snapshots whose horizon
 * has closed (D + horizonDays ≤ dataEnd): expanded = some event with D &lt; X ≤ D + horizonDays.
 */
public final class ExpansionLabels {
    private ExpansionLabels() {
    }

    /**
     * Expansion events: account_id, event_date DATE, kind (product, seats or mrr_uplift), mrr_before and mrr_after
     * DOUBLE (reporting currency, all paid terms in force on X − 1 and on X).
     */
    public static Dataset<Row> events(Dataset<Row> subscriptions, double minMrrUpliftShare) {
        Dataset<Row> paid = paidTerms(subscriptions);
        Dataset<Row> days = paid.select(col("account_id"), col("start_date").as("event_date")).distinct();
        Dataset<Row> before = perProduct(days, paid, date_sub(col("event_date"), 1), "before");
        Dataset<Row> after = perProduct(days, paid, col("event_date"), "after");
        Dataset<Row> byProduct = before.join(after, new String[] {"account_id", "event_date", "product"}, "full_outer");
        Column newProduct = col("seats_before").isNull().and(col("seats_after").isNotNull());
        Column moreSeats = col("seats_after").gt(col("seats_before"));
        Dataset<Row> perDay = byProduct.groupBy("account_id", "event_date").agg(
                max(when(newProduct, 1).otherwise(0)).as("new_product"),
                max(when(moreSeats, 1).otherwise(0)).as("more_seats"),
                sum(coalesce(col("mrr_before"), lit(0.0))).as("mrr_before"),
                sum(coalesce(col("mrr_after"), lit(0.0))).as("mrr_after"));
        Column mrrUplift = col("mrr_after").geq(col("mrr_before").multiply(1 + minMrrUpliftShare));
        Column kind = when(col("new_product").equalTo(1), lit("product"))
                .when(col("more_seats").equalTo(1), lit("seats"))
                .when(mrrUplift, lit("mrr_uplift"));
        return perDay.where(col("mrr_before").gt(0))
                .withColumn("kind", kind)
                .where(col("kind").isNotNull())
                .select("account_id", "event_date", "kind", "mrr_before", "mrr_after");
    }

    /**
     * Labels of the closed snapshot dates: snapshot_date, account_id, expanded BOOLEAN, first_expansion_date DATE
     * (null when not expanded), expansion_mrr DOUBLE (sum of mrr_after − mrr_before over the events in the horizon;
     * 0 when none).
     */
    public static Dataset<Row> of(Dataset<Row> subscriptions, SortedSet<LocalDate> snapshotDates, int horizonDays,
                                  LocalDate dataEnd, double minMrrUpliftShare) {
        return label(subscriptions, events(subscriptions, minMrrUpliftShare), closedDates(snapshotDates, horizonDays,
                dataEnd), horizonDays);
    }

    /** The snapshot dates whose horizon has closed by dataEnd: D + horizonDays ≤ dataEnd. */
    public static List<LocalDate> closedDates(SortedSet<LocalDate> snapshotDates, int horizonDays, LocalDate dataEnd) {
        return snapshotDates.stream().filter(d -> !d.plusDays(horizonDays).isAfter(dataEnd)).toList();
    }

    static Dataset<Row> label(Dataset<Row> subscriptions, Dataset<Row> events, List<LocalDate> dates, int horizonDays) {
        Dataset<Row> snapshots = subscriptions.sparkSession()
                .createDataset(dates.stream().map(Date::valueOf).toList(), Encoders.DATE()).toDF("snapshot_date");
        Dataset<Row> paid = paidTerms(subscriptions);
        Dataset<Row> paying = snapshots.join(paid, col("start_date").leq(col("snapshot_date"))
                        .and(col("end").geq(col("snapshot_date"))))
                .select("snapshot_date", "account_id").distinct();
        Dataset<Row> inHorizon = paying.as("p").join(events.as("e"), col("p.account_id").equalTo(col("e.account_id"))
                        .and(col("e.event_date").gt(col("p.snapshot_date")))
                        .and(col("e.event_date").leq(date_add(col("p.snapshot_date"), horizonDays))), "left")
                .select(col("p.snapshot_date"), col("p.account_id"), col("e.event_date"),
                        col("e.mrr_after").minus(col("e.mrr_before")).as("uplift"));
        return inHorizon.groupBy("snapshot_date", "account_id").agg(
                count(col("event_date")).gt(0).as("expanded"),
                min(col("event_date")).as("first_expansion_date"),
                coalesce(sum(col("uplift")), lit(0.0)).as("expansion_mrr"));
    }

    private static Dataset<Row> paidTerms(Dataset<Row> subscriptions) {
        return PaidTerms.of(subscriptions)
                .select(col("account_id"), col("product"), col("start_date"),
                        PaidTerms.lastDay().as("end"), col("seats"),
                        col("mrr_reporting").cast("double").as("mrr"));
    }

    /** Seats and MRR per product of the paid terms in force on {@code day} (an expression of event_date). */
    private static Dataset<Row> perProduct(Dataset<Row> days, Dataset<Row> paid, Column day, String suffix) {
        Dataset<Row> d = days.withColumn("day", day);
        return d.join(paid.withColumnRenamed("account_id", "paid_account"),
                        col("paid_account").equalTo(col("account_id"))
                                .and(col("start_date").leq(col("day"))).and(col("end").geq(col("day"))))
                .groupBy("account_id", "event_date", "product")
                .agg(sum(col("seats")).as("seats_" + suffix), sum(col("mrr")).as("mrr_" + suffix));
    }
}
