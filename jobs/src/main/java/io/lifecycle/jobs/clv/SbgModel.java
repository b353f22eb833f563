package io.lifecycle.jobs.clv;

import java.io.Serializable;
import java.util.List;
import java.util.Optional;
import org.apache.commons.math3.special.Beta;

/**
 * Shifted-beta-geometric (sBG) model of contract renewal, Fader &amp; Hardie (2007), "How to
 * Project Customer Retention", Journal of Interactive Marketing 21(1). Each customer churns at the
 * end of any period with a constant probability θ, and θ ~ Beta(α, β) across customers, so the
 * cohort's retention rate rises over time as the churn-prone leave.
 *
 * <p>Periods: a cohort is acquired at the start of period 0 and each later period starts with a
 * renewal decision. T ∈ {1, 2, …} is the first period the customer does not renew for, so a
 * customer is alive at the start of period t exactly when T &gt; t, which has probability S(t).
 */
public final class SbgModel implements Serializable {
    private static final long serialVersionUID = 1L;
    /** From this discount rate per period on (≤ 37,000 terms), DERL is summed directly rather than through 2F1. */
    private static final double DIRECT_SUM_MIN_RATE = 1e-3;

    private final double alpha;
    private final double beta;
    private final FitResult fit;

    /** A model with known parameters, e.g. read back from a stored fit. */
    public SbgModel(double alpha, double beta) {
        this(alpha, beta, null);
    }

    private SbgModel(double alpha, double beta, FitResult fit) {
        if (!(alpha > 0) || !(beta > 0) || Double.isInfinite(alpha) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("sBG needs finite alpha > 0 and beta > 0, got alpha=" + alpha + ", beta=" + beta);
        }
        this.alpha = alpha;
        this.beta = beta;
        this.fit = fit;
    }

    public static SbgModel fit(long[] alive) {
        return fit(alive, ClvInputs.DEFAULT_MIN_CUSTOMERS);
    }

    /**
     * Maximum-likelihood fit to the number of cohort members alive at the start of periods 0..n
     * (alive[0] is the cohort size); those still alive at the start of period n are right-censored.
     */
    public static SbgModel fit(long[] alive, int minCustomers) {
        ClvInputs.survivalCounts(alive, minCustomers);
        long[] counts = alive.clone();
        // First-period churn is α/(α+β); start at α = 1 with β matching it, then try elsewhere.
        double churn1 = Math.min(0.99, Math.max(0.01, 1 - (double) counts[1] / counts[0]));
        double beta0 = (1 - churn1) / churn1;
        List<double[]> starts = List.of(new double[] {1, beta0}, new double[] {0.5, 2}, new double[] {3, 3 * beta0});
        FitResult result = LogScaleMaximumLikelihood.maximise(List.of("alpha", "beta"),
                p -> logLikelihood(p[0], p[1], counts), starts);
        return new SbgModel(result.estimate("alpha"), result.estimate("beta"), result);
    }

    /**
     * Fit to several cohorts observed for different numbers of periods (e.g. one per acquisition month):
     * each cohort's counts of customers alive at the start of periods 0..n_c; the log-likelihood is the
     * sum over cohorts, each right-censored at its own last period.
     */
    public static SbgModel fitCohorts(List<long[]> aliveByCohort, int minCustomers) {
        if (aliveByCohort == null || aliveByCohort.isEmpty()) {
            throw new ClvInputException("sBG: no cohorts given");
        }
        int periods = 0;
        for (long[] alive : aliveByCohort) {
            ClvInputs.survivalCounts(alive, 1);
            periods = Math.max(periods, alive.length);
        }
        long[] churned = new long[periods];
        long[] censored = new long[periods];
        for (long[] alive : aliveByCohort) {
            int n = alive.length - 1;
            for (int t = 1; t <= n; t++) {
                churned[t] += alive[t - 1] - alive[t];
            }
            censored[n] += alive[n];
        }
        return fitCensored(churned, censored, minCustomers);
    }

    /**
     * Fit to individually right-censored customers, the sufficient statistics of any mix of cohorts:
     * churned[t] customers were lost at the renewal of period t (alive at the start of period t−1, not of
     * t; churned[0] must be 0), censored[t] were last observed alive at the start of period t.
     * LL(α, β) = Σ_t churned[t] · ln P(T = t) + censored[t] · ln S(t).
     */
    public static SbgModel fitCensored(long[] churned, long[] censored, int minCustomers) {
        long customers = ClvInputs.censoredSurvival(churned, censored, minCustomers);
        long[] lost = churned.clone();
        long[] kept = censored.clone();
        long atRiskInPeriod1 = customers - kept[0];
        double churn1 = atRiskInPeriod1 == 0 ? 0.5 : Math.min(0.99, Math.max(0.01, (double) lost[1] / atRiskInPeriod1));
        double beta0 = (1 - churn1) / churn1;
        List<double[]> starts = List.of(new double[] {1, beta0}, new double[] {0.5, 2}, new double[] {3, 3 * beta0});
        FitResult result = LogScaleMaximumLikelihood.maximise(List.of("alpha", "beta"),
                p -> censoredLogLikelihood(p[0], p[1], lost, kept), starts);
        return new SbgModel(result.estimate("alpha"), result.estimate("beta"), result);
    }

    static double censoredLogLikelihood(double alpha, double beta, long[] churned, long[] censored) {
        double logB = Beta.logBeta(alpha, beta);
        double ll = 0;
        for (int t = 0; t < churned.length; t++) {
            if (t > 0 && churned[t] > 0) {
                ll += churned[t] * (Beta.logBeta(alpha + 1, beta + t - 1) - logB);
            }
            if (censored[t] > 0) {
                ll += censored[t] * (Beta.logBeta(alpha, beta + t) - logB);
            }
        }
        return ll;
    }

    /**
     * LL(α, β) = Σ_{t=1..n} (alive[t−1] − alive[t]) · ln P(T = t) + alive[n] · ln S(n)
     * (Fader &amp; Hardie 2007, the sBG log-likelihood): churners in each period plus the
     * censored survivors.
     */
    static double logLikelihood(double alpha, double beta, long[] alive) {
        int n = alive.length - 1;
        double logB = Beta.logBeta(alpha, beta);
        double ll = 0;
        for (int t = 1; t <= n; t++) {
            long churned = alive[t - 1] - alive[t];
            if (churned > 0) {
                ll += churned * (Beta.logBeta(alpha + 1, beta + t - 1) - logB);
            }
        }
        if (alive[n] > 0) {
            ll += alive[n] * (Beta.logBeta(alpha, beta + n) - logB);
        }
        return ll;
    }

    public double alpha() {
        return alpha;
    }

    public double beta() {
        return beta;
    }

    /** The fit that produced this model; empty when it was built from known parameters. */
    public Optional<FitResult> fitResult() {
        return Optional.ofNullable(fit);
    }

    /** P(T = t | α, β) = B(α+1, β+t−1) / B(α, β), t ≥ 1 (FH 2007): lost at the renewal of period t. */
    public double churnProbability(int t) {
        requirePeriod(t, 1);
        return Math.exp(Beta.logBeta(alpha + 1, beta + t - 1) - Beta.logBeta(alpha, beta));
    }

    /** S(t | α, β) = B(α, β+t) / B(α, β), t ≥ 0 (FH 2007): the share of the cohort alive at the start of period t. */
    public double survival(int t) {
        requirePeriod(t, 0);
        return Math.exp(Beta.logBeta(alpha, beta + t) - Beta.logBeta(alpha, beta));
    }

    /** r(t) = S(t)/S(t−1) = (β+t−1) / (α+β+t−1), t ≥ 1 (FH 2007): the retention rate from period t−1 to t. */
    public double retentionRate(int t) {
        requirePeriod(t, 1);
        return (beta + t - 1) / (alpha + beta + t - 1);
    }

    /**
     * Expected lifetime of a new customer in periods, E[T] = Σ_{t≥0} S(t) = (α+β−1)/(α−1);
     * +∞ when α ≤ 1 (the Beta mass near θ = 0 makes the mean infinite).
     */
    public double expectedLifetime() {
        return alpha > 1 ? (alpha + beta - 1) / (alpha - 1) : Double.POSITIVE_INFINITY;
    }

    /**
     * Expected number of further renewals of a customer who has renewed n times,
     * Σ_{t&gt;n} S(t)/S(n) = (β+n)/(α−1) (Gauss's theorem applied to the DERL series at d = 0);
     * +∞ when α ≤ 1.
     */
    public double expectedResidualLifetime(int n) {
        requirePeriod(n, 0);
        return alpha > 1 ? (beta + n) / (alpha - 1) : Double.POSITIVE_INFINITY;
    }

    /**
     * Discounted expected residual lifetime of a customer who has renewed n times, Fader &amp; Hardie
     * (2010), "Customer-Base Valuation in a Contractual Setting: The Perils of Ignoring
     * Heterogeneity", Marketing Science 29(1):
     * DERL(d | α, β, n) = (β+n)/(α+β+n) · 2F1(1, β+n+1; α+β+n+1; 1/(1+d))
     * = Σ_{t&gt;n} S(t)/S(n) · (1+d)^−(t−n−1): the next renewal (at the start of period n+1) is
     * undiscounted, each later one discounted one more period. Multiply by the per-period payment
     * to get the residual value.
     *
     * @param d discount rate per period, d ≥ 0 (d = 0 gives {@link #expectedResidualLifetime(int)})
     */
    public double discountedExpectedResidualLifetime(double d, int n) {
        requirePeriod(n, 0);
        if (!(d >= 0) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("DERL needs a finite discount rate d >= 0, got " + d);
        }
        if (d == 0) {
            return expectedResidualLifetime(n);
        }
        if (d >= DIRECT_SUM_MIN_RATE) {
            return discountedSurvivalSum(d, n);
        }
        return (beta + n) / (alpha + beta + n) * Hypergeometric.gauss2F1(1, beta + n + 1, alpha + beta + n + 1, 1 / (1 + d));
    }

    /**
     * DERL summed term by term: term k = Π_{i=n..n+k} (β+i)/(α+β+i) · (1+d)^−k shrinks at least as fast as
     * (1+d)^−k, so about 37/d terms reach double precision whatever α and β are — unlike the 2F1 series, which
     * crawls when a fit puts β in the millions (churn nearly the same for everyone).
     */
    private double discountedSurvivalSum(double d, int n) {
        double sum = 0;
        double term = 1;
        for (long k = 0; k < 100_000_000L; k++) {
            term *= (beta + n + k) / (alpha + beta + n + k);
            if (k > 0) {
                term /= 1 + d;
            }
            sum += term;
            if (term < 1e-16 * sum) {
                return sum;
            }
        }
        throw new ArithmeticException("DERL did not converge for " + this + " at d = " + d);
    }

    private static void requirePeriod(int t, int min) {
        if (t < min) {
            throw new IllegalArgumentException("Period must be >= " + min + ", got " + t);
        }
    }

    @Override
    public String toString() {
        return "SbgModel[alpha=" + alpha + ", beta=" + beta + "]";
    }
}
