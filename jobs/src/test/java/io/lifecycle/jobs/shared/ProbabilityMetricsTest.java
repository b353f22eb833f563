package io.lifecycle.jobs.shared;

import io.lifecycle.jobs.shared.ProbabilityMetrics.CalibrationBin;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every metric against values computed by hand. */
class ProbabilityMetricsTest {
    private static final double[] P = {0.9, 0.8, 0.7, 0.6, 0.2, 0.1};
    private static final boolean[] Y = {true, false, true, false, false, true};

    @Test
    void averagePrecisionByHand() {
        // ranks: 0.9 y (P=1/1), 0.8 n, 0.7 y (P=2/3), 0.6 n, 0.2 n, 0.1 y (P=3/6); AP = (1 + 2/3 + 1/2) / 3
        assertEquals((1 + 2.0 / 3 + 0.5) / 3, ProbabilityMetrics.averagePrecision(P, Y), 1e-12);
        // all tied: one step at precision P/N
        assertEquals(0.5, ProbabilityMetrics.averagePrecision(new double[] {0.3, 0.3, 0.3, 0.3},
                new boolean[] {true, false, true, false}), 1e-12);
        assertEquals(Double.NaN, ProbabilityMetrics.averagePrecision(new double[] {0.3}, new boolean[] {false}));
    }

    @Test
    void brierByHand() {
        // (0.01 + 0.64 + 0.09 + 0.36 + 0.04 + 0.81) / 6
        assertEquals(1.95 / 6, ProbabilityMetrics.brier(P, Y), 1e-12);
    }

    @Test
    void calibrationTableAndEceByHand() {
        List<CalibrationBin> table = ProbabilityMetrics.calibration(P, Y, 2);
        // [0, 0.5): 0.2 n, 0.1 y -> mean 0.15, rate 0.5; [0.5, 1]: 0.9 y, 0.8 n, 0.7 y, 0.6 n -> mean 0.75, rate 0.5
        assertEquals(2, table.get(0).accounts());
        assertEquals(0.15, table.get(0).meanPredicted(), 1e-12);
        assertEquals(0.5, table.get(0).observedRate(), 1e-12);
        assertEquals(0.5, table.get(0).upper(), 1e-12);
        assertEquals(2, table.size());
        assertEquals(4, table.get(1).accounts());
        assertEquals(0.75, table.get(1).meanPredicted(), 1e-12);
        // ECE = 2/6 x |0.15 - 0.5| + 4/6 x |0.75 - 0.5|
        assertEquals(2.0 / 6 * 0.35 + 4.0 / 6 * 0.25, ProbabilityMetrics.ece(table, 6), 1e-12);
        // p = 1.0 falls in the last bin; an empty bin has no mean
        List<CalibrationBin> edge = ProbabilityMetrics.calibration(new double[] {1.0}, new boolean[] {true}, 4);
        assertEquals(1, edge.get(3).accounts());
        assertNull(edge.get(0).meanPredicted());
    }

    @Test
    void summaryUsesTheHealthRocAucAndLeavesUndefinedMetricsNull() {
        ProbabilityMetrics.Summary s = ProbabilityMetrics.of(P, Y, 10);
        // positives 0.9, 0.7, 0.1 vs negatives 0.8, 0.6, 0.2: pairs won 3 + 2 + 0 = 5 of 9
        assertEquals(5.0 / 9, s.rocAuc(), 1e-12);
        assertEquals(3, s.events());
        ProbabilityMetrics.Summary none = ProbabilityMetrics.of(new double[] {0.2, 0.4}, new boolean[] {false, false}, 10);
        assertNull(none.rocAuc());
        assertNull(none.prAuc());
        assertEquals(0.1, none.brier(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> ProbabilityMetrics.brier(new double[] {1.2}, new boolean[] {true}));
    }
}
