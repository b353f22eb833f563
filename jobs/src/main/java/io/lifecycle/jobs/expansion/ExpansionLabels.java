package io.lifecycle.jobs.expansion;

import io.lifecycle.jobs.shared.PaidTerms;
import io.lifecycle.jobs.shared.RevenueChange;
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
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;

/**
 * Expansion events and labels from subscription history (pure transform).
 *
 * <p>Paid terms and "in force" as in {@link PaidTerms}. An expansion event is a day X on which a paid term starts
 * while the account already had a paid term in force on X − 1, and the paid terms in force on X, compared with those
 * on X − 1, are an expansion as {@link RevenueChange} defines it (the one definition the KPIs' MRR movements use
 * too): the constant-currency MRR change is positive — more seats, a higher plan (a higher price in the account's
 * own currency) or an added product. A cheaper plan is a contraction, a re-priced renewal whose own-currency MRR did
 * not move is no event whatever the exchange rate did, and a first purchase or a purchase after churn (nothing in
 * force on X − 1) is no expansion. The kind (product, seats, plan) is {@link RevenueChange}'s.
 *
 * <p>Label of (D, account), for an account with a paid term in force on D and only for snapshots whose horizon
 * has closed (D + horizonDays ≤ dataEnd): expanded = some event with D &lt; X ≤ D + horizonDays. Only subscription
 * terms started by dataEnd are read, so labels known on dataEnd never see a later term.
 */
public final class ExpansionLabels {
    private static final List<String> EVENT_KEYS = List.of("account_id", "event_date");

    private ExpansionLabels() {
    }

    /**
     * Expansion events: account_id, event_date DATE, kind (product, seats or plan), mrr_before and mrr_after DOUBLE
     * (reporting currency, all paid terms in force on X − 1 and on X) and mrr_change DOUBLE (the constant-currency
     * uplift of {@link RevenueChange}, &gt; 0).
     */
    public static Dataset<Row> events(Dataset<Row> subscriptions) {
        Dataset<Row> paid = paidTerms(subscriptions);
        Dataset<Row> days = paid.select(col("account_id"), col("start_date").as("event_date")).distinct();
        Dataset<Row> before = inForce(days, paid, date_sub(col("event_date"), 1));
        Dataset<Row> after = inForce(days, paid, col("event_date"));
        return RevenueChange.compare(before, after, EVENT_KEYS)
                .where(col("mrr_before").gt(0).and(col("change").equalTo(RevenueChange.EXPANSION)))
                .select(col("account_id"), col("event_date"), col("kind"), col("mrr_before").cast("double").as("mrr_before"),
                        col("mrr_after").cast("double").as("mrr_after"),
                        col("mrr_change").cast("double").as("mrr_change"));
    }

    /**
     * Labels of the closed snapshot dates: snapshot_date, account_id, expanded BOOLEAN, first_expansion_date DATE
     * (null when not expanded), expansion_mrr DOUBLE (sum of the events' mrr_change in the horizon; 0 when none).
     */
    public static Dataset<Row> of(Dataset<Row> subscriptions, SortedSet<LocalDate> snapshotDates, int horizonDays,
                                  LocalDate dataEnd) {
        Dataset<Row> known = subscriptions.where(col("start_date").leq(lit(Date.valueOf(dataEnd))));
        return label(known, events(known), closedDates(snapshotDates, horizonDays, dataEnd), horizonDays);
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
                        col("e.mrr_change").as("uplift"));
        return inHorizon.groupBy("snapshot_date", "account_id").agg(
                count(col("event_date")).gt(0).as("expanded"),
                min(col("event_date")).as("first_expansion_date"),
                coalesce(sum(col("uplift")), lit(0.0)).as("expansion_mrr"));
    }

    private static Dataset<Row> paidTerms(Dataset<Row> subscriptions) {
        return PaidTerms.of(subscriptions)
                .select(col("account_id"), col("product"), col("currency"), col("start_date"),
                        PaidTerms.lastDay().as("end"), col("seats"), col("mrr"), col("mrr_reporting"));
    }

    /** {@link RevenueChange#holdings} of the paid terms in force on {@code day} (an expression of event_date). */
    private static Dataset<Row> inForce(Dataset<Row> days, Dataset<Row> paid, Column day) {
        Dataset<Row> d = days.withColumn("day", day);
        Dataset<Row> matched = d.join(paid.withColumnRenamed("account_id", "paid_account"),
                col("paid_account").equalTo(col("account_id"))
                        .and(col("start_date").leq(col("day"))).and(col("end").geq(col("day"))));
        return RevenueChange.holdings(matched, EVENT_KEYS);
    }
}
