package io.lifecycle.jobs.clv;

import java.io.Serializable;
import java.util.List;
import java.util.Optional;
import org.apache.commons.math3.special.Gamma;
import java.util.Arrays;

/**
 * Gamma-Gamma model of spend per transaction, Fader, Hardie &amp; Lee (2005), "RFM and CLV: Using
 * Iso-Value Curves for Customer Base Analysis", Journal of Marketing Research 42(4). A customer's
 * transaction values are Gamma(p, ν), and ν ~ Gamma(q, γ) across customers; spend is assumed
 * independent of the purchase process, so it pairs with {@link BgNbdModel} for CLV.
 *
 * <p>Per customer: x = number of repeat transactions (≥ 1) and m_x = their mean value.
 */
public final class GammaGammaModel implements Serializable {
    private static final long serialVersionUID = 1L;

    private final double p;
    private final double q;
    private final double gamma;
    private final FitResult fit;

    /** A model with known parameters, e.g. read back from a stored fit. */
    public GammaGammaModel(double p, double q, double gamma) {
        this(p, q, gamma, null);
    }

    private GammaGammaModel(double p, double q, double gamma, FitResult fit) {
        for (double v : new double[] {p, q, gamma}) {
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("Gamma-Gamma needs finite positive parameters, got p=" + p
                        + ", q=" + q + ", gamma=" + gamma);
            }
        }
        this.p = p;
        this.q = q;
        this.gamma = gamma;
        this.fit = fit;
    }

    public static GammaGammaModel fit(int[] frequency, double[] meanSpend) {
        return fit(frequency, meanSpend, ClvInputs.DEFAULT_MIN_CUSTOMERS);
    }

    /** Maximum-likelihood fit of (p, q, γ) to customers with at least one repeat transaction. */
    public static GammaGammaModel fit(int[] frequency, double[] meanSpend, int minCustomers) {
        ClvInputs.spend(frequency, meanSpend, minCustomers);
        double[] ones = new double[frequency.length];
        Arrays.fill(ones, 1);
        return fit(frequency.clone(), meanSpend.clone(), ones);
    }

    /** Maximum-likelihood fit to rows (x, m_x) each shared by {@code customers[i]} customers. */
    public static GammaGammaModel fitWeighted(int[] frequency, double[] meanSpend, double[] customers, int minCustomers) {
        ClvInputs.weightedSpend(frequency, meanSpend, customers, minCustomers);
        return fit(frequency.clone(), meanSpend.clone(), customers.clone());
    }

    private static GammaGammaModel fit(int[] x, double[] m, double[] w) {
        double mean = 0;
        double n = 0;
        for (int i = 0; i < m.length; i++) {
            mean += w[i] * m[i];
            n += w[i];
        }
        mean /= n;
        // The population mean spend is pγ/(q−1): each start is scaled to match the sample mean.
        List<double[]> starts = List.of(new double[] {1, 2, mean}, new double[] {5, 4, 0.6 * mean},
                new double[] {0.5, 1.5, mean});
        FitResult result = LogScaleMaximumLikelihood.maximise(List.of("p", "q", "gamma"),
                v -> logLikelihood(v[0], v[1], v[2], x, m, w), starts);
        double[] e = result.estimates();
        return new GammaGammaModel(e[0], e[1], e[2], result);
    }

    /**
     * Density of the observed mean m_x given x (FHL 2005 RFM/CLV, the marginal of z̄ after
     * integrating out ν):
     * f(m_x | p, q, γ, x) = Γ(px+q) / (Γ(px) Γ(q)) · γ^q · m_x^(px−1) · x^(px) / (γ + m_x·x)^(px+q);
     * the log-likelihood is the sum of its logarithm over customers (row i counted w[i] times).
     */
    static double logLikelihood(double p, double q, double gamma, int[] x, double[] m, double[] w) {
        double lgQ = Gamma.logGamma(q);
        double qLogGamma = q * Math.log(gamma);
        double ll = 0;
        for (int i = 0; i < x.length; i++) {
            double px = p * x[i];
            ll += w[i] * (Gamma.logGamma(px + q) - Gamma.logGamma(px) - lgQ + qLogGamma
                    + (px - 1) * Math.log(m[i]) + px * Math.log(x[i]) - (px + q) * Math.log(gamma + m[i] * x[i]));
        }
        return ll;
    }

    public double p() {
        return p;
    }

    public double q() {
        return q;
    }

    public double gamma() {
        return gamma;
    }

    /** The fit that produced this model; empty when it was built from known parameters. */
    public Optional<FitResult> fitResult() {
        return Optional.ofNullable(fit);
    }

    /** Population mean spend per transaction, E[M] = pγ/(q−1); needs q &gt; 1. */
    public double expectedSpend() {
        requireFiniteMean();
        return p * gamma / (q - 1);
    }

    /**
     * Expected spend per transaction of a customer with x repeat transactions of mean m_x,
     * E[M | x, m_x] = (γ + m_x·x) · p / (px + q − 1) (FHL 2005 RFM/CLV): a weighted average of
     * the population mean pγ/(q−1) and the customer's own mean, with weight px/(px+q−1) on the
     * latter. Needs q &gt; 1; x = 0 gives the population mean (m_x is then ignored).
     */
    public double conditionalExpectedSpend(int frequency, double meanSpend) {
        requireFiniteMean();
        if (frequency < 0) {
            throw new ClvInputException("Gamma-Gamma: the customer has negative frequency " + frequency);
        }
        if (frequency == 0) {
            return expectedSpend();
        }
        if (!(meanSpend > 0) || Double.isInfinite(meanSpend)) {
            throw new ClvInputException("Gamma-Gamma: the customer has mean spend " + meanSpend + "; it must be positive and finite");
        }
        return (gamma + meanSpend * frequency) * p / (p * frequency + q - 1);
    }

    private void requireFiniteMean() {
        if (!(q > 1)) {
            throw new IllegalStateException("Gamma-Gamma expected spend is infinite for q <= 1, got q=" + q);
        }
    }

    @Override
    public String toString() {
        return "GammaGammaModel[p=" + p + ", q=" + q + ", gamma=" + gamma + "]";
    }
}
