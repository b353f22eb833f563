package io.lifecycle.jobs.clv;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Outcome of a maximum-likelihood fit: the estimates, their standard errors (square roots of the
 * diagonal of the inverse observed information, mapped from the log scale by the delta method;
 * NaN where the information matrix is not positive definite), the maximised log-likelihood and
 * how the optimiser got there.
 */
public final class FitResult implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<String> names;
    private final double[] estimates;
    private final double[] standardErrors;
    private final double logLikelihood;
    private final boolean converged;
    private final int iterations;
    private final int evaluations;

    public FitResult(List<String> names, double[] estimates, double[] standardErrors,
                     double logLikelihood, boolean converged, int iterations, int evaluations) {
        if (names.size() != estimates.length || names.size() != standardErrors.length) {
            throw new IllegalArgumentException("FitResult: " + names.size() + " names for "
                    + estimates.length + " estimates and " + standardErrors.length + " standard errors");
        }
        this.names = List.copyOf(names);
        this.estimates = estimates.clone();
        this.standardErrors = standardErrors.clone();
        this.logLikelihood = logLikelihood;
        this.converged = converged;
        this.iterations = iterations;
        this.evaluations = evaluations;
    }

    public List<String> names() {
        return names;
    }

    public double[] estimates() {
        return estimates.clone();
    }

    public double[] standardErrors() {
        return standardErrors.clone();
    }

    public double estimate(String name) {
        return estimates[indexOf(name)];
    }

    public double standardError(String name) {
        return standardErrors[indexOf(name)];
    }

    public double logLikelihood() {
        return logLikelihood;
    }

    /** True when the optimiser stopped on its tolerance, a restart found no better point and the information matrix is positive definite. */
    public boolean converged() {
        return converged;
    }

    /** Nelder–Mead iterations summed over all runs and restarts. */
    public int iterations() {
        return iterations;
    }

    /** Log-likelihood evaluations summed over all runs and restarts. */
    public int evaluations() {
        return evaluations;
    }

    private int indexOf(String name) {
        int i = names.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("No parameter '" + name + "'; parameters are " + names);
        }
        return i;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            s.append(String.format(Locale.ROOT, "%s=%.4f (se %.4f), ", names.get(i), estimates[i], standardErrors[i]));
        }
        return s.append(String.format(Locale.ROOT, "logLik=%.4f, converged=%s, iterations=%d, evaluations=%d",
                logLikelihood, converged, iterations, evaluations)).toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FitResult f && names.equals(f.names) && Arrays.equals(estimates, f.estimates)
                && Arrays.equals(standardErrors, f.standardErrors) && logLikelihood == f.logLikelihood
                && converged == f.converged && iterations == f.iterations && evaluations == f.evaluations;
    }

    @Override
    public int hashCode() {
        return 31 * names.hashCode() + Arrays.hashCode(estimates);
    }
}
