package io.lifecycle.jobs.features;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

/**
 * Support, survey, billing and touchpoint features per snapshot date and account (pure transform); each counts
 * the 90 days ending on the snapshot date, joined on the day through a trailing-window table (snapshot_date, day,
 * days_back).
 */
final class EngagementFeatures {
    static final int WINDOW_DAYS = 90;

    private EngagementFeatures() {
    }

    /**
     * (snapshot_date, account_id, tickets_90d, urgent_tickets_90d, avg_csat_90d). A rating is given when a ticket
     * closes, so only tickets closed by the end of the snapshot date count towards the CSAT average.
     */
    static Dataset<Row> tickets(Dataset<Row> tickets, Dataset<Row> window90) {
        Column ratedByThen = col("closed_at").isNotNull().and(to_date(col("closed_at")).leq(col("snapshot_date")));
        return tickets.withColumn("day", to_date(col("opened_at")))
                .join(broadcast(window90), "day")
                .groupBy("snapshot_date", "account_id")
                .agg(count(lit(1)).as("tickets_90d"),
                        count(when(col("priority").equalTo("urgent"), lit(1))).as("urgent_tickets_90d"),
                        avg(when(ratedByThen, col("csat"))).as("avg_csat_90d"));
    }

    /**
     * (snapshot_date, account_id, failed_payments_90d): invoices due in the window before the snapshot date
     * (due_at &lt; snapshot_date) and still unpaid at its end ({@link #owed} invoices). Whether it was paid is read
     * from paid_at, not from the status: the warehouse keeps today's status only (a failed payment retried and paid
     * after the date, or an open invoice that fails later, would otherwise leak into the date).
     */
    static Dataset<Row> failedPayments(Dataset<Row> invoices, Dataset<Row> window90) {
        Column unpaidThen = col("paid_at").isNull().or(to_date(col("paid_at")).gt(col("snapshot_date")));
        return owed(invoices).withColumn("day", col("due_at"))
                .join(broadcast(window90), "day")
                .where(col("days_back").geq(1).and(unpaidThen))
                .groupBy("snapshot_date", "account_id")
                .agg(count(lit(1)).as("failed_payments_90d"));
    }

    /**
     * (snapshot_date, account_id, overdue_invoices_90d): invoices due in the window before the snapshot date
     * (due_at &lt; snapshot_date) and not paid by their due date, whether paid since or not ({@link #owed}
     * invoices).
     */
    static Dataset<Row> overdueInvoices(Dataset<Row> invoices, Dataset<Row> window90) {
        Column unpaidWhenDue = col("paid_at").isNull().or(to_date(col("paid_at")).gt(col("due_at")));
        return owed(invoices).where(unpaidWhenDue)
                .withColumn("day", col("due_at"))
                .join(broadcast(window90), "day")
                .where(col("days_back").geq(1))
                .groupBy("snapshot_date", "account_id")
                .agg(count(lit(1)).as("overdue_invoices_90d"));
    }

    /**
     * Invoices that were owed: all but void ones. void is the one status read, since a void invoice was never owed;
     * the warehouse records no void date, so an invoice voided after a date counts as void on that date too.
     */
    private static Dataset<Row> owed(Dataset<Row> invoices) {
        return invoices.where(not(col("status").equalTo("void")));
    }

    /** (snapshot_date, account_id, touches_90d, touch_response_rate_90d). */
    static Dataset<Row> touchpoints(Dataset<Row> touchpoints, Dataset<Row> window90) {
        return touchpoints.withColumn("day", to_date(col("touched_at")))
                .join(broadcast(window90), "day")
                .groupBy("snapshot_date", "account_id")
                .agg(count(lit(1)).as("touches_90d"),
                        avg(col("responded").cast("double")).as("touch_response_rate_90d"));
    }

    /** (snapshot_date, account_id, latest_nps, nps_age_days): the latest answer on or before the snapshot date. */
    static Dataset<Row> latestNps(Dataset<Row> nps, Dataset<Row> dates) {
        return nps.withColumn("day", to_date(col("responded_at")))
                .join(broadcast(dates), col("day").leq(col("snapshot_date")))
                .groupBy("snapshot_date", "account_id")
                // latest by time; the response id breaks ties so the result does not depend on row order
                .agg(max(struct(col("responded_at"), col("response_id"), col("score"), col("day"))).as("latest"))
                .select(col("snapshot_date"), col("account_id"), col("latest.score").as("latest_nps"),
                        datediff(col("snapshot_date"), col("latest.day")).as("nps_age_days"));
    }

    /**
     * (snapshot_date, &lt;name&gt;) : days from the newest day of {@code days} (a one-column frame of days) on or
     * before each snapshot date to that date.
     */
    static Dataset<Row> freshness(Dataset<Row> days, Dataset<Row> dates, String name) {
        return days.distinct().join(broadcast(dates), col("day").leq(col("snapshot_date")))
                .groupBy("snapshot_date")
                .agg(datediff(col("snapshot_date"), max(col("day"))).as(name));
    }
}
