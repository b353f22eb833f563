package io.lifecycle.jobs.marts;

import io.lifecycle.common.catalog.TableDef;
import io.lifecycle.common.catalog.Tables;
import io.lifecycle.common.testing.SharedSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.time.LocalDate;
import java.util.List;

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
                SELECT subscription_id, account_id, DATE(start_date) AS start_date, DATE(end_date) AS end_date, status,
                       seats, CAST(mrr AS DECIMAL(18,2)) AS mrr_reporting, billing_period
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

    static Dataset<Row> accounts() {
        return SPARK.sql("""
                SELECT * FROM VALUES ('A', 'smb'), ('B', 'smb'), ('C', 'smb'), ('E', 'smb'), ('F', 'smb'),
                  ('T', 'smb'), ('G', 'enterprise') AS t(account_id, segment)""");
    }

    static Dataset<Row> health() {
        return SPARK.sql("""
                SELECT DATE'2025-06-30' AS snapshot_date, account_id, 'smb' AS segment, score, band,
                       CAST(mrr AS DECIMAL(18,2)) AS mrr
                FROM VALUES ('A', 80.0D, 'green', 100), ('B', 40.0D, 'red', 300), ('C', 60.0D, 'yellow', 400),
                  ('F', CAST(NULL AS DOUBLE), 'unknown', 90) AS t(account_id, score, band, mrr)""");
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

    static Dataset<Row> empty(TableDef def) {
        return SPARK.createDataFrame(List.of(), def.schema());
    }

    /** The tiny inputs; features and usage empty (the KPIs do not read them). */
    static MartsInputs inputs(Dataset<Row> expansion) {
        return new MartsInputs(accounts(), subscriptions(), empty(Tables.STAGING_SUPPORT_TICKETS),
                empty(Tables.ACCOUNT_FEATURES_DAILY), empty(Tables.ACCOUNT_DAILY_USAGE),
                empty(Tables.ACCOUNT_FEATURE_USAGE_DAILY), health(), lifecycle(), dormant(), clv(), expansion);
    }
}
