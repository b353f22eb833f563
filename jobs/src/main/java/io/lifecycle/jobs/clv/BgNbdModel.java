package io.lifecycle.jobs.clv;

import java.io.Serializable;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.special.Gamma;

/**
 * BG/NBD model of repeat purchasing, Fader, Hardie &amp; Lee (2005), "Counting Your Customers the
 * Easy Way: An Alternative to the Pareto/NBD Model", Marketing Science 24(2). While alive a
 * customer buys as a Poisson process with rate λ ~ Gamma(r, α); after each purchase she drops out
 * with probability p ~ Beta(a, b).
 *
 * <p>Per customer: x = number of repeat purchases (frequency), t_x = time of the last of them
 * (recency, 0 when x = 0), T = time since the first purchase (age), all in the same unit.
 */
public final class BgNbdModel implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Within this distance of a = 1 the (a+b−1)/(a−1) factor of eqs. (9)–(10) is evaluated as a limit. */
    private static final double A_NEAR_ONE = 1e-6;

    private final double r;
    private final double alpha;
    private final double a;
    private final double b;
    private final FitResult fit;

    /** A model with known parameters, e.g. read back from a stored fit. */
    public BgNbdModel(double r, double alpha, double a, double b) {
        this(r, alpha, a, b, null);
    }

    private BgNbdModel(double r, double alpha, double a, double b, FitResult fit) {
        for (double v : new double[] {r, alpha, a, b}) {
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("BG/NBD needs finite positive parameters, got r=" + r
                        + ", alpha=" + alpha + ", a=" + a + ", b=" + b);
            }
        }
        this.r = r;
        this.alpha = alpha;
        this.a = a;
        this.b = b;
        this.fit = fit;
    }

    public static BgNbdModel fit(int[] frequency, double[] recency, double[] age) {
        return fit(frequency, recency, age, ClvInputs.DEFAULT_MIN_CUSTOMERS);
    }

    /** Maximum-likelihood fit of (r, α, a, b) to one row per customer. */
    public static BgNbdModel fit(int[] frequency, double[] recency, double[] age, int minCustomers) {
        ClvInputs.repeatPurchases(frequency, recency, age, minCustomers);
        return fit(RepeatPurchaseHistories.of(frequency, recency, age));
    }

    /**
     * Maximum-likelihood fit to sufficient statistics: row i is a distinct history (x, t_x, T) shared by
     * {@code customers[i]} customers, so the cost grows with the number of distinct histories, not customers.
     */
    public static BgNbdModel fitWeighted(int[] frequency, double[] recency, double[] age, double[] customers,
                                         int minCustomers) {
        ClvInputs.weightedRepeatPurchases(frequency, recency, age, customers, minCustomers);
        return fit(RepeatPurchaseHistories.weighted(frequency, recency, age, customers));
    }

    private static BgNbdModel fit(RepeatPurchaseHistories data) {
        // Gamma(r, α) has mean r/α: start with r = 1 and α matching the observed purchase rate.
        double alpha0 = data.totalAge() / Math.max(1, data.totalFrequency());
        List<double[]> starts = List.of(new double[] {1, alpha0, 1, 1}, new double[] {0.5, alpha0 / 2, 0.5, 2},
                new double[] {2, 2 * alpha0, 2, 5});
        FitResult result = LogScaleMaximumLikelihood.maximise(List.of("r", "alpha", "a", "b"),
                p -> logLikelihood(p[0], p[1], p[2], p[3], data), starts);
        double[] e = result.estimates();
        return new BgNbdModel(e[0], e[1], e[2], e[3], result);
    }

    /**
     * FHL (2005) eq. (6): L(r, α, a, b | x, t_x, T) = A1 · A2 · (A3 + δ_{x&gt;0} A4) with
     * A1 = Γ(r+x) α^r / Γ(r), A2 = Γ(a+b) Γ(b+x) / (Γ(b) Γ(a+b+x)), A3 = (α+T)^−(r+x),
     * A4 = a/(b+x−1) · (α+t_x)^−(r+x); summed in logs over customers (weighted by duplicates).
     */
    static double logLikelihood(double r, double alpha, double a, double b, RepeatPurchaseHistories data) {
        // ln A1 + ln A2 and ln(a/(b+x−1)) depend on x only: computed once per frequency, not per row.
        int maxX = data.maxFrequency();
        double[] lnA12 = new double[maxX + 1];
        double[] lnA4Factor = new double[maxX + 1];
        double base = -Gamma.logGamma(r) + r * Math.log(alpha) + Gamma.logGamma(a + b) - Gamma.logGamma(b);
        double lnA = Math.log(a);
        for (int x = 0; x <= maxX; x++) {
            lnA12[x] = base + Gamma.logGamma(r + x) + Gamma.logGamma(b + x) - Gamma.logGamma(a + b + x);
            lnA4Factor[x] = x > 0 ? lnA - Math.log(b + x - 1) : 0;
        }
        double ll = 0;
        for (int i = 0; i < data.size(); i++) {
            int x = data.frequency(i);
            double rx = r + x;
            double lnA3 = -rx * Math.log(alpha + data.age(i));
            double lnA34 = lnA3;
            if (x > 0) {
                double lnA4 = lnA4Factor[x] - rx * Math.log(alpha + data.recency(i));
                double hi = Math.max(lnA3, lnA4);
                lnA34 = hi + Math.log1p(Math.exp(Math.min(lnA3, lnA4) - hi));
            }
            ll += data.weight(i) * (lnA12[x] + lnA34);
        }
        return ll;
    }

    public double r() {
        return r;
    }

    public double alpha() {
        return alpha;
    }

    public double a() {
        return a;
    }

    public double b() {
        return b;
    }

    /** The fit that produced this model; empty when it was built from known parameters. */
    public Optional<FitResult> fitResult() {
        return Optional.ofNullable(fit);
    }

    /**
     * P(alive | x, t_x, T) = 1 / (1 + δ_{x&gt;0} · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)), Fader, Hardie
     * &amp; Lee (2008), "Computing P(alive) Using the BG/NBD Model". A customer without a repeat
     * purchase has had no chance to drop out, so P(alive) = 1.
     */
    public double probabilityAlive(int frequency, double recency, double age) {
        ClvInputs.repeatPurchase("the customer", frequency, recency, age);
        if (frequency == 0) {
            return 1;
        }
        double logOdds = Math.log(a / (b + frequency - 1)) + (r + frequency) * Math.log((alpha + age) / (alpha + recency));
        return 1 / (1 + Math.exp(logOdds));
    }

    /**
     * Expected repeat purchases in (T, T+t] given the history, FHL (2005) eq. (10):
     * E[Y(t) | x, t_x, T] = (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) · 2F1(r+x, b+x; a+b+x−1; t/(α+T+t))]
     * / (1 + δ_{x&gt;0} · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)).
     */
    public double conditionalExpectedPurchases(double t, int frequency, double recency, double age) {
        ClvInputs.repeatPurchase("the customer", frequency, recency, age);
        requireHorizon(t);
        int x = frequency;
        double z = t / (alpha + age + t);
        double conditional = limitAtUnitA(aa -> (aa + b + x - 1) / (aa - 1)
                * (1 - Math.pow((alpha + age) / (alpha + age + t), r + x) * Hypergeometric.gauss2F1(r + x, b + x, aa + b + x - 1, z)));
        double denominator = 1;
        if (x > 0) {
            denominator += a / (b + x - 1) * Math.pow((alpha + age) / (alpha + recency), r + x);
        }
        return conditional / denominator;
    }

    /**
     * Expected repeat purchases of a new customer in (0, t], FHL (2005) eq. (9):
     * E[X(t)] = (a+b−1)/(a−1) · [1 − (α/(α+t))^r · 2F1(r, b; a+b−1; t/(α+t))].
     */
    public double expectedPurchases(double t) {
        requireHorizon(t);
        double z = t / (alpha + t);
        return limitAtUnitA(aa -> (aa + b - 1) / (aa - 1)
                * (1 - Math.pow(alpha / (alpha + t), r) * Hypergeometric.gauss2F1(r, b, aa + b - 1, z)));
    }

    /** f(a), or, when a is within A_NEAR_ONE of 1 where f has a removable 0/0, the mean of f at 1 ± A_NEAR_ONE. */
    private double limitAtUnitA(DoubleUnaryOperator f) {
        if (Math.abs(a - 1) >= A_NEAR_ONE) {
            return f.applyAsDouble(a);
        }
        return (f.applyAsDouble(1 - A_NEAR_ONE) + f.applyAsDouble(1 + A_NEAR_ONE)) / 2;
    }

    private static void requireHorizon(double t) {
        if (!(t >= 0) || Double.isInfinite(t)) {
            throw new IllegalArgumentException("The forecast horizon t must be finite and >= 0, got " + t);
        }
    }

    @Override
    public String toString() {
        return "BgNbdModel[r=" + r + ", alpha=" + alpha + ", a=" + a + ", b=" + b + "]";
    }
}
