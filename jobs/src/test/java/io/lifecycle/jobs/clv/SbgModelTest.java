package io.lifecycle.jobs.clv;

import io.lifecycle.common.testing.ReferenceData;
import static io.lifecycle.jobs.clv.SignificantDigits.assertAgrees;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SbgModelTest {
    private static SbgModel regular;

    @BeforeAll
    static void fitRegularCohort() {
        double[] alive = ReferenceData.columns("sbg_regular.csv").get("alive");
        long[] counts = new long[alive.length];
        for (int t = 0; t < alive.length; t++) {
            counts[t] = Math.round(alive[t]);
        }
        regular = SbgModel.fit(counts);
    }

    /** Fader & Hardie (2007): α = 0.704, β = 1.182 for the "regular" customers, years 0–7. */
    @Test
    void reproducesPublishedEstimates() {
        FitResult fit = regular.fitResult().orElseThrow();
        assertTrue(fit.converged(), fit::toString);
        assertAgrees(0.704, regular.alpha(), 3, "alpha");
        assertAgrees(1.182, regular.beta(), 3, "beta");
        for (String name : fit.names()) {
            double se = fit.standardError(name);
            assertTrue(Double.isFinite(se) && se > 0, name + " standard error " + se);
        }
    }

    /** Years 8–12 are the paper's holdout: the projection stays within half a percentage point, as its Figure shows. */
    @Test
    void projectsTheHoldoutYears() {
        Map<String, double[]> actual = ReferenceData.columns("sbg_survival_13_years.csv");
        double[] years = actual.get("year");
        double[] pct = actual.get("regular_pct_alive");
        for (int i = 0; i < years.length; i++) {
            int year = (int) years[i];
            if (year >= 8) {
                assertEquals(pct[i], 100 * regular.survival(year), 0.5, "year " + year);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"0.704, 1.182", "3.8, 15.2", "0.2, 0.05"})
    void survivalIsTheProductOfRetentionRates(double alpha, double beta) {
        SbgModel m = new SbgModel(alpha, beta);
        double product = 1;
        assertEquals(1, m.survival(0), 1e-15);
        for (int t = 1; t <= 40; t++) {
            product *= m.retentionRate(t);
            assertEquals(product, m.survival(t), 1e-12 * product, "S(" + t + ")");
            assertEquals(m.survival(t - 1) - m.survival(t), m.churnProbability(t), 1e-12, "P(T=" + t + ")");
        }
    }

    /** DERL (Fader & Hardie 2010) against Σ_{t>n} S(t)/S(n) (1+d)^−(t−n−1), truncated where the tail is below 1e-12. */
    @ParameterizedTest
    @CsvSource({"0.704, 1.182, 0.10, 0", "0.704, 1.182, 0.10, 4", "3.8, 15.2, 0.10, 0", "0.4, 0.9, 0.05, 10", "1.3, 2.2, 0.5, 2"})
    void derlMatchesTheDiscountedSurvivalSum(double alpha, double beta, double d, int n) {
        SbgModel m = new SbgModel(alpha, beta);
        double sum = 0;
        double conditionalSurvival = 1;
        for (int t = n + 1; t <= n + 5_000; t++) {
            conditionalSurvival *= m.retentionRate(t);
            sum += conditionalSurvival * Math.pow(1 + d, -(t - n - 1));
        }
        assertEquals(sum, m.discountedExpectedResidualLifetime(d, n), 1e-10 * sum);
    }

    @Test
    void undiscountedResidualLifetimeIsFiniteOnlyForAlphaAboveOne() {
        SbgModel m = new SbgModel(3, 2);
        double sum = 0;
        double conditionalSurvival = 1;
        int n = 3;
        for (int t = n + 1; t <= n + 200_000; t++) {
            conditionalSurvival *= m.retentionRate(t);
            sum += conditionalSurvival;
        }
        assertEquals(sum, m.expectedResidualLifetime(n), 1e-6);
        assertEquals((3 + 2 - 1) / (3.0 - 1), m.expectedLifetime(), 1e-15);
        assertEquals(m.expectedResidualLifetime(n), m.discountedExpectedResidualLifetime(0, n), 0);
        assertEquals(Double.POSITIVE_INFINITY, regular.expectedLifetime());
        assertEquals(Double.POSITIVE_INFINITY, regular.expectedResidualLifetime(2));
    }

    @Test
    void rejectsBadSurvivalCounts() {
        assertMessage(new long[] {1000, 631, 640, 382}, "period 2 has 640 customers alive, more than the 631 alive in period 1");
        assertMessage(new long[] {1000, -5}, "period 1 has a negative alive count -5");
        assertMessage(new long[] {1000}, "at least periods 0 and 1");
        assertMessage(new long[] {20, 12, 9}, "20 customers, fewer than the configured minimum of 30");
        ClvInputException custom = assertThrows(ClvInputException.class, () -> SbgModel.fit(new long[] {400, 300}, 500));
        assertTrue(custom.getMessage().contains("minimum of 500"), custom.getMessage());
    }

    private static void assertMessage(long[] alive, String expected) {
        ClvInputException e = assertThrows(ClvInputException.class, () -> SbgModel.fit(alive));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
