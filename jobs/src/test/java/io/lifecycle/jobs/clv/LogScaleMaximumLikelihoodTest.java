package io.lifecycle.jobs.clv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LogScaleMaximumLikelihoodTest {
    /** Exponential sample: λ̂ = n/Σy with se(λ̂) = λ̂/√n, the delta-method result on the log scale. */
    @Test
    void recoversAClosedFormEstimateAndItsStandardError() {
        double[] y = new double[200];
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            y[i] = -Math.log((i + 0.5) / y.length) / 2.5;
            sum += y[i];
        }
        double total = sum;
        FitResult fit = LogScaleMaximumLikelihood.maximise(List.of("lambda"),
                p -> y.length * Math.log(p[0]) - p[0] * total, List.of(new double[] {100}));
        double lambda = y.length / total;
        assertTrue(fit.converged(), fit::toString);
        assertEquals(lambda, fit.estimate("lambda"), 1e-7 * lambda);
        assertEquals(lambda / Math.sqrt(y.length), fit.standardError("lambda"), 1e-5 * lambda);
        assertEquals(y.length * Math.log(lambda) - y.length, fit.logLikelihood(), 1e-9);
    }

    /** An unbounded likelihood (maximum at λ → ∞) is reported as not converged rather than as an estimate. */
    @Test
    void flagsARunawayEstimate() {
        FitResult fit = LogScaleMaximumLikelihood.maximise(List.of("lambda"),
                p -> Math.log(p[0]) - 1e-12 * p[0], List.of(new double[] {1}));
        assertTrue(!fit.converged(), fit::toString);
    }
}
