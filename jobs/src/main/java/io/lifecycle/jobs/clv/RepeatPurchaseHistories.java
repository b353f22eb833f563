package io.lifecycle.jobs.clv;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Arrays;

/**
 * BG/NBD sufficient statistics with identical (x, t_x, T) rows merged and counted, so the
 * log-likelihood is evaluated once per distinct history (CDNOW: 2,357 customers, about half as
 * many distinct histories, since all customers without repeat purchases share t_x = 0).
 */
final class RepeatPurchaseHistories {
    private final int[] frequency;
    private final double[] recency;
    private final double[] age;
    private final double[] weight;
    private final double totalFrequency;
    private final double totalAge;

    private RepeatPurchaseHistories(int[] frequency, double[] recency, double[] age, double[] weight) {
        this.frequency = frequency;
        this.recency = recency;
        this.age = age;
        this.weight = weight;
        double f = 0;
        double t = 0;
        for (int i = 0; i < frequency.length; i++) {
            f += weight[i] * frequency[i];
            t += weight[i] * age[i];
        }
        this.totalFrequency = f;
        this.totalAge = t;
    }

    /** Inputs are assumed valid (see {@link ClvInputs#repeatPurchases}). */
    static RepeatPurchaseHistories of(int[] frequency, double[] recency, double[] age) {
        double[] ones = new double[frequency.length];
        Arrays.fill(ones, 1);
        return weighted(frequency, recency, age, ones);
    }

    /**
     * Rows that each stand for {@code weight[i]} customers (e.g. Spark's distinct (x, t_x, T) triples with
     * their counts); rows with the same history are merged. Inputs are assumed valid.
     */
    static RepeatPurchaseHistories weighted(int[] frequency, double[] recency, double[] age, double[] weight) {
        Map<History, Double> counts = new LinkedHashMap<>();
        for (int i = 0; i < frequency.length; i++) {
            counts.merge(new History(frequency[i], recency[i], age[i]), weight[i], Double::sum);
        }
        int n = counts.size();
        int[] x = new int[n];
        double[] tx = new double[n];
        double[] t = new double[n];
        double[] w = new double[n];
        int i = 0;
        for (Map.Entry<History, Double> e : counts.entrySet()) {
            x[i] = e.getKey().frequency();
            tx[i] = e.getKey().recency();
            t[i] = e.getKey().age();
            w[i] = e.getValue();
            i++;
        }
        return new RepeatPurchaseHistories(x, tx, t, w);
    }

    int size() {
        return frequency.length;
    }

    int frequency(int i) {
        return frequency[i];
    }

    double recency(int i) {
        return recency[i];
    }

    double age(int i) {
        return age[i];
    }

    /** Number of customers with this history. */
    double weight(int i) {
        return weight[i];
    }

    double totalFrequency() {
        return totalFrequency;
    }

    double totalAge() {
        return totalAge;
    }

    /** Number of customers: the sum of the weights. */
    double customers() {
        double n = 0;
        for (double w : weight) {
            n += w;
        }
        return n;
    }

    int maxFrequency() {
        int max = 0;
        for (int x : frequency) {
            max = Math.max(max, x);
        }
        return max;
    }

    private record History(int frequency, double recency, double age) {
    }
}
