package io.lifecycle.jobs.marts;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.util.Set;

/** gold.renewal_briefs on {@link TinyMarts}: who gets a brief, growth since the start, health and risk flags. */
class RenewalBriefsTest {
    private static Map<String, Row> briefs;

    @BeforeAll
    static void compute() {
        briefs = briefs(null);
    }

    private static Map<String, Row> briefs(Dataset<Row> expansion) {
        Map<String, Row> byAccount = new HashMap<>();
        for (Row r : RenewalBriefs.of(TinyMarts.inputs(expansion), TinyMarts.keyFeatures()).collectAsList()) {
            byAccount.put(r.getAs("account_id"), r);
        }
        return byAccount;
    }

    @Test
    void activeAccountsRenewingWithinNinetyDaysOnly() {
        assertEquals(Set.of("B", "C"), briefs.keySet(), "G renews in 91 days, E is not active");
        assertEquals(Date.valueOf("2025-07-15"), briefs.get("B").getAs("renewal_date"));
        assertEquals(90, briefs.get("C").<Integer>getAs("days_to_renewal"));
    }

    @Test
    void growthSinceTheFirstTermAndSinceOnboarding() {
        Row b = briefs.get("B");
        assertEquals(new BigDecimal("200.00"), b.getAs("first_term_mrr"));
        assertEquals(10, b.<Integer>getAs("first_term_seats"));
        assertEquals(0.5, b.<Double>getAs("mrr_growth_since_first_term"), 1e-12);
        assertEquals(0.5, b.<Double>getAs("seat_growth_since_first_term"), 1e-12);
        assertEquals(50L, b.<Long>getAs("onboarding_events_30d"));
        assertEquals(3.0, b.<Double>getAs("usage_growth_since_onboarding"), 1e-12);
        assertEquals(1L, b.<Long>getAs("onboarding_key_features_30d"), "x9 is not a key feature, f2 came later");
        assertEquals(2, b.<Integer>getAs("key_features_used_30d"));
        assertEquals(1.0, b.<Double>getAs("adoption_growth_since_onboarding"), 1e-12);
        Row c = briefs.get("C");
        assertEquals(-0.2, c.<Double>getAs("mrr_growth_since_first_term"), 1e-12);
        assertEquals(0L, c.<Long>getAs("onboarding_events_30d"));
        assertNull(c.getAs("usage_growth_since_onboarding"), "no onboarding usage: no growth (not a division by zero)");
    }

    @Test
    void healthTrendValueAndRiskFlags() {
        Row b = briefs.get("B");
        assertEquals(40.0, b.<Double>getAs("health_score"), 1e-12);
        assertEquals(-15.0, b.<Double>getAs("health_change_90d"), 1e-12);
        assertEquals(new BigDecimal("3000.00"), b.getAs("residual_clv"));
        assertEquals(2L, b.<Long>getAs("open_urgent_tickets"));
        assertEquals(List.of("red_health", "failed_payments", "open_urgent_tickets"), b.getList(b.fieldIndex("risk_flags")));
        assertTrue(b.<Boolean>getAs("risk_red_health"));
        assertFalse(b.<Boolean>getAs("risk_dormant"));
        Row c = briefs.get("C");
        assertEquals(List.of("dormant"), c.getList(c.fieldIndex("risk_flags")), "C's urgent ticket opens after D");
        assertEquals(0L, c.<Long>getAs("open_urgent_tickets"));
    }

    @Test
    void expansionPropensityIsNullWithoutTheExpansionTableAndReadWithIt() {
        assertNull(briefs.get("B").getAs("expansion_propensity"));
        Dataset<Row> expansion = TinyMarts.SPARK.sql("""
                SELECT DATE'2025-06-30' AS snapshot_date, 'B' AS account_id, CAST(5 AS DECIMAL(18,2)) AS expected_expansion_mrr,
                       0.7D AS propensity""");
        Map<String, Row> with = briefs(expansion);
        assertEquals(0.7, with.get("B").<Double>getAs("expansion_propensity"), 1e-12);
        assertNull(with.get("C").getAs("expansion_propensity"));
    }

    @Test
    void churnProbabilityIsNullWithoutTheChurnTableAndReadWithIt() {
        assertNull(briefs.get("B").getAs("churn_probability"));
        assertNull(briefs.get("B").getAs("expected_churned_mrr"));
        Dataset<Row> risk = TinyMarts.SPARK.sql("""
                SELECT DATE'2025-06-30' AS snapshot_date, 'B' AS account_id, 0.25D AS churn_probability,
                       12.5D AS expected_churned_mrr""");
        Map<String, Row> with = new HashMap<>();
        for (Row r : RenewalBriefs.of(TinyMarts.inputs(null, risk), TinyMarts.keyFeatures()).collectAsList()) {
            with.put(r.getAs("account_id"), r);
        }
        assertEquals(0.25, with.get("B").<Double>getAs("churn_probability"), 1e-12);
        assertEquals(12.5, with.get("B").<Double>getAs("expected_churned_mrr"), 1e-12);
        assertNull(with.get("C").getAs("churn_probability"));
    }
}
