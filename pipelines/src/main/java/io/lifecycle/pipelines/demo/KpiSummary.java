package io.lifecycle.pipelines.demo;

import io.lifecycle.common.catalog.GoldTables;
import io.lifecycle.common.run.JobContext;
import org.apache.spark.sql.Row;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.math.RoundingMode;

/** The per-segment KPI table the demo ends with, read from gold.segment_kpis_daily ('all' last). */
final class KpiSummary {
    private KpiSummary() {
    }

    static void print(JobContext ctx, LocalDate snapshot) {
        String query = """
                SELECT segment, active_accounts, mrr, mrr_new_30d, mrr_expansion_30d, mrr_contraction_30d,
                       mrr_churn_30d, mrr_reactivation_30d, logo_churn_rate_30d, nrr_12m, grr_12m, avg_health,
                       forecast_churned_mrr_90d, forecast_grr_90d
                FROM %s WHERE snapshot_date = DATE'%s'
                ORDER BY segment = 'all', segment""".formatted(GoldTables.SEGMENT_KPIS_DAILY.qualifiedName(), snapshot);
        System.out.println();
        System.out.println("Segment KPIs on " + snapshot + " (" + GoldTables.SEGMENT_KPIS_DAILY.qualifiedName()
                + "; MRR in " + ctx.config().reportingCurrency() + ", movements over 30 days, retention over 12 months; "
                + "the renewal forecast over the next 90 days: MRR expected to churn and forecast GRR):");
        System.out.printf("%-12s %7s %11s %9s %9s %9s %9s %9s %7s %6s %6s %6s %10s %8s%n", "segment", "active", "MRR",
                "new", "expansion", "contract.", "churn", "reactiv.", "churn%", "NRR%", "GRR%", "health", "fc.churn",
                "fc.GRR%");
        for (Row r : ctx.spark().sql(query).collectAsList()) {
            System.out.printf("%-12s %,7d %,11d %,9d %,9d %,9d %,9d %,9d %7s %6s %6s %6s %10s %8s%n", r.getString(0),
                    r.getLong(1), whole(r, 2), whole(r, 3), whole(r, 4), whole(r, 5), whole(r, 6), whole(r, 7),
                    percent(r, 8), percent(r, 9), percent(r, 10), r.isNullAt(11) ? "-" : String.format("%.1f", r.getDouble(11)),
                    r.isNullAt(12) ? "-" : String.format("%,d", whole(r, 12)), percent(r, 13));
        }
    }

    private static long whole(Row r, int i) {
        BigDecimal value = r.getDecimal(i);
        return value == null ? 0 : value.setScale(0, RoundingMode.HALF_UP).longValue();
    }

    private static String percent(Row r, int i) {
        return r.isNullAt(i) ? "-" : String.format("%.1f", 100 * r.getDouble(i));
    }
}
