package io.lifecycle.jobs.clv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** Comparing an estimate with a published figure at the precision it was published. */
final class SignificantDigits {
    private SignificantDigits() {
    }

    /** The estimate rounded to {@code digits} significant digits equals the published value rounded likewise. */
    static void assertAgrees(double published, double estimate, int digits, String what) {
        MathContext mc = new MathContext(digits, RoundingMode.HALF_EVEN);
        BigDecimal expected = new BigDecimal(published).round(mc);
        BigDecimal actual = new BigDecimal(estimate).round(mc);
        assertEquals(0, expected.compareTo(actual),
                what + ": published " + published + ", estimated " + estimate + " (to " + digits + " significant digits: "
                        + expected.toPlainString() + " vs " + actual.toPlainString() + ")");
    }
}
