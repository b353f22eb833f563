package io.lifecycle.jobs.clv;

import java.util.Locale;
import org.apache.commons.math3.special.Gamma;

/**
 * The Gauss hypergeometric function for real arguments and z ≤ 1,
 * 2F1(a, b; c; z) = Σ_k (a)_k (b)_k / ((c)_k k!) z^k (Abramowitz &amp; Stegun 15.1.1).
 *
 * <p>The series is summed by its term ratio t_{k+1}/t_k = (a+k)(b+k) z / ((c+k)(k+1)), with the
 * running sum rescaled by 10^-200 whenever it grows past 10^200 (the scale is kept as a logarithm,
 * so large intermediate sums do not overflow). Tails decay like k^(a+b−c−1) z^k, so:
 * <ul>
 *   <li>z &lt; 0 is mapped into (0, 1) by Pfaff's transformation (A&amp;S 15.3.4);</li>
 *   <li>when c &lt; a + b, Euler's transformation 2F1(a,b;c;z) = (1−z)^(c−a−b) 2F1(c−a,c−b;c;z)
 *       (A&amp;S 15.3.3) is summed instead, because its terms fall off faster;</li>
 *   <li>when z is so close to 1 that the series would need more than {@link #MAX_TERMS} terms, the
 *       connection formula in 1 − z (A&amp;S 15.3.6) is used; it is degenerate when c − a − b is an
 *       integer, and that case fails with an {@link ArithmeticException} that says so.</li>
 * </ul>
 */
public final class Hypergeometric {
    /** Cap on series terms (a few milliseconds of work). */
    static final int MAX_TERMS = 1_000_000;
    private static final double TOLERANCE = 1e-15;
    private static final double RESCALE = 1e200;
    private static final double LOG_RESCALE = Math.log(RESCALE);
    /** c − a − b closer than this to an integer makes the 1 − z connection formula cancel badly. */
    private static final double INTEGER_GAP = 0.05;

    private Hypergeometric() {
    }

    /**
     * 2F1(a, b; c; z) for finite a, b, c, with c not 0, −1, −2, … and z ≤ 1.
     *
     * @throws IllegalArgumentException for arguments outside that domain
     * @throws ArithmeticException      when the value cannot be computed to full precision: the
     *                                  function diverges at z = 1 (c − a − b ≤ 0), or z is within
     *                                  ~4·10^-5 of 1 while c − a − b is (close to) an integer
     */
    public static double gauss2F1(double a, double b, double c, double z) {
        if (!Double.isFinite(a) || !Double.isFinite(b) || !Double.isFinite(c) || Double.isNaN(z)) {
            throw new IllegalArgumentException(describe("2F1 needs finite arguments", a, b, c, z));
        }
        if (z > 1) {
            throw new IllegalArgumentException(describe("2F1 is implemented for z <= 1 only", a, b, c, z));
        }
        if (isNonPositiveInteger(c)) {
            throw new IllegalArgumentException(describe("2F1 is undefined for c = 0, -1, -2, ...", a, b, c, z));
        }
        if (z == 0 || a == 0 || b == 0) {
            return 1;
        }
        if (z == Double.NEGATIVE_INFINITY) {
            throw new IllegalArgumentException(describe("2F1 needs a finite z", a, b, c, z));
        }
        if (z == 1) {
            return atUnitArgument(a, b, c);
        }
        if (z < 0) {
            // Pfaff: 2F1(a,b;c;z) = (1−z)^(−a) 2F1(a, c−b; c; z/(z−1)), and z/(z−1) ∈ (0, 1).
            return Math.pow(1 - z, -a) * onUnitInterval(a, c - b, c, z / (z - 1));
        }
        return onUnitInterval(a, b, c, z);
    }

    /** 0 &lt; z &lt; 1. */
    private static double onUnitInterval(double a, double b, double c, double z) {
        if (isNonPositiveInteger(a) || isNonPositiveInteger(b)) {
            return series(a, b, c, z);
        }
        if (-Math.log(TOLERANCE) / -Math.log(z) > MAX_TERMS) {
            return nearOne(a, b, c, z);
        }
        if (c < a + b) {
            return Math.pow(1 - z, c - a - b) * series(c - a, c - b, c, z);
        }
        return series(a, b, c, z);
    }

    /** Gauss's theorem (A&amp;S 15.1.20): 2F1(a,b;c;1) = Γ(c)Γ(c−a−b) / (Γ(c−a)Γ(c−b)) for c − a − b &gt; 0. */
    private static double atUnitArgument(double a, double b, double c) {
        if (isNonPositiveInteger(a) || isNonPositiveInteger(b)) {
            return series(a, b, c, 1);
        }
        if (c - a - b <= 0) {
            throw new ArithmeticException(describe("2F1 diverges at z = 1 when c - a - b <= 0", a, b, c, 1));
        }
        return gammaRatio(c, c - a - b, c - a, c - b);
    }

    /**
     * A&amp;S 15.3.6, with s = c − a − b not an integer and w = 1 − z:
     * 2F1(a,b;c;z) = Γ(c)Γ(s)/(Γ(c−a)Γ(c−b)) 2F1(a,b;1−s;w) + w^s Γ(c)Γ(−s)/(Γ(a)Γ(b)) 2F1(c−a,c−b;1+s;w).
     */
    private static double nearOne(double a, double b, double c, double z) {
        double s = c - a - b;
        if (Math.abs(s - Math.rint(s)) < INTEGER_GAP) {
            throw new ArithmeticException(describe("2F1 did not converge: the series needs more than " + MAX_TERMS
                    + " terms this close to z = 1, and the 1 - z connection formula is degenerate because c - a - b = "
                    + s + " is (close to) an integer", a, b, c, z));
        }
        double w = 1 - z;
        double first = gammaRatio(c, s, c - a, c - b);
        double second = gammaRatio(c, -s, a, b);
        double total = 0;
        if (first != 0) {
            total += first * series(a, b, 1 - s, w);
        }
        if (second != 0) {
            total += second * Math.pow(w, s) * series(c - a, c - b, 1 + s, w);
        }
        return total;
    }

    /** The power series itself; stops when the geometric bound on the remaining tail is below TOLERANCE·|sum|. */
    static double series(double a, double b, double c, double z) {
        double term = 1;
        double sum = 1;
        double logScale = 0;
        double settledAfter = Math.max(Math.abs(a), Math.max(Math.abs(b), Math.abs(c)));
        for (int k = 0; k < MAX_TERMS; k++) {
            double ratio = (a + k) * (b + k) / ((c + k) * (k + 1)) * z;
            if (ratio == 0) {
                return scaled(sum, logScale); // a or b is −k: the series is a polynomial
            }
            term *= ratio;
            sum += term;
            if (Math.abs(sum) > RESCALE) {
                sum /= RESCALE;
                term /= RESCALE;
                logScale += LOG_RESCALE;
            }
            // Past k ≈ max(|a|,|b|,|c|) the ratio moves monotonically towards z, so later ratios are at most q.
            double q = Math.max(Math.abs(ratio), Math.abs(z));
            if (term == 0 || (k + 1 > settledAfter && q < 1 && Math.abs(term) * q / (1 - q) <= TOLERANCE * Math.abs(sum))) {
                return scaled(sum, logScale);
            }
        }
        throw new ArithmeticException(describe("2F1 series did not converge within " + MAX_TERMS + " terms", a, b, c, z));
    }

    private static double scaled(double sum, double logScale) {
        return logScale == 0 ? sum : Math.signum(sum) * Math.exp(Math.log(Math.abs(sum)) + logScale);
    }

    /** Γ(p)Γ(q) / (Γ(r)Γ(t)), taken as 0 when r or t is a pole of Γ (1/Γ vanishes there). */
    private static double gammaRatio(double p, double q, double r, double t) {
        if (isNonPositiveInteger(r) || isNonPositiveInteger(t)) {
            return 0;
        }
        double log = logAbsGamma(p) + logAbsGamma(q) - logAbsGamma(r) - logAbsGamma(t);
        return signOfGamma(p) * signOfGamma(q) * signOfGamma(r) * signOfGamma(t) * Math.exp(log);
    }

    /** ln|Γ(x)|; for x &lt; 0 by reflection, Γ(x) = π / (sin(πx) Γ(1−x)). */
    private static double logAbsGamma(double x) {
        if (x > 0) {
            return Gamma.logGamma(x);
        }
        return Math.log(Math.PI) - Math.log(Math.abs(Math.sin(Math.PI * x))) - Gamma.logGamma(1 - x);
    }

    private static double signOfGamma(double x) {
        return x > 0 ? 1 : Math.signum(Math.sin(Math.PI * x));
    }

    private static boolean isNonPositiveInteger(double x) {
        return x <= 0 && x == Math.rint(x);
    }

    private static String describe(String problem, double a, double b, double c, double z) {
        return String.format(Locale.ROOT, "%s: 2F1(a=%s, b=%s; c=%s; z=%s)", problem, a, b, c, z);
    }
}
