package io.lifecycle.jobs.marts;

import io.lifecycle.jobs.shared.PaidTerms;
import io.lifecycle.common.catalog.GoldTables;
import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.jobs.features.FeaturesConfig;
import io.lifecycle.jobs.features.UsageFeatures;
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
    /** Length of the onboarding window (the current usage window of the features is 30 days too). */
    static final int WINDOW_DAYS = 30;
    private static final String[] KEY = {"snapshot_date", "account_id"};

    private RenewalBriefs() {
    }

    /** {@code features}: the key features per plan, which adoption counts (as the features' adoption_breadth does). */
    public static Dataset<Row> of(MartsInputs in, FeaturesConfig features) {
        Dataset<Row> due = in.features()
                .where(col("customer_status").equalTo("active")
                        .and(col("days_to_renewal").between(0, HORIZON_DAYS)))
                .select("snapshot_date", "account_id", "segment", "renewal_date", "days_to_renewal",
                        "billing_period", "mrr", "seats", "first_paid_date", "tenure_days", "events_30d",
                        "failed_payments_90d", "plan_tier", "key_features_used_30d");
        Dataset<Row> briefs = due
                .join(firstTerm(due, in.subscriptions()), KEY, "left")
                .join(onboardingEvents(due, in.dailyUsage()), KEY, "left")
                .join(onboardingKeyFeatures(due, in.featureUsageDaily(), features), KEY, "left")
                .join(in.health().select(col("snapshot_date"), col("account_id"), col("score").as("health_score"),
                        col("band").as("health_band"), col("score_90d_ago").as("health_score_90d_ago"),
                        col("change_90d").as("health_change_90d")), KEY, "left")
                .join(in.clv().select(col("snapshot_date"), col("account_id"), col("total_clv").as("residual_clv")),
                        KEY, "left")
                .join(in.dormant().select(col("snapshot_date"), col("account_id"), lit(true).as("in_dormant")),
                        KEY, "left")
                .join(openUrgentTickets(due, in.supportTickets()), KEY, "left")
                .join(propensity(in.expansion(), due), KEY, "left")
                .join(churnRisk(in.churnRisk(), due), KEY, "left")
                .na().fill(0L, new String[] {"onboarding_events_30d", "onboarding_key_features_30d",
                        "open_urgent_tickets"});
        return Lakehouse.conform(GoldTables.RENEWAL_BRIEFS, derive(briefs));
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
                        growth(col("key_features_used_30d"), col("onboarding_key_features_30d")))
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
        Dataset<Row> paid = PaidTerms.of(subscriptions);
        return paid.join(broadcast(due.select("snapshot_date", "account_id", "first_paid_date")),
                        paid.col("account_id").equalTo(due.col("account_id"))
                                .and(paid.col("start_date").equalTo(due.col("first_paid_date"))))
                .groupBy(due.col("snapshot_date"), due.col("account_id"))
                .agg(sum(col("mrr_reporting")).as("first_term_mrr"), sum(col("seats")).cast("int").as("first_term_seats"));
    }

    /** Events in the onboarding window [first_paid_date, min(first_paid_date + 29, D)]. */
    private static Dataset<Row> onboardingEvents(Dataset<Row> due, Dataset<Row> dailyUsage) {
        return inOnboarding(due, dailyUsage.select("account_id", "usage_date", "events"))
                .groupBy("snapshot_date", "account_id")
                .agg(sum(col("events")).as("onboarding_events_30d"));
    }

    /** Distinct key features of the account's plan used in the onboarding window. */
    private static Dataset<Row> onboardingKeyFeatures(Dataset<Row> due, Dataset<Row> featureDaily,
                                                      FeaturesConfig features) {
        return inOnboarding(due, featureDaily.select("account_id", "usage_date", "feature"))
                .join(due.select("snapshot_date", "account_id", "plan_tier"), KEY)
                .where(UsageFeatures.isKeyFeature(features))
                .groupBy("snapshot_date", "account_id")
                .agg(countDistinct(col("feature")).as("onboarding_key_features_30d"));
    }

    /**
     * The daily rows of each brief's onboarding window. The window depends on the account's first paid date, not
     * on D, so the rollups are cut to the (few) windows once per account, then matched to the dates (cut at D).
     */
    private static Dataset<Row> inOnboarding(Dataset<Row> due, Dataset<Row> daily) {
        Dataset<Row> windows = due.select(col("account_id").as("window_account_id"), col("first_paid_date"))
                .distinct();
        Dataset<Row> onboarding = daily.join(broadcast(windows), col("account_id").equalTo(col("window_account_id"))
                        .and(col("usage_date").between(col("first_paid_date"),
                                date_add(col("first_paid_date"), WINDOW_DAYS - 1))))
                .drop("window_account_id");
        return onboarding.join(due.select("snapshot_date", "account_id", "first_paid_date"),
                        new String[] {"account_id", "first_paid_date"})
                .where(col("usage_date").leq(col("snapshot_date")));
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

    /** The churn probability and expected churned MRR; all-null columns while gold.account_churn_risk does not exist. */
    private static Dataset<Row> churnRisk(Dataset<Row> risk, Dataset<Row> due) {
        if (risk == null) {
            return due.select(col("snapshot_date"), col("account_id"), lit(null).cast("double").as("churn_probability"),
                    lit(null).cast("double").as("expected_churned_mrr"));
        }
        return risk.select(col("snapshot_date"), col("account_id"), col("churn_probability"),
                col("expected_churned_mrr"));
    }

    /** The expansion propensity; an all-null column while gold.account_expansion does not exist. */
    private static Dataset<Row> propensity(Dataset<Row> expansion, Dataset<Row> due) {
        if (expansion == null) {
            return due.select(col("snapshot_date"), col("account_id"), lit(null).cast("double").as("expansion_propensity"));
        }
        return expansion.select(col("snapshot_date"), col("account_id"), col("propensity").as("expansion_propensity"));
    }
}
