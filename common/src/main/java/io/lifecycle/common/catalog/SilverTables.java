package io.lifecycle.common.catalog;


import java.util.List;

import static io.lifecycle.common.catalog.CatalogRegistry.define;
import static io.lifecycle.common.catalog.ColumnTypes.DATE;
import static io.lifecycle.common.catalog.ColumnTypes.DOUBLE;
import static io.lifecycle.common.catalog.ColumnTypes.INT;
import static io.lifecycle.common.catalog.ColumnTypes.LONG;
import static io.lifecycle.common.catalog.ColumnTypes.MONEY;
import static io.lifecycle.common.catalog.ColumnTypes.STRING;
import static io.lifecycle.common.catalog.TableDef.column;

/** silver: usage rollups and the point-in-time account features that every model reads. */
public final class SilverTables {
    private SilverTables() {
    }


    public static final TableDef ACCOUNT_DAILY_USAGE = define(Layer.SILVER, "account_daily_usage",
            "Product usage per account and day (UTC); late events correct the day they belong to.",
            List.of("account_id", "usage_date"), "usage_date", List.of("usage_date"),
            column("account_id", STRING, false, "Account."),
            column("usage_date", DATE, false, "UTC day (partition)."),
            column("active_users", LONG, false, "Distinct users with at least one event that day."),
            column("events", LONG, false, "Number of events that day."),
            column("quantity", DOUBLE, false, "Sum of event quantity that day."),
            column("distinct_features", LONG, false, "Distinct features used that day."));

    public static final TableDef ACCOUNT_FEATURE_USAGE_DAILY = define(Layer.SILVER, "account_feature_usage_daily",
            "Product usage per account, feature and day (UTC).", List.of("account_id", "feature", "usage_date"),
            "usage_date", List.of("usage_date"),
            column("account_id", STRING, false, "Account."),
            column("feature", STRING, false, "Product feature."),
            column("usage_date", DATE, false, "UTC day (partition)."),
            column("users", LONG, false, "Distinct users of the feature that day."),
            column("events", LONG, false, "Events on the feature that day."));

    public static final TableDef ACCOUNT_USER_DAILY = define(Layer.SILVER, "account_user_daily",
            "Active users per account and day (UTC): one row per user with at least one event that day; the basis "
                    + "of distinct active users over 7 and 30 days.", List.of("account_id", "user_id", "usage_date"),
            "usage_date", List.of("usage_date"),
            column("account_id", STRING, false, "Account."),
            column("user_id", STRING, false, "User with at least one event that day (events without a user are not counted)."),
            column("usage_date", DATE, false, "UTC day (partition)."),
            column("events", LONG, false, "Events of the user that day."));

    public static final TableDef ACCOUNT_FEATURES_DAILY = define(Layer.SILVER, "account_features_daily",
            "One row per snapshot date and account created by it (or with a paid term started by it, should a "
                    + "warehouse record a purchase before the account's created_at): what was known of the account at the "
                    + "end of snapshot_date (UTC), from data dated on or before it only. Windows of N days are the N "
                    + "days ending on snapshot_date inclusive.",
            List.of("snapshot_date", "account_id"), "snapshot_date", List.of("snapshot_date"),
            column("snapshot_date", DATE, false, "As-of date (partition)."),
            column("account_id", STRING, false, "Account."),
            column("segment", STRING, false, "Segment of the account on snapshot_date: the segment rules applied "
                    + "with plan_tier as of that date."),
            column("plan_tier", STRING, false, "Plan tier on snapshot_date: of the paid terms in force then (the "
                    + "largest by MRR), else of the latest term started by then that carries a plan, else "
                    + "staging.accounts.plan_tier (see plan_tier_source)."),
            column("customer_status", STRING, false, "active (a paid term in force: not trial, mrr > 0, start_date <= "
                    + "snapshot_date <= end_date or end_date null), trial (only a trial term in force), churned (paid "
                    + "before, none in force) or prospect (never paid, no trial in force)."),
            column("first_paid_date", DATE, true, "Start of the account's first paid term; null if never paid."),
            column("tenure_days", INT, true, "Days from first_paid_date to snapshot_date."),
            column("seats", INT, true, "Seats of the paid terms in force; null unless active."),
            column("mrr", MONEY, true, "MRR in the reporting currency: sum of mrr_reporting of the paid terms in "
                    + "force; null unless active."),
            column("mrr_90d_ago", MONEY, true, "The same sum 90 days before snapshot_date (0 when nothing was in force)."),
            column("mrr_change_90d", DOUBLE, true, "mrr / mrr_90d_ago - 1; null when mrr_90d_ago is 0 or mrr null."),
            column("billing_period", STRING, true, "monthly or annual: billing period of the largest paid term in force."),
            column("renewal_date", DATE, true, "Next renewal on or after snapshot_date: the next anniversary of the "
                    + "start of the largest paid term in force, by its billing period (1 or 12 months); end dates "
                    + "after snapshot_date are not read (they are known only later)."),
            column("days_to_renewal", INT, true, "renewal_date - snapshot_date."),
            column("active_users_7d", LONG, false, "Distinct users with an event in the last 7 days."),
            column("active_users_30d", LONG, false, "Distinct users with an event in the last 30 days."),
            column("seat_utilisation", DOUBLE, true, "active_users_30d / seats; null when seats is 0 or null."),
            column("stickiness", DOUBLE, true, "(sum of daily active users over 30 days / 30) / active_users_30d, "
                    + "i.e. average DAU / MAU; null when active_users_30d is 0."),
            column("events_30d", LONG, false, "Events in the last 30 days."),
            column("events_prev_30d", LONG, false, "Events in the 30 days before those (days 31-60 back)."),
            column("usage_trend", DOUBLE, true, "events_30d / events_prev_30d - 1; null when events_prev_30d is 0."),
            column("key_features_used_30d", INT, false, "Distinct key features of the plan used in the last 30 days."),
            column("key_features_total", INT, false, "Key features of the plan (keyFeatures in conf/application.yaml)."),
            column("adoption_breadth", DOUBLE, true, "key_features_used_30d / key_features_total."),
            column("last_active_date", DATE, true, "Latest day with an event; null if never active."),
            column("days_since_last_activity", INT, true, "snapshot_date - last_active_date."),
            column("tickets_90d", LONG, false, "Support tickets opened in the last 90 days."),
            column("urgent_tickets_90d", LONG, false, "Of those, priority urgent."),
            column("avg_csat_90d", DOUBLE, true, "Average CSAT (1-5) of tickets opened in the last 90 days, closed "
                    + "by the end of snapshot_date and rated (a rating is given when a ticket closes)."),
            column("latest_nps", INT, true, "Score (0-10) of the account's latest NPS answer on or before snapshot_date."),
            column("nps_age_days", INT, true, "Days since that answer."),
            column("failed_payments_90d", LONG, false, "Invoices due in the last 90 days (due_at < snapshot_date), "
                    + "not void, and still unpaid at the end of snapshot_date (paid_at null or later): payments "
                    + "failed as of that date. Paid or not is read from paid_at, not from the status (today's, not "
                    + "the date's)."),
            column("overdue_invoices_90d", LONG, false, "Invoices due in the last 90 days (due_at < snapshot_date), "
                    + "not void, not paid by their due date (paid_at null or after due_at), whether paid since or not."),
            column("touches_90d", LONG, false, "Marketing and CS touchpoints in the last 90 days."),
            column("touch_response_rate_90d", DOUBLE, true, "Share of those the account responded to; null without touches."),
            column("usage_freshness_days", INT, true, "Days from the newest usage day (any account) on or before "
                    + "snapshot_date to snapshot_date: how stale the usage feed is."),
            column("subscriptions_freshness_days", INT, true, "The same for subscription starts."),
            column("invoices_freshness_days", INT, true, "The same for invoice issue dates."),
            column("support_tickets_freshness_days", INT, true, "The same for ticket open dates."),
            column("nps_freshness_days", INT, true, "The same for NPS answer dates."),
            column("touchpoints_freshness_days", INT, true, "The same for touchpoint dates."),
            column("plan_tier_source", STRING, true, "Where plan_tier came from: subscription (a term's plan_tier) "
                    + "or account (staging.accounts.plan_tier, the tier at the end of history: no term started by "
                    + "snapshot_date carries a plan). Counted per date in ops.dq_results (job features)."));

    /** This layer's tables, in the order they are declared. */
    static List<TableDef> tables() {
        return CatalogRegistry.ofLayer(Layer.SILVER);
    }
}
