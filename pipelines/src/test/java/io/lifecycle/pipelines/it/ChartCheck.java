package io.lifecycle.pipelines.it;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * One number of a dashboard chart and the Spark SQL over the same published gold tables that must give it: the sum
 * of a column over the chart's rows, the number of rows, or a column of the first or last row.
 */
record ChartCheck(String chart, Measure measure, String column, String sparkSql) {
    enum Measure { SUM, ROWS, FIRST, LAST }

    private static final String HEALTH_SAMPLE = "FROM gold.account_health_daily WHERE snapshot_date = "
            + "last_day(snapshot_date) OR snapshot_date = (SELECT max(snapshot_date) FROM gold.account_health_daily)";
    private static final String KPI_SAMPLE = "FROM gold.segment_kpis_daily WHERE segment <> 'all' AND (snapshot_date "
            + "= last_day(snapshot_date) OR snapshot_date = (SELECT max(snapshot_date) FROM gold.segment_kpis_daily))";
    private static final String AT_RISK = "FROM gold.account_health_current WHERE band = 'red' OR trend = 'down'";
    private static final String TRANSITIONS_90D = "FROM gold.lifecycle_transitions WHERE account_id IS NOT NULL AND "
            + "transition_date > date_sub((SELECT max(transition_date) FROM gold.lifecycle_transitions), 90)";
    private static final String KPI_CURRENT = "FROM gold.segment_kpis_current WHERE segment <> 'all'";
    private static final String NRR = "sum(nrr_12m * mrr_12m_ago) / nullif(sum(CASE WHEN nrr_12m IS NOT NULL THEN "
            + "mrr_12m_ago END), 0)";

    /** At least one number of every chart of the Customer health dashboard (pipelines/bi/superset/bundle.py). */
    static final List<ChartCheck> ALL = List.of(
            sum("MRR (latest)", "MRR", "SELECT sum(mrr) " + KPI_CURRENT),
            sum("Accounts at risk (red or worsening)", "Accounts at risk", "SELECT count(*) " + AT_RISK),
            sum("MRR renewing in the next 90 days", "MRR renewing", "SELECT sum(mrr) FROM gold.renewal_briefs_current"),
            sum("Health band mix over time (share of accounts)", "Accounts", "SELECT count(*) " + HEALTH_SAMPLE),
            rows("Health band mix over time (share of accounts)", "SELECT count(DISTINCT snapshot_date, band) "
                    + HEALTH_SAMPLE),
            sum("Health band mix per segment (latest)", "Accounts", "SELECT count(*) FROM gold.account_health_current"),
            rows("Health band mix per segment (latest)", "SELECT count(DISTINCT segment, band) "
                    + "FROM gold.account_health_current"),
            rows("Accounts at risk: red or worsening, by MRR", "SELECT count(*) " + AT_RISK),
            sum("Accounts at risk: red or worsening, by MRR", "mrr", "SELECT sum(mrr) " + AT_RISK),
            first("Accounts at risk: red or worsening, by MRR", "mrr", "SELECT max(mrr) " + AT_RISK),
            sum("Lifecycle stage mix per segment (latest)", "Accounts", "SELECT count(*) FROM "
                    + "gold.account_lifecycle_current WHERE account_id IS NOT NULL"),
            rows("Lifecycle stage mix per segment (latest)", "SELECT count(DISTINCT segment, stage) FROM "
                    + "gold.account_lifecycle_current WHERE account_id IS NOT NULL"),
            sum("Lifecycle transitions, last 90 days", "Transitions", "SELECT count(*) " + TRANSITIONS_90D),
            rows("Lifecycle transitions, last 90 days", "SELECT count(DISTINCT from_stage, to_stage) "
                    + TRANSITIONS_90D),
            sum("MRR movements, 30 days to each month-end", "New", "SELECT sum(mrr_new_30d) " + KPI_SAMPLE),
            sum("MRR movements, 30 days to each month-end", "Churn", "SELECT sum(mrr_churn_30d) " + KPI_SAMPLE),
            rows("MRR movements, 30 days to each month-end", "SELECT count(DISTINCT snapshot_date) " + KPI_SAMPLE),
            rows("NRR and GRR (12 months) over time", "SELECT count(DISTINCT snapshot_date) " + KPI_SAMPLE),
            last("NRR and GRR (12 months) over time", "NRR 12m", "SELECT " + NRR + " " + KPI_CURRENT),
            sum("Revenue retention per segment (latest)", "MRR", "SELECT sum(mrr) " + KPI_CURRENT),
            rows("Revenue retention per segment (latest)", "SELECT count(DISTINCT segment) " + KPI_CURRENT),
            sum("Residual CLV per segment (latest)", "Subscription residual value", "SELECT "
                    + "sum(subscription_residual_value) FROM gold.account_clv_current"),
            sum("Residual CLV per segment (latest)", "Residual CLV", "SELECT coalesce(sum(total_clv), 0) FROM "
                    + "gold.account_clv_current"),
            // one bar per decile, and one (decile null) for the rows of segments at their base rate
            rows("Expansion propensity by decile (latest)", "SELECT count(*) FROM (SELECT DISTINCT decile FROM "
                    + "gold.account_expansion_current)"),
            rows("Top expansion opportunities", "SELECT least(20, count(*)) FROM gold.account_expansion_current"),
            first("Top expansion opportunities", "expected_expansion_mrr",
                    "SELECT round(max(expected_expansion_mrr), 2) FROM gold.account_expansion_current"),
            rows("Renewals in the next 90 days", "SELECT count(*) FROM gold.renewal_briefs_current"),
            sum("Renewals in the next 90 days", "mrr", "SELECT sum(mrr) FROM gold.renewal_briefs_current"));

    static ChartCheck sum(String chart, String column, String sql) {
        return new ChartCheck(chart, Measure.SUM, column, sql);
    }

    static ChartCheck rows(String chart, String sql) {
        return new ChartCheck(chart, Measure.ROWS, null, sql);
    }

    static ChartCheck first(String chart, String column, String sql) {
        return new ChartCheck(chart, Measure.FIRST, column, sql);
    }

    static ChartCheck last(String chart, String column, String sql) {
        return new ChartCheck(chart, Measure.LAST, column, sql);
    }

    /** The number in the chart's data (rows of Superset's chart-data answer); null for a null value. */
    Double of(JsonNode data) {
        switch (measure) {
            case ROWS:
                return (double) data.size();
            case SUM: {
                double total = 0;
                for (JsonNode row : data) {
                    total += row.path(column).asDouble();
                }
                return total;
            }
            default: {
                JsonNode v = data.get(measure == Measure.FIRST ? 0 : data.size() - 1).path(column);
                return v.isNull() || v.isMissingNode() ? null : v.asDouble();
            }
        }
    }

    @Override
    public String toString() {
        return "'" + chart + "' " + measure + (column == null ? "" : "(" + column + ")");
    }
}
