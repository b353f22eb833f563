package io.lifecycle.jobs.clv;

import io.lifecycle.common.testing.ReferenceData;
import static io.lifecycle.jobs.clv.SignificantDigits.assertAgrees;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class BgNbdModelTest {
    /** The published CDNOW estimates (FHL 2005), used where a test needs a model rather than a fit. */
    private static final BgNbdModel PUBLISHED = new BgNbdModel(0.243, 4.414, 0.793, 2.426);

    private static int[] frequency;
    private static double[] recency;
    private static double[] age;
    private static BgNbdModel cdnow;

    @BeforeAll
    static void fitCdnow() {
        Map<String, double[]> c = ReferenceData.columns("cdnow_bgnbd.csv");
        frequency = ReferenceData.integers(c.get("frequency"));
        recency = c.get("recency");
        age = c.get("T");
        cdnow = BgNbdModel.fit(frequency, recency, age);
    }

    /** FHL (2005), CDNOW, weeks: r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9582.4. */
    @Test
    void reproducesPublishedEstimates() {
        FitResult fit = cdnow.fitResult().orElseThrow();
        assertEquals(2357, frequency.length);
        assertTrue(fit.converged(), fit::toString);
        assertAgrees(0.243, cdnow.r(), 3, "r");
        assertAgrees(4.414, cdnow.alpha(), 3, "alpha");
        assertAgrees(0.793, cdnow.a(), 3, "a");
        assertAgrees(2.426, cdnow.b(), 3, "b");
        assertEquals(-9582.4, fit.logLikelihood(), 0.05);
        for (String name : fit.names()) {
            double se = fit.standardError(name);
            assertTrue(Double.isFinite(se) && se > 0, name + " standard error " + se);
        }
    }

    /** The lifetimes documentation's BetaGeoFitter summary for this file: se = 0.012557, 0.378221, 0.185719, 0.705345. */
    @Test
    void standardErrorsMatchLifetimes() {
        FitResult fit = cdnow.fitResult().orElseThrow();
        assertEquals(0.012557, fit.standardError("r"), 0.01 * 0.012557);
        assertEquals(0.378221, fit.standardError("alpha"), 0.01 * 0.378221);
        assertEquals(0.185719, fit.standardError("a"), 0.01 * 0.185719);
        assertEquals(0.705345, fit.standardError("b"), 0.01 * 0.705345);
    }

    /** FHL (2005) worked example: customer 1 of CDNOW (x = 2, t_x = 30.43, T = 38.86) buys 1.226 times in the next 39 weeks. */
    @Test
    void reproducesThePublishedConditionalExpectation() {
        assertEquals(1.226, PUBLISHED.conditionalExpectedPurchases(39, 2, 30.43, 38.86), 0.0005);
    }

    @Test
    void customerWithoutRepeatPurchaseIsAliveAndExpectsFewerPurchasesTheLongerSheWasSilent() {
        assertEquals(1.0, cdnow.probabilityAlive(0, 0, 38.86));
        double previous = Double.POSITIVE_INFINITY;
        for (double t : new double[] {1, 5, 10, 20, 39, 78, 150}) {
            double expected = cdnow.conditionalExpectedPurchases(52, 0, 0, t);
            assertTrue(expected < previous && expected > 0, "E[Y(52) | x=0, T=" + t + "] = " + expected);
            previous = expected;
        }
    }

    @Test
    void probabilityAliveFallsWithTimeSinceTheLastPurchase() {
        double recent = cdnow.probabilityAlive(3, 38, 38.86);
        double lapsed = cdnow.probabilityAlive(3, 5, 38.86);
        assertTrue(recent > lapsed && lapsed > 0 && recent < 1, recent + " vs " + lapsed);
    }

    /** A customer with x = 0 observed for (almost) no time is a new customer: eq. (10) reduces to eq. (9). */
    @Test
    void conditionalExpectationOfANewCustomerIsTheUnconditionalOne() {
        for (double t : new double[] {1, 39, 78, 260}) {
            double unconditional = cdnow.expectedPurchases(t);
            assertEquals(unconditional, cdnow.conditionalExpectedPurchases(t, 0, 0, 1e-12), 1e-9 * unconditional, "t=" + t);
        }
        assertEquals(0, cdnow.expectedPurchases(0), 0);
        assertTrue(cdnow.expectedPurchases(78) > cdnow.expectedPurchases(39));
    }

    @Test
    void aNearOneIsEvaluatedAsTheLimit() {
        double below = new BgNbdModel(0.5, 4, 1 - 1e-4, 2).expectedPurchases(39);
        double at = new BgNbdModel(0.5, 4, 1, 2).expectedPurchases(39);
        double above = new BgNbdModel(0.5, 4, 1 + 1e-4, 2).expectedPurchases(39);
        assertTrue(Double.isFinite(at) && Math.abs(at - (below + above) / 2) < 1e-6, below + " " + at + " " + above);
    }

    @Test
    void rejectsBadHistoriesNamingTheCustomer() {
        assertMessage(() -> fitWith(7, -1, 0, 38.86), "customer 7 has negative frequency -1");
        assertMessage(() -> fitWith(8, 2, -0.5, 38.86), "customer 8 has negative or missing recency -0.5");
        assertMessage(() -> fitWith(9, 2, 40.0, 38.86), "customer 9 has recency 40.0 greater than age T = 38.86");
        assertMessage(() -> fitWith(10, 0, 3.0, 38.86), "customer 10 has frequency 0 but recency 3.0");
        assertMessage(() -> fitWith(11, 1, 0, 0), "customer 11 has age T = 0.0");
        assertMessage(() -> BgNbdModel.fit(new int[] {1, 2}, new double[] {1, 2}, new double[] {3, 3}),
                "BG/NBD: 2 customers, fewer than the configured minimum of 30");
        assertMessage(() -> BgNbdModel.fit(new int[] {1, 2}, new double[] {1}, new double[] {3, 3}), "frequency has 2 entries but recency has 1");
        assertMessage(() -> PUBLISHED.probabilityAlive(2, 50, 38.86), "the customer has recency 50.0 greater than age T = 38.86");
    }

    private static void fitWith(int index, int x, double tx, double t) {
        int n = 40;
        int[] f = Arrays.copyOf(frequency, n);
        double[] r = Arrays.copyOf(recency, n);
        double[] a = Arrays.copyOf(age, n);
        f[index] = x;
        r[index] = tx;
        a[index] = t;
        BgNbdModel.fit(f, r, a);
    }

    private static void assertMessage(Executable call, String expected) {
        ClvInputException e = assertThrows(ClvInputException.class, call);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
