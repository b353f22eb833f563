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

    /** BG/NBD sufficient statistics: each row a valid history, shared by a positive whole number of customers. */
    static void weightedRepeatPurchases(int[] frequency, double[] recency, double[] age, double[] customers,
                                        int minCustomers) {
        requireNonNull("BG/NBD", frequency, recency, age, customers);
        sameLength("BG/NBD", "frequency", frequency.length, "recency", recency.length);
        sameLength("BG/NBD", "frequency", frequency.length, "T (age)", age.length);
        sameLength("BG/NBD", "frequency", frequency.length, "weight", customers.length);
        for (int i = 0; i < frequency.length; i++) {
            repeatPurchase("row " + i, frequency[i], recency[i], age[i]);
        }
        enough("BG/NBD", weights("BG/NBD", customers), minCustomers);
    }

    /** Gamma-Gamma sufficient statistics: as {@link #spend}, each row shared by {@code customers[i]} customers. */
    static void weightedSpend(int[] frequency, double[] meanSpend, double[] customers, int minCustomers) {
        requireNonNull("Gamma-Gamma", frequency, meanSpend, customers);
        sameLength("Gamma-Gamma", "frequency", frequency.length, "weight", customers.length);
        spend(frequency, meanSpend, 1);
        enough("Gamma-Gamma", weights("Gamma-Gamma", customers), minCustomers);
    }

    /** The number of customers the rows stand for; each weight must be a whole number >= 1. */
    private static long weights(String model, double[] customers) {
        long total = 0;
        for (int i = 0; i < customers.length; i++) {
            double w = customers[i];
            if (!(w >= 1) || Double.isInfinite(w) || w != Math.rint(w)) {
                throw fail("%s: row %d has weight %s; a weight counts the customers sharing the row and must be a whole number >= 1", model, i, w);
            }
            total += (long) w;
        }
        return total;
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

    /** sBG censored counts: same length (at least 2), no negatives, nobody lost at period 0; returns the customers. */
    static long censoredSurvival(long[] churned, long[] censored, int minCustomers) {
        if (churned == null || censored == null) {
            throw new ClvInputException("sBG: churn or censoring counts are missing (null)");
        }
        sameLength("sBG", "churned", churned.length, "censored", censored.length);
        if (churned.length < 2) {
            throw fail("sBG: counts cover %d period(s); at least periods 0 and 1 are needed", churned.length);
        }
        if (churned[0] != 0) {
            throw fail("sBG: %d customers lost at period 0; a customer is lost at the earliest at the renewal of period 1", churned[0]);
        }
        long customers = 0;
        for (int t = 0; t < churned.length; t++) {
            if (churned[t] < 0 || censored[t] < 0) {
                throw fail("sBG: period %d has a negative count (churned %d, censored %d)", t, churned[t], censored[t]);
            }
            customers += churned[t] + censored[t];
        }
        enough("sBG", customers, minCustomers);
        return customers;
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
