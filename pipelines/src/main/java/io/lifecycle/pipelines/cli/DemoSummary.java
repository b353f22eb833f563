package io.lifecycle.pipelines.cli;

import io.lifecycle.common.run.JobContext;
import org.apache.spark.sql.Row;

import java.time.LocalDate;

/** The per-segment summary the demo ends with, and how to go on from there. */
final class DemoSummary {
    private DemoSummary() {
    }

    static void print(JobContext ctx, LocalDate snapshot) {
        String d = "DATE'" + snapshot + "'";
        String query = """
                WITH mrr AS (
                  SELECT account_id, SUM(mrr_reporting) AS mrr FROM staging.subscriptions
                  WHERE status = 'active' AND start_date <= %1$s AND (end_date IS NULL OR end_date >= %1$s)
                  GROUP BY account_id),
                clv AS (
                  SELECT account_id, total_clv FROM gold.account_clv WHERE snapshot_date = %1$s),
                usage AS (
                  SELECT account_id, SUM(events) AS events FROM silver.account_daily_usage
                  WHERE usage_date > %1$s - INTERVAL 30 DAYS AND usage_date <= %1$s GROUP BY account_id)
                SELECT a.segment,
                       COUNT(*) AS accounts,
                       COUNT(m.account_id) AS paying,
                       COUNT(u.account_id) AS active_30d,
                       CAST(COALESCE(SUM(m.mrr), 0) AS DECIMAL(18,0)) AS mrr,
                       COALESCE(SUM(u.events), 0) AS events_30d,
                       CAST(COALESCE(SUM(c.total_clv), 0) AS DECIMAL(18,0)) AS residual_clv
                FROM staging.accounts a
                LEFT JOIN mrr m ON m.account_id = a.account_id
                LEFT JOIN usage u ON u.account_id = a.account_id
                LEFT JOIN clv c ON c.account_id = a.account_id
                GROUP BY a.segment ORDER BY a.segment""".formatted(d);
        System.out.println();
        System.out.println("Per-segment summary on " + snapshot + " (money in " + ctx.config().reportingCurrency()
                + "):");
        System.out.printf("%-14s %10s %10s %12s %14s %14s %16s%n", "segment", "accounts", "paying", "active 30d",
                "MRR", "events 30d", "residual CLV");
        for (Row r : ctx.spark().sql(query).collectAsList()) {
            System.out.printf("%-14s %,10d %,10d %,12d %,14d %,14d %,16d%n", r.getString(0), r.getLong(1),
                    r.getLong(2), r.getLong(3), r.getDecimal(4).longValue(), r.getLong(5), r.getDecimal(6).longValue());
        }
        System.out.println();
        System.out.println("Tables are under " + ctx.config().lakehouse() + ". Next:");
        System.out.println("  bin/lifecycle tables                              every table, rows, latest date");
        System.out.println("  bin/lifecycle tables staging.usage_events         columns, types and comments");
        System.out.println("  bin/lifecycle sql \"SELECT segment, count(*) FROM staging.accounts GROUP BY segment\"");
        System.out.println("  bin/lifecycle sql \"SELECT segment, sum(total_clv) FROM gold.account_clv_current GROUP BY segment\"");
        System.out.println("  bin/lifecycle sql \"SELECT table_name, rule, failing_rows FROM ops.dq_results WHERE NOT passed\"");
    }
}
