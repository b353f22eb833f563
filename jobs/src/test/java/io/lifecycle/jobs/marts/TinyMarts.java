package io.lifecycle.jobs.marts;

import io.lifecycle.common.testing.SharedSpark;
import io.lifecycle.jobs.features.FeaturesConfig;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Hand-made inputs for the marts on D = 2025-06-30 (D - 30 = 2025-05-31, 12 months back = 2024-06-30), in SQL
 * VALUES so the numbers are easy to check by hand. smb accounts: A new (+100), B expansion 200 → 300, C contraction
 * 500 → 400, E churn (150 → 0), F reactivation (paid in 2024, back at 90), T trial only; enterprise: G unchanged at
 * 1000.
 */
final class TinyMarts {
    static final SparkSession SPARK = SharedSpark.get();
    static final LocalDate D = LocalDate.of(2025, 6, 30);

    private TinyMarts() {
    }

    static Dataset<Row> subscriptions() {
        return SPARK.sql("""
                SELECT subscription_id, account_id, 'core' AS product, DATE(start_date) AS start_date,
                       DATE(end_date) AS end_date, status, seats, CAST(mrr AS DECIMAL(18,2)) AS mrr, 'USD' AS currency,
                       CAST(mrr AS DECIMAL(18,2)) AS mrr_reporting, billing_period
                FROM VALUES
                  ('a1', 'A', '2025-06-10', NULL,         'active',    5, 100, 'monthly'),
                  ('b1', 'B', '2024-01-01', '2025-06-14', 'expired',  10, 200, 'annual'),
                  ('b2', 'B', '2025-06-15', NULL,         'active',   15, 300, 'annual'),
                  ('c1', 'C', '2024-03-01', '2025-06-04', 'expired',  20, 500, 'monthly'),
                  ('c2', 'C', '2025-06-05', NULL,         'active',   16, 400, 'monthly'),
                  ('e1', 'E', '2024-05-01', '2025-06-20', 'cancelled', 3, 150, 'monthly'),
                  ('f1', 'F', '2024-01-01', '2025-01-31', 'cancelled', 2,  80, 'monthly'),
                  ('f2', 'F', '2025-06-20', NULL,         'active',    2,  90, 'monthly'),
                  ('t1', 'T', '2025-06-01', NULL,         'trial',     5,   0, 'monthly'),
                  ('g1', 'G', '2024-01-01', NULL,         'active',  100, 1000, 'annual')
                  AS t(subscription_id, account_id, start_date, end_date, status, seats, mrr, billing_period)""");
    }

    /** Every account's segment on D (and on no other date: the marts group each date by that date's segments). */
    static Dataset<Row> segments() {
        return SPARK.sql("""
                SELECT DATE'2025-06-30' AS snapshot_date, * FROM VALUES ('A', 'smb'), ('B', 'smb'), ('C', 'smb'),
                  ('E', 'smb'), ('F', 'smb'), ('T', 'smb'), ('G', 'enterprise') AS t(account_id, segment)""");
    }

    static Dataset<Row> health() {
        return SPARK.sql("""
                SELECT DATE'2025-06-30' AS snapshot_date, account_id, 'smb' AS segment, score, band,
                       CAST(mrr AS DECIMAL(18,2)) AS mrr, score_90d_ago, score - score_90d_ago AS change_90d
                FROM VALUES ('A', 80.0D, 'green', 100, NULL), ('B', 40.0D, 'red', 300, 55.0D),
                  ('C', 60.0D, 'yellow', 400, 58.0D), ('F', CAST(NULL AS DOUBLE), 'unknown', 90, NULL)
                  AS t(account_id, score, band, mrr, score_90d_ago)""");
    }

    /**
     * Features on D for the renewal briefs: B renews in 15 days, C in 90 (the last day that counts), G in 91 and
     * E (churned) would renew in 10 but is not active.
     */
    static Dataset<Row> features() {
        return SPARK.sql("""
                SELECT DATE'2025-06-30' AS snapshot_date, account_id, segment, customer_status,
                       DATE'2025-06-30' + days_to_renewal AS renewal_date, days_to_renewal, billing_period,
                       CAST(mrr AS DECIMAL(18,2)) AS mrr, seats, DATE(first_paid_date) AS first_paid_date,
                       datediff(DATE'2025-06-30', DATE(first_paid_date)) AS tenure_days, events_30d, failed_payments_90d,
                       'team' AS plan_tier, key_features_used_30d
                FROM VALUES
                  ('B', 'smb', 'active', 15, 'annual', 300, 15, '2024-01-01', 200L, 1L, 2),
                  ('C', 'smb', 'active', 90, 'monthly', 400, 16, '2024-03-01', 10L, 0L, 0),
                  ('G', 'enterprise', 'active', 91, 'annual', 1000, 100, '2024-01-01', 900L, 0L, 3),
                  ('E', 'smb', 'churned', 10, NULL, NULL, NULL, '2024-05-01', 0L, 0L, 0)
                  AS t(account_id, segment, customer_status, days_to_renewal, billing_period, mrr, seats,
                       first_paid_date, events_30d, failed_payments_90d, key_features_used_30d)""");
    }

    /** Key features of every plan: f1, f2 and f3. */
    static FeaturesConfig keyFeatures() {
        return new FeaturesConfig(Map.of(FeaturesConfig.DEFAULT_PLAN, List.of("f1", "f2", "f3")));
    }

    /** B: 50 events in its onboarding window (2024-01-01..30), 30 just after it; C none. */
    static Dataset<Row> dailyUsage() {
        return SPARK.sql("""
                SELECT account_id, DATE(usage_date) AS usage_date, events
                FROM VALUES ('B', '2024-01-05', 50L), ('B', '2024-01-31', 30L), ('B', '2025-06-20', 200L)
                  AS t(account_id, usage_date, events)""");
    }

    /** B: key feature f1 and feature x9 (not key) in onboarding, f2 just after it. */
    static Dataset<Row> featureUsageDaily() {
        return SPARK.sql("""
                SELECT account_id, feature, DATE(usage_date) AS usage_date
                FROM VALUES ('B', 'f1', '2024-01-02'), ('B', 'x9', '2024-01-03'), ('B', 'f2', '2024-01-31'),
                  ('B', 'f1', '2025-06-20') AS t(account_id, feature, usage_date)""");
    }

    /** B: two urgent tickets open at the end of D (one closes after D), one closed, one open but not urgent. */
    static Dataset<Row> supportTickets() {
        return SPARK.sql("""
                SELECT account_id, priority, CAST(opened_at AS TIMESTAMP) AS opened_at,
                       CAST(closed_at AS TIMESTAMP) AS closed_at
                FROM VALUES ('B', 'urgent', '2025-06-01 10:00:00', NULL),
                  ('B', 'urgent', '2025-06-01 10:00:00', '2025-07-01 09:00:00'),
                  ('B', 'urgent', '2025-06-01 10:00:00', '2025-06-10 09:00:00'),
                  ('B', 'normal', '2025-06-01 10:00:00', NULL),
                  ('C', 'urgent', '2025-07-01 10:00:00', NULL) AS t(account_id, priority, opened_at, closed_at)""");
    }

    static Dataset<Row> lifecycle() {
        return SPARK.sql("""
                SELECT DATE'2025-06-30' AS snapshot_date, account_id, 'smb' AS segment, stage
                FROM VALUES ('A', 'onboarding'), ('B', 'engaged'), ('C', 'dormant'), (NULL, 'awareness')
                  AS t(account_id, stage)""");
    }

    static Dataset<Row> dormant() {
        return SPARK.sql("SELECT DATE'2025-06-30' AS snapshot_date, 'C' AS account_id, 'smb' AS segment");
    }

    static Dataset<Row> clv() {
        return SPARK.sql("""
                SELECT DATE'2025-06-30' AS snapshot_date, account_id, 'smb' AS segment,
                       CAST(total_clv AS DECIMAL(18,2)) AS total_clv
                FROM VALUES ('A', 1000), ('B', 3000) AS t(account_id, total_clv)""");
    }

    static MartsInputs inputs(Dataset<Row> expansion) {
        return inputs(expansion, null);
    }

    static MartsInputs inputs(Dataset<Row> expansion, Dataset<Row> churnRisk) {
        return new MartsInputs(segments(), subscriptions(), supportTickets(), features(), dailyUsage(),
                featureUsageDaily(), health(), lifecycle(), dormant(), clv(), expansion, churnRisk);
    }
}
