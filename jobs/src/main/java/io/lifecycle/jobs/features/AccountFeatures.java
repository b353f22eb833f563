package io.lifecycle.jobs.features;

import io.lifecycle.common.config.Inputs;
import io.lifecycle.jobs.shared.AccountPlans;
import io.lifecycle.jobs.shared.SnapshotCalendar;
import io.lifecycle.common.catalog.SilverTables;
import io.lifecycle.common.catalog.Lakehouse;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.time.LocalDate;
import java.util.SortedSet;

import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.months_between;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

/**
 * silver.account_features_daily for a set of snapshot dates in one pass (pure transform): one row per account
 * created (or paying) by each date, from data dated on or before that date only. Formulas are in the table's column
 * comments.
 */
public final class AccountFeatures {
    private static final String[] KEY = {"snapshot_date", "account_id"};
    private static final String[] DATE = {"snapshot_date"};

    private AccountFeatures() {
    }

    /**
     * The staged inputs and silver rollups the features are computed from. The usage rollups need to cover only
     * the 60 days before each snapshot date, plus — for last_active_date — the days after {@code priorLastActive}
     * was known (account_id, prior_last_active_date; null: the rollups cover all history).
     */
    public record Inputs(Dataset<Row> accounts, Dataset<Row> subscriptions, Dataset<Row> invoices,
                         Dataset<Row> supportTickets, Dataset<Row> npsResponses, Dataset<Row> touchpoints,
                         Dataset<Row> dailyUsage, Dataset<Row> userDaily, Dataset<Row> featureDaily,
                         Dataset<Row> priorLastActive) {
    }

    /**
     * @param segmentRules the segment rules ({@link AccountPlans#segmentRules}), applied with the plan tier as of
     *                     each date
     */
    public static Dataset<Row> of(SparkSession spark, Inputs in, SortedSet<LocalDate> snapshotDates,
                                  FeaturesConfig config, Column segmentRules) {
        Dataset<Row> dates = SnapshotCalendar.dates(spark, snapshotDates);
        Dataset<Row> usageWindow = SnapshotCalendar.trailing(spark, snapshotDates, UsageFeatures.WINDOW_DAYS, "usage_date");
        Dataset<Row> usageWindow30 = usageWindow.where(col("days_back").lt(30));
        Dataset<Row> window90 = SnapshotCalendar.trailing(spark, snapshotDates, EngagementFeatures.WINDOW_DAYS, "day");

        Dataset<Row> base = AccountPlans.asOf(in.accounts(), in.subscriptions(), dates, segmentRules);
        Dataset<Row> plans = base.select("snapshot_date", "account_id", "plan_tier");

        Dataset<Row> rows = base
                .join(SubscriptionFeatures.of(in.subscriptions(), dates), KEY, "left")
                .join(UsageFeatures.activity(in.dailyUsage(), usageWindow), KEY, "left")
                .join(UsageFeatures.activeUsers(in.userDaily(), usageWindow30), KEY, "left")
                .join(UsageFeatures.keyFeaturesUsed(in.featureDaily(), plans, usageWindow30, config), KEY, "left")
                .join(UsageFeatures.lastActive(in.dailyUsage(), base, in.priorLastActive()), KEY, "left")
                .join(EngagementFeatures.tickets(in.supportTickets(), window90), KEY, "left")
                .join(EngagementFeatures.failedPayments(in.invoices(), window90), KEY, "left")
                .join(EngagementFeatures.overdueInvoices(in.invoices(), window90), KEY, "left")
                .join(EngagementFeatures.touchpoints(in.touchpoints(), window90), KEY, "left")
                .join(EngagementFeatures.latestNps(in.npsResponses(), dates), KEY, "left")
                .join(freshness(in, dates), DATE, "left");
        return Lakehouse.conform(SilverTables.ACCOUNT_FEATURES_DAILY, derive(zeroFilled(rows), config));
    }

    private static Dataset<Row> zeroFilled(Dataset<Row> rows) {
        return rows.na().fill(0L, new String[] {"events_30d", "events_prev_30d", "daily_active_users_sum_30d",
                        "active_users_7d", "active_users_30d", "tickets_90d", "urgent_tickets_90d",
                        "failed_payments_90d", "overdue_invoices_90d", "touches_90d"})
                .na().fill(0, new String[] {"key_features_used_30d"});
    }

    private static Dataset<Row> derive(Dataset<Row> rows, FeaturesConfig config) {
        Column active = coalesce(col("paid_in_force"), lit(false));
        Column status = when(active, lit("active"))
                .when(coalesce(col("trial_in_force"), lit(false)), lit("trial"))
                .when(col("first_paid_date").isNotNull(), lit("churned"))
                .otherwise(lit("prospect"));
        return rows
                .withColumn("customer_status", status)
                .withColumn("seats", when(active, col("seats")))
                .withColumn("mrr", when(active, col("mrr")))
                .withColumn("billing_period", when(active, col("billing_period")))
                .withColumn("tenure_days", datediff(col("snapshot_date"), col("first_paid_date")))
                .withColumn("mrr_change_90d", when(col("mrr_90d_ago").gt(0),
                        col("mrr").divide(col("mrr_90d_ago")).cast("double").minus(1)))
                .withColumn("renewal_date", when(active, renewalDate()))
                .withColumn("days_to_renewal", datediff(col("renewal_date"), col("snapshot_date")))
                .withColumn("seat_utilisation", when(col("seats").gt(0),
                        col("active_users_30d").divide(col("seats"))))
                .withColumn("stickiness", when(col("active_users_30d").gt(0),
                        col("daily_active_users_sum_30d").divide(30).divide(col("active_users_30d"))))
                .withColumn("usage_trend", when(col("events_prev_30d").gt(0),
                        col("events_30d").divide(col("events_prev_30d")).minus(1)))
                .withColumn("key_features_total", UsageFeatures.keyFeatureCount(config))
                .withColumn("adoption_breadth", col("key_features_used_30d").divide(col("key_features_total")))
                .withColumn("days_since_last_activity", datediff(col("snapshot_date"), col("last_active_date")));
    }

    /**
     * The next anniversary, on or after the snapshot date, of the start of the largest paid term in force, by its
     * billing period (12 months annual, else 1): an upgrade that starts a new term moves the renewal with it.
     */
    private static Column renewalDate() {
        Column start = col("current_term_start");
        Column months = when(col("billing_period").equalTo("annual"), lit(12)).otherwise(lit(1));
        Column periods = floor(months_between(col("snapshot_date"), start).divide(months)).cast("int");
        Column candidate = add_months(start, periods.multiply(months));
        return when(candidate.geq(col("snapshot_date")), candidate)
                .otherwise(add_months(start, periods.plus(1).multiply(months)));
    }

    /** Per snapshot date, how stale each source is: days since its newest record on or before the date. */
    private static Dataset<Row> freshness(Inputs in, Dataset<Row> dates) {
        return EngagementFeatures.freshness(in.dailyUsage().select(col("usage_date").as("day")), dates,
                        "usage_freshness_days")
                .join(EngagementFeatures.freshness(in.subscriptions().select(col("start_date").as("day")), dates,
                        "subscriptions_freshness_days"), DATE, "full")
                .join(EngagementFeatures.freshness(in.invoices().select(to_date(col("issued_at")).as("day")), dates,
                        "invoices_freshness_days"), DATE, "full")
                .join(EngagementFeatures.freshness(in.supportTickets().select(to_date(col("opened_at")).as("day")),
                        dates, "support_tickets_freshness_days"), DATE, "full")
                .join(EngagementFeatures.freshness(in.npsResponses().select(to_date(col("responded_at")).as("day")),
                        dates, "nps_freshness_days"), DATE, "full")
                .join(EngagementFeatures.freshness(in.touchpoints().select(to_date(col("touched_at")).as("day")),
                        dates, "touchpoints_freshness_days"), DATE, "full");
    }
}
