package io.lifecycle.jobs.clv;

import java.util.Locale;

/**
 * Checks on the inputs of the retention/CLV models. Each failure is a {@link ClvInputException}
 * naming the model, the offending customer (0-based index into the arrays passed in) or period,
 * and the value found.
 */
final class ClvInputs {
    /** Fewer customers than this and the fits are too noisy to be worth storing. */
    static final int DEFAULT_MIN_CUSTOMERS = 30;

    private ClvInputs() {
    }

    /** BG/NBD: 0 ≤ recency ≤ age, age &gt; 0, frequency ≥ 0, and recency = 0 when frequency = 0. */
    static void repeatPurchases(int[] frequency, double[] recency, double[] age, int minCustomers) {
        requireNonNull("BG/NBD", frequency, recency, age);
        sameLength("BG/NBD", "frequency", frequency.length, "recency", recency.length);
        sameLength("BG/NBD", "frequency", frequency.length, "T (age)", age.length);
        enough("BG/NBD", frequency.length, minCustomers);
        for (int i = 0; i < frequency.length; i++) {
            repeatPurchase("customer " + i, frequency[i], recency[i], age[i]);
        }
    }

    /** One BG/NBD customer; {@code who} names it in the message, e.g. "customer 12". */
    static void repeatPurchase(String who, int frequency, double recency, double age) {
        if (frequency < 0) {
            throw fail("BG/NBD: %s has negative frequency %d; frequency counts repeat purchases and must be >= 0", who, frequency);
        }
        if (!(age > 0) || Double.isInfinite(age)) {
            throw fail("BG/NBD: %s has age T = %s; T must be positive and finite", who, age);
        }
        if (!(recency >= 0)) {
            throw fail("BG/NBD: %s has negative or missing recency %s; recency must be >= 0", who, recency);
        }
        if (recency > age) {
            throw fail("BG/NBD: %s has recency %s greater than age T = %s; the last purchase cannot be after the end of observation", who, recency, age);
        }
        if (frequency == 0 && recency != 0) {
            throw fail("BG/NBD: %s has frequency 0 but recency %s; recency must be 0 for a customer with no repeat purchase", who, recency);
        }
    }

    /** Gamma-Gamma: frequency ≥ 1 (a mean spend over repeat purchases exists) and mean spend &gt; 0. */
    static void spend(int[] frequency, double[] meanSpend, int minCustomers) {
        requireNonNull("Gamma-Gamma", frequency, meanSpend);
        sameLength("Gamma-Gamma", "frequency", frequency.length, "monetary value", meanSpend.length);
        enough("Gamma-Gamma", frequency.length, minCustomers);
        for (int i = 0; i < frequency.length; i++) {
            if (frequency[i] < 1) {
                throw fail("Gamma-Gamma: customer %d has frequency %d; the spend model needs frequency >= 1 (leave out customers without repeat purchases)", i, frequency[i]);
            }
            if (!(meanSpend[i] > 0) || Double.isInfinite(meanSpend[i])) {
                throw fail("Gamma-Gamma: customer %d has mean spend %s; it must be positive and finite", i, meanSpend[i]);
            }
        }
    }

    /** sBG: at least two periods, counts ≥ 0, never increasing, and a starting cohort of at least minCustomers. */
    static void survivalCounts(long[] alive, int minCustomers) {
        if (alive == null) {
            throw new ClvInputException("sBG: survival counts are missing (null)");
        }
        if (alive.length < 2) {
            throw fail("sBG: survival counts cover %d period(s); at least periods 0 and 1 are needed", alive.length);
        }
        for (int t = 0; t < alive.length; t++) {
            if (alive[t] < 0) {
                throw fail("sBG: period %d has a negative alive count %d", t, alive[t]);
            }
            if (t > 0 && alive[t] > alive[t - 1]) {
                throw fail("sBG: period %d has %d customers alive, more than the %d alive in period %d; survival counts must not increase over time", t, alive[t], alive[t - 1], t - 1);
            }
        }
        enough("sBG", alive[0], minCustomers);
    }

    static void minCustomers(int minCustomers) {
        if (minCustomers < 1) {
            throw fail("minCustomers must be at least 1, got %d", minCustomers);
        }
    }

    private static void enough(String model, long customers, int minCustomers) {
        minCustomers(minCustomers);
        if (customers < minCustomers) {
            throw fail("%s: %d customers, fewer than the configured minimum of %d needed for a fit", model, customers, minCustomers);
        }
    }

    private static void sameLength(String model, String first, int n, String second, int m) {
        if (n != m) {
            throw fail("%s: %s has %d entries but %s has %d; they must describe the same customers", model, first, n, second, m);
        }
    }

    private static void requireNonNull(String model, Object... arrays) {
        for (Object a : arrays) {
            if (a == null) {
                throw new ClvInputException(model + ": an input array is missing (null)");
            }
        }
    }

    private static ClvInputException fail(String format, Object... args) {
        return new ClvInputException(String.format(Locale.ROOT, format, args));
    }
}
