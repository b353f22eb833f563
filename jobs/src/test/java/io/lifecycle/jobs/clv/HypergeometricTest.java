package io.lifecycle.jobs.clv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HypergeometricTest {
    private static final double REL = 1e-12;

    /** 2F1(1, 1; 2; z) = −ln(1−z)/z (A&S 15.1.3), on both sides of 0 and close to 1. */
    @ParameterizedTest
    @ValueSource(doubles = {-50, -5, -0.5, -1e-3, 1e-3, 0.1, 0.5, 0.9, 0.99, 0.999})
    void logarithmClosedForm(double z) {
        assertRelative(-Math.log1p(-z) / z, Hypergeometric.gauss2F1(1, 1, 2, z), REL);
    }

    /** 2F1(a, b; b; z) = (1−z)^−a (A&S 15.1.8), including z so close to 1 that the connection formula is used. */
    @ParameterizedTest
    @CsvSource({"0.5, 2.3, 0.3", "0.5, 2.3, -3", "1.7, 0.4, 0.95", "0.5, 2.3, 0.9999999", "2.25, 7.5, 0.99999999", "-0.3, 1.2, 0.999"})
    void binomialClosedForm(double a, double b, double z) {
        assertRelative(Math.pow(1 - z, -a), Hypergeometric.gauss2F1(a, b, b, z), 1e-10);
    }

    /** 2F1(1/2, 1/2; 3/2; z²) = arcsin(z)/z (A&S 15.1.6). */
    @ParameterizedTest
    @ValueSource(doubles = {0.2, 0.7, 0.95})
    void arcsineClosedForm(double z) {
        assertRelative(Math.asin(z) / z, Hypergeometric.gauss2F1(0.5, 0.5, 1.5, z * z), REL);
    }

    @Test
    void gaussTheoremAtOne() {
        // Γ(2)Γ(1) / (Γ(3/2)Γ(3/2)) = 1 / (π/4)
        assertRelative(4 / Math.PI, Hypergeometric.gauss2F1(0.5, 0.5, 2, 1), REL);
    }

    @Test
    void terminatingSeriesIsAPolynomial() {
        double b = 1.3;
        double c = 2.7;
        double z = 0.8;
        double expected = 1 - 2 * b * z / c + b * (b + 1) * z * z / (c * (c + 1));
        assertRelative(expected, Hypergeometric.gauss2F1(-2, b, c, z), REL);
    }

    /** Parameters as the BG/NBD conditional expectation produces them, against an exact-arithmetic sum. */
    @ParameterizedTest
    @CsvSource({"0.243, 2.426, 2.219, 0.5", "2.243, 4.426, 4.219, 0.47", "20.243, 22.426, 22.219, 0.5",
            "20.243, 22.426, 22.219, 0.93", "0.7, 1.3, 3.1, 0.95", "3.5, 0.25, 1.5, -0.6"})
    void agreesWithExactSeries(double a, double b, double c, double z) {
        assertRelative(exactSeries(a, b, c, z), Hypergeometric.gauss2F1(a, b, c, z), 1e-11);
    }

    /** The direct series of 2F1(80, 90; 1.5; 0.9) ≈ 4.955e214 (mpmath) passes 10^200 (and is rescaled); Euler's form is summed independently. */
    @Test
    void hugeValuesDoNotOverflowMidSeries() {
        double direct = Hypergeometric.series(80, 90, 1.5, 0.9);
        assertTrue(direct > 1e200 && Double.isFinite(direct), "2F1 = " + direct);
        assertRelative(direct, Hypergeometric.gauss2F1(80, 90, 1.5, 0.9), 1e-9);
        assertRelative(4.95501687920264e214, direct, 1e-9);
    }

    @Test
    void rejectsArgumentsOutsideTheDomain() {
        assertThrows(IllegalArgumentException.class, () -> Hypergeometric.gauss2F1(1, 1, 2, 1.5));
        IllegalArgumentException c = assertThrows(IllegalArgumentException.class, () -> Hypergeometric.gauss2F1(1, 1, -2, 0.5));
        assertTrue(c.getMessage().contains("c = 0, -1, -2"), c.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Hypergeometric.gauss2F1(Double.NaN, 1, 2, 0.5));
    }

    @Test
    void saysWhenItCannotConverge() {
        ArithmeticException divergent = assertThrows(ArithmeticException.class, () -> Hypergeometric.gauss2F1(1, 1, 2, 1));
        assertTrue(divergent.getMessage().contains("diverges at z = 1"), divergent.getMessage());
        // c − a − b = 0: the series would need ~4·10^10 terms and the connection formula is degenerate.
        ArithmeticException slow = assertThrows(ArithmeticException.class, () -> Hypergeometric.gauss2F1(1, 1, 2, 1 - 1e-9));
        assertTrue(slow.getMessage().contains("did not converge") && slow.getMessage().contains("integer"), slow.getMessage());
    }

    private static double exactSeries(double a, double b, double c, double z) {
        MathContext mc = MathContext.DECIMAL128;
        BigDecimal term = BigDecimal.ONE;
        BigDecimal sum = BigDecimal.ONE;
        BigDecimal bz = new BigDecimal(z);
        for (int k = 0; k < 100_000; k++) {
            BigDecimal num = new BigDecimal(a + k).multiply(new BigDecimal(b + k), mc).multiply(bz, mc);
            term = term.multiply(num, mc).divide(new BigDecimal(c + k).multiply(BigDecimal.valueOf(k + 1L), mc), mc);
            sum = sum.add(term, mc);
            if (k > 50 && term.abs().compareTo(sum.abs().multiply(new BigDecimal("1e-25"))) < 0) {
                return sum.doubleValue();
            }
        }
        throw new AssertionError("reference series did not converge");
    }

    private static void assertRelative(double expected, double actual, double rel) {
        assertEquals(expected, actual, rel * Math.abs(expected), () -> "expected " + expected + ", got " + actual);
    }
}
