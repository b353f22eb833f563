package io.lifecycle.pipelines.demo;

import io.lifecycle.common.run.JobContext;
import org.apache.spark.sql.Row;

import java.time.LocalDate;

/** The per-segment summary of the demo, how to go on from there, and last the segment KPIs. */
final class DemoSummary {
    private DemoSummary() {
    }

    static void print(JobContext ctx, LocalDate snapshot) {
        String d = "DATE'" + snapshot + "'";
        String query = """
                WITH f AS (
                  SELECT * FROM silver.account_features_daily WHERE snapshot_date = %1$s),
                h AS (
                  SELECT account_id, score, band FROM gold.account_health_daily WHERE snapshot_date = %1$s),
                clv AS (
                  SELECT account_id, total_clv FROM gold.account_clv WHERE snapshot_date = %1$s)
                SELECT f.segment,
                       COUNT(*) AS accounts,
                       COUNT_IF(f.customer_status = 'active') AS paying,
                       COUNT_IF(f.active_users_30d > 0) AS active_30d,
                       CAST(COALESCE(SUM(f.mrr), 0) AS DECIMAL(18,0)) AS mrr,
                       AVG(h.score) AS avg_health,
                       COUNT_IF(h.band = 'green') AS green,
                       COUNT_IF(h.band = 'yellow') AS yellow,
                       COUNT_IF(h.band = 'red') AS red,
                       CAST(COALESCE(SUM(c.total_clv), 0) AS DECIMAL(18,0)) AS residual_clv
                FROM f
                LEFT JOIN h ON h.account_id = f.account_id
                LEFT JOIN clv c ON c.account_id = f.account_id
                GROUP BY f.segment ORDER BY f.segment""".formatted(d);
        System.out.println();
        System.out.println("Per-segment summary on " + snapshot + " (money in " + ctx.config().reportingCurrency()
                + "; health 0-100, high = healthy):");
        System.out.printf("%-12s %9s %8s %10s %12s %7s %7s %7s %7s %14s%n", "segment", "accounts", "paying",
                "active 30d", "MRR", "health", "green", "yellow", "red", "residual CLV");
        for (Row r : ctx.spark().sql(query).collectAsList()) {
            System.out.printf("%-12s %,9d %,8d %,10d %,12d %7s %,7d %,7d %,7d %,14d%n", r.getString(0), r.getLong(1),
                    r.getLong(2), r.getLong(3), r.getDecimal(4).longValue(),
                    r.isNullAt(5) ? "-" : String.format("%.1f", r.getDouble(5)), r.getLong(6), r.getLong(7),
                    r.getLong(8), r.getDecimal(9).longValue());
        }
        System.out.println();
        System.out.println("Tables are under " + ctx.config().lakehouse() + ". Next:");
        System.out.println("  bin/lifecycle tables                              every table, rows, latest date");
        System.out.println("  bin/lifecycle tables staging.usage_events         columns, types and comments");
        System.out.println("  bin/lifecycle sql \"SELECT segment, count(*) FROM staging.accounts GROUP BY segment\"");
        System.out.println("  bin/lifecycle sql \"SELECT band, count(*) FROM gold.account_health_current GROUP BY band\"");
        System.out.println("  bin/lifecycle sql \"SELECT * FROM gold.health_backtest WHERE segment = 'all' AND population = 'all' ORDER BY snapshot_month\"");
        System.out.println("  bin/lifecycle sql \"SELECT segment, sum(total_clv) FROM gold.account_clv_current GROUP BY segment\"");
        System.out.println("  bin/lifecycle sql \"SELECT table_name, rule, failing_rows FROM ops.dq_results WHERE NOT passed\"");
        System.out.println("  bin/lifecycle sql \"SELECT * FROM gold.renewal_briefs_current ORDER BY days_to_renewal\"");
        System.out.println("  bin/lifecycle sql \"SELECT account_id, segment, churn_probability, expected_churned_mrr, "
                + "next_renewal_date FROM gold.account_churn_risk_current ORDER BY expected_churned_mrr DESC LIMIT 20\"");
        KpiSummary.print(ctx, snapshot);
    }
}
