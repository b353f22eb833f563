package io.lifecycle.jobs.marts;

import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.catalog.Tables;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

/**
 * gold.renewal_briefs for a set of snapshot dates in one pass (pure transform): the active accounts whose next
 * renewal falls within {@link #HORIZON_DAYS} days, with what they have gained since they started (MRR, seats,
 * usage, adoption), their health and its 90-day trend, value, and risk flags. Formulas are in the column comments.
 */
public final class RenewalBriefs {
    /** Renewals this many days ahead (inclusive) get a brief. */
    public static final int HORIZON_DAYS = 90;
    /** Length of the onboarding window and of the current usage window. */
    static final int WINDOW_DAYS = 30;
    private static final String[] KEY = {"snapshot_date", "account_id"};

    private RenewalBriefs() {
    }

    public static Dataset<Row> of(MartsInputs in) {
        Dataset<Row> due = in.features()
                .where(col("customer_status").equalTo("active")
                        .and(col("days_to_renewal").between(0, HORIZON_DAYS)))
                .select("snapshot_date", "account_id", "segment", "renewal_date", "days_to_renewal",
                        "billing_period", "mrr", "seats", "first_paid_date", "tenure_days", "events_30d",
                        "failed_payments_90d");
        Dataset<Row> briefs = due
                .join(firstTerm(due, in.subscriptions()), KEY, "left")
                .join(onboardingEvents(due, in.dailyUsage()), KEY, "left")
                .join(featuresUsed(due, in.featureUsageDaily()), KEY, "left")
                .join(in.health().select(col("snapshot_date"), col("account_id"), col("score").as("health_score"),
                        col("band").as("health_band"), col("score_90d_ago").as("health_score_90d_ago"),
                        col("change_90d").as("health_change_90d")), KEY, "left")
                .join(in.clv().select(col("snapshot_date"), col("account_id"), col("total_clv").as("residual_clv")),
                        KEY, "left")
                .join(in.dormant().select(col("snapshot_date"), col("account_id"), lit(true).as("in_dormant")),
                        KEY, "left")
                .join(openUrgentTickets(due, in.supportTickets()), KEY, "left")
                .join(propensity(in.expansion(), due), KEY, "left")
                .na().fill(0L, new String[] {"onboarding_events_30d", "onboarding_features_30d", "features_used_30d",
                        "open_urgent_tickets"});
        return Lakehouse.conform(Tables.RENEWAL_BRIEFS, derive(briefs));
    }

    private static Dataset<Row> derive(Dataset<Row> briefs) {
        Column red = coalesce(col("health_band").equalTo("red"), lit(false));
        Column dormant = coalesce(col("in_dormant"), lit(false));
        Column failed = col("failed_payments_90d").gt(0);
        Column urgent = col("open_urgent_tickets").gt(0);
        return briefs
                .withColumn("mrr_growth_since_first_term", growth(col("mrr"), col("first_term_mrr")))
                .withColumn("seat_growth_since_first_term", growth(col("seats"), col("first_term_seats")))
                .withColumn("usage_growth_since_onboarding", growth(col("events_30d"), col("onboarding_events_30d")))
                .withColumn("adoption_growth_since_onboarding",
                        growth(col("features_used_30d"), col("onboarding_features_30d")))
                .withColumn("risk_red_health", red)
                .withColumn("risk_dormant", dormant)
                .withColumn("risk_failed_payments", failed)
                .withColumn("risk_open_urgent_tickets", urgent)
                .withColumn("risk_flags", array_compact(array(when(red, lit("red_health")),
                        when(dormant, lit("dormant")), when(failed, lit("failed_payments")),
                        when(urgent, lit("open_urgent_tickets")))));
    }

    /** now / then - 1; null when then is 0 or null (no ANSI division error). */
    private static Column growth(Column now, Column then) {
        return when(then.notEqual(0), now.cast("double").divide(then.cast("double")).minus(1));
    }

    /** MRR and seats of the paid terms that started on the account's first paid date. */
    private static Dataset<Row> firstTerm(Dataset<Row> due, Dataset<Row> subscriptions) {
        Dataset<Row> paid = subscriptions.where(col("status").notEqual("trial").and(col("mrr_reporting").gt(0)));
        return paid.join(broadcast(due.select("snapshot_date", "account_id", "first_paid_date")),
                        paid.col("account_id").equalTo(due.col("account_id"))
                                .and(paid.col("start_date").equalTo(due.col("first_paid_date"))))
                .groupBy(due.col("snapshot_date"), due.col("account_id"))
                .agg(sum(col("mrr_reporting")).as("first_term_mrr"), sum(col("seats")).cast("int").as("first_term_seats"));
    }

    /** Events in the onboarding window [first_paid_date, min(first_paid_date + 29, D)]. */
    private static Dataset<Row> onboardingEvents(Dataset<Row> due, Dataset<Row> dailyUsage) {
        return inOnboarding(due, dailyUsage).groupBy("snapshot_date", "account_id")
                .agg(sum(col("events")).as("onboarding_events_30d"));
    }

    /** Distinct features used in the onboarding window and in the 30 days ending on D. */
    private static Dataset<Row> featuresUsed(Dataset<Row> due, Dataset<Row> featureDaily) {
        Dataset<Row> onboarding = inOnboarding(due, featureDaily).groupBy("snapshot_date", "account_id")
                .agg(countDistinct(col("feature")).as("onboarding_features_30d"));
        Dataset<Row> days = due.select("snapshot_date", "account_id");
        Dataset<Row> recent = featureDaily.join(broadcast(days), featureDaily.col("account_id")
                        .equalTo(days.col("account_id"))
                        .and(col("usage_date").between(date_sub(col("snapshot_date"), WINDOW_DAYS - 1),
                                col("snapshot_date"))))
                .groupBy(days.col("snapshot_date"), days.col("account_id"))
                .agg(countDistinct(col("feature")).as("features_used_30d"));
        return onboarding.join(recent, KEY, "full");
    }

    private static Dataset<Row> inOnboarding(Dataset<Row> due, Dataset<Row> daily) {
        Dataset<Row> windows = due.select(col("snapshot_date"), col("account_id").as("brief_account_id"),
                col("first_paid_date"));
        Column last = least(date_add(col("first_paid_date"), WINDOW_DAYS - 1), col("snapshot_date"));
        return daily.join(broadcast(windows), col("account_id").equalTo(col("brief_account_id"))
                        .and(col("usage_date").between(col("first_paid_date"), last)))
                .drop("account_id").withColumnRenamed("brief_account_id", "account_id");
    }

    /** Urgent tickets opened by the end of D and still open then (closed_at null or after D). */
    private static Dataset<Row> openUrgentTickets(Dataset<Row> due, Dataset<Row> tickets) {
        Dataset<Row> days = due.select(col("snapshot_date"), col("account_id").as("brief_account_id"));
        Dataset<Row> urgent = tickets.where(col("priority").equalTo("urgent"));
        return urgent.join(broadcast(days), col("account_id").equalTo(col("brief_account_id"))
                        .and(to_date(col("opened_at")).leq(col("snapshot_date")))
                        .and(col("closed_at").isNull().or(to_date(col("closed_at")).gt(col("snapshot_date")))))
                .groupBy(col("snapshot_date"), col("brief_account_id").as("account_id"))
                .agg(count(lit(1)).as("open_urgent_tickets"));
    }

    /** The expansion propensity; an all-null column while gold.account_expansion does not exist. */
    private static Dataset<Row> propensity(Dataset<Row> expansion, Dataset<Row> due) {
        if (expansion == null) {
            return due.select(col("snapshot_date"), col("account_id"), lit(null).cast("double").as("expansion_propensity"));
        }
        return expansion.select(col("snapshot_date"), col("account_id"), col("propensity").as("expansion_propensity"));
    }
}
