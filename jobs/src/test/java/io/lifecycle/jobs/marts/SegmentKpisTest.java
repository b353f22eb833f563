package io.lifecycle.jobs.marts;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** gold.segment_kpis_daily on {@link TinyMarts}: every KPI checked against numbers worked out by hand. */
class SegmentKpisTest {
    /** Computed once: the tests only read it. */
    private static Map<String, Row> withoutExpansion;

    @BeforeAll
    static void compute() {
        withoutExpansion = kpis(null);
    }

    private static Map<String, Row> kpis(Dataset<Row> expansion) {
        return kpis(expansion, null);
    }

    private static Map<String, Row> kpis(Dataset<Row> expansion, Dataset<Row> churnRisk) {
        MartsInputs in = TinyMarts.inputs(expansion, churnRisk);
        Dataset<Row> movements = MrrMovements.of(TinyMarts.SPARK, in.subscriptions(), new TreeSet<>(List.of(TinyMarts.D)));
        Map<String, Row> bySegment = new HashMap<>();
        for (Row r : SegmentKpis.of(movements, in).collectAsList()) {
            bySegment.put(r.getAs("segment"), r);
        }
        return bySegment;
    }

    private static void assertMoney(String expected, Row row, String column) {
        assertEquals(new BigDecimal(expected), row.getAs(column), column);
    }

    private static void assertRatio(double expected, Row row, String column) {
        assertEquals(expected, row.<Double>getAs(column), 1e-12, column);
    }

    @Test
    void mrrCountsAndMovementsOfOneSegment() {
        Row smb = withoutExpansion.get("smb");
        assertEquals(4L, smb.<Long>getAs("active_accounts"));
        assertEquals(3L, smb.<Long>getAs("active_accounts_30d_ago"));
        assertEquals(1L, smb.<Long>getAs("new_accounts_30d"));
        assertEquals(1L, smb.<Long>getAs("reactivated_accounts_30d"));
        assertEquals(1L, smb.<Long>getAs("churned_accounts_30d"));
        assertMoney("890.00", smb, "mrr");
        assertMoney("10680.00", smb, "arr");
        assertMoney("222.50", smb, "arpa");
        assertMoney("850.00", smb, "mrr_30d_ago");
        assertMoney("100.00", smb, "mrr_new_30d");
        assertMoney("100.00", smb, "mrr_expansion_30d");
        assertMoney("-100.00", smb, "mrr_contraction_30d");
        assertMoney("-150.00", smb, "mrr_churn_30d");
        assertMoney("90.00", smb, "mrr_reactivation_30d");
        assertRatio(1.0 / 3, smb, "logo_churn_rate_30d");
        assertRatio(1 - Math.pow(2.0 / 3, 365.0 / 30), smb, "logo_churn_rate_annualised");
        assertRatio(290.0 / 250, smb, "quick_ratio_30d");
    }

    @Test
    void movementsAddUpToTheMrrChangeInEverySegment() {
        for (Row r : withoutExpansion.values()) {
            BigDecimal movements = ((BigDecimal) r.getAs("mrr_new_30d")).add(r.getAs("mrr_expansion_30d"))
                    .add(r.getAs("mrr_contraction_30d")).add(r.getAs("mrr_churn_30d"))
                    .add(r.getAs("mrr_reactivation_30d")).add(r.getAs("mrr_fx_30d"));
            assertEquals(((BigDecimal) r.getAs("mrr")).subtract(r.getAs("mrr_30d_ago")), movements,
                    "segment " + r.getAs("segment"));
        }
    }

    /** 12 months back B 200, C 500, E 150 and F 80 were active (930); A started later and does not count. */
    @Test
    void retentionCountsOnlyAccountsActiveAtThePeriodStartAndGrossIsCapped() {
        Map<String, Row> kpis = withoutExpansion;
        Row smb = kpis.get("smb");
        assertMoney("930.00", smb, "mrr_12m_ago");
        assertRatio((300 + 400 + 0 + 90) / 930.0, smb, "nrr_12m");
        assertRatio((200 + 400 + 0 + 80) / 930.0, smb, "grr_12m");
        Row all = kpis.get("all");
        assertRatio((790 + 1000) / 1930.0, all, "nrr_12m");
        assertRatio((680 + 1000) / 1930.0, all, "grr_12m");
        Row enterprise = kpis.get("enterprise");
        assertRatio(1.0, enterprise, "grr_12m");
        assertRatio(0.0, enterprise, "logo_churn_rate_30d");
        assertNull(enterprise.getAs("quick_ratio_30d"), "no losses: no quick ratio (not a division by zero)");
    }

    @Test
    void healthStagesDormancyAndClvPerSegment() {
        Row smb = withoutExpansion.get("smb");
        assertRatio(60.0, smb, "avg_health");
        assertRatio(0.25, smb, "health_green_share");
        assertRatio(0.25, smb, "health_red_share");
        assertRatio(0.25, smb, "health_unknown_share");
        assertRatio(100.0 / 890, smb, "mrr_green_share");
        assertRatio(300.0 / 890, smb, "mrr_red_share");
        assertEquals(1L, smb.<Long>getAs("accounts_onboarding"));
        assertEquals(1L, smb.<Long>getAs("accounts_dormant"));
        assertEquals(0L, smb.<Long>getAs("accounts_awareness"), "open leads are not accounts");
        assertRatio(0.25, smb, "dormant_share");
        assertMoney("4000.00", smb, "total_residual_clv");
        assertMoney("2000.00", smb, "avg_residual_clv");
        Row enterprise = withoutExpansion.get("enterprise");
        assertNull(enterprise.getAs("avg_health"));
        assertEquals(0L, enterprise.<Long>getAs("accounts_engaged"));
    }

    @Test
    void expectedExpansionMrrIsNullWithoutTheExpansionTableAndSummedWithIt() {
        assertNull(withoutExpansion.get("smb").getAs("expected_expansion_mrr"));
        Dataset<Row> expansion = TinyMarts.SPARK.sql("""
                SELECT DATE'2025-06-30' AS snapshot_date, account_id, CAST(e AS DECIMAL(18,2)) AS expected_expansion_mrr,
                       0.5D AS propensity
                FROM VALUES ('A', 10), ('B', 20), ('G', 5) AS t(account_id, e)""");
        Map<String, Row> kpis = kpis(expansion);
        assertMoney("30.00", kpis.get("smb"), "expected_expansion_mrr");
        assertMoney("35.00", kpis.get("all"), "expected_expansion_mrr");
    }

    @Test
    void theChurnForecastIsNullWithoutTheChurnTableAndSummedByTheAccountsSegmentOfTheDateWithIt() {
        assertNull(withoutExpansion.get("smb").getAs("forecast_churned_mrr_90d"));
        assertNull(withoutExpansion.get("smb").getAs("forecast_grr_90d"));
        // the risk rows' own segment column is ignored: the segment of the date (TinyMarts.segments) groups
        Dataset<Row> risk = TinyMarts.SPARK.sql("""
                SELECT DATE'2025-06-30' AS snapshot_date, account_id, 'other' AS segment,
                       CAST(mrr AS DECIMAL(18,2)) AS mrr, churned AS expected_churned_mrr,
                       contracted AS expected_contracted_mrr
                FROM VALUES ('A', 100, 10D, 5D), ('B', 300, 30D, 0D), ('G', 1000, 990D, 20D)
                  AS t(account_id, mrr, churned, contracted)""");
        Map<String, Row> kpis = kpis(null, risk);
        assertMoney("40.00", kpis.get("smb"), "forecast_churned_mrr_90d");
        // (100 - 10 - 5) + (300 - 30) = 355 of 400; G keeps greatest(0, 1000 - 990 - 20) = 0 of 1000
        assertRatio(355.0 / 400, kpis.get("smb"), "forecast_grr_90d");
        assertRatio(0.0, kpis.get("enterprise"), "forecast_grr_90d");
        assertRatio(355.0 / 1400, kpis.get("all"), "forecast_grr_90d");
        assertMoney("1030.00", kpis.get("all"), "forecast_churned_mrr_90d");
    }
}
