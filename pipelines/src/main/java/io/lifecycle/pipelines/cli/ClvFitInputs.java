package io.lifecycle.pipelines.cli;

import io.lifecycle.common.LifecycleException;
import io.lifecycle.jobs.clv.BgNbdModel;
import io.lifecycle.jobs.clv.ClvInputException;
import io.lifecycle.jobs.clv.FitResult;
import io.lifecycle.jobs.clv.GammaGammaModel;
import io.lifecycle.jobs.clv.SbgModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a CSV for one model, checks every row's values (naming the line and column of a bad one), and fits.
 * Rules the model itself checks across rows (too few customers) come back prefixed with the file.
 */
final class ClvFitInputs {
    /** A fit and the number of customers it saw (the sum of the weights; for sBG the cohort sizes). */
    record Fitted(FitResult fit, long customers) {
    }

    private ClvFitInputs() {
    }

    /** bgnbd: frequency, recency, T (any one time unit), optional weight. */
    static Fitted bgnbd(ClvCsv csv, int minCustomers) {
        csv.require("bgnbd", List.of("frequency", "recency", "T"));
        List<Integer> lines = csv.lines();
        int n = lines.size();
        int[] x = new int[n];
        double[] tx = new double[n];
        double[] t = new double[n];
        double[] w = new double[n];
        long customers = 0;
        for (int i = 0; i < n; i++) {
            int line = lines.get(i);
            x[i] = Math.toIntExact(Math.min(csv.whole(line, "frequency", 0), Integer.MAX_VALUE));
            tx[i] = csv.number(line, "recency");
            t[i] = csv.number(line, "T");
            w[i] = weight(csv, line);
            customers += (long) w[i];
            if (!(t[i] > 0)) {
                throw csv.fail(line, "T", ClvCsv.format(t[i]) + " is not a positive age");
            }
            if (tx[i] < 0 || tx[i] > t[i]) {
                throw csv.fail(line, "recency", ClvCsv.format(tx[i]) + " is outside 0..T (T = " + ClvCsv.format(t[i]) + ")");
            }
            if (x[i] == 0 && tx[i] != 0) {
                throw csv.fail(line, "recency", ClvCsv.format(tx[i]) + " must be 0 when frequency is 0");
            }
        }
        try {
            return new Fitted(BgNbdModel.fitWeighted(x, tx, t, w, minCustomers).fitResult().orElseThrow(), customers);
        } catch (ClvInputException e) {
            throw inFile(csv, e);
        }
    }

    /** gamma-gamma: frequency (>= 1), monetary_value (mean repeat spend, > 0), optional weight. */
    static Fitted gammaGamma(ClvCsv csv, int minCustomers) {
        csv.require("gamma-gamma", List.of("frequency", "monetary_value"));
        List<Integer> lines = csv.lines();
        int n = lines.size();
        int[] x = new int[n];
        double[] m = new double[n];
        double[] w = new double[n];
        long customers = 0;
        for (int i = 0; i < n; i++) {
            int line = lines.get(i);
            x[i] = Math.toIntExact(Math.min(csv.whole(line, "frequency", 1), Integer.MAX_VALUE));
            m[i] = csv.number(line, "monetary_value");
            if (!(m[i] > 0)) {
                throw csv.fail(line, "monetary_value", ClvCsv.format(m[i]) + " is not a positive mean spend");
            }
            w[i] = weight(csv, line);
            customers += (long) w[i];
        }
        try {
            return new Fitted(GammaGammaModel.fitWeighted(x, m, w, minCustomers).fitResult().orElseThrow(), customers);
        } catch (ClvInputException e) {
            throw inFile(csv, e);
        }
    }

    /** sbg: period (0, 1, 2, … with no gaps), alive (never increasing), per optional cohort. */
    static Fitted sbg(ClvCsv csv, int minCustomers) {
        csv.require("sbg", List.of("period", "alive"));
        Map<String, TreeMap<Long, long[]>> cohorts = new TreeMap<>();
        for (int line : csv.lines()) {
            String cohort = csv.has("cohort") ? csv.text(line, "cohort") : "";
            long period = csv.whole(line, "period", 0);
            long alive = csv.whole(line, "alive", 0);
            long[] previous = cohorts.computeIfAbsent(cohort, c -> new TreeMap<>()).put(period, new long[] {alive, line});
            if (previous != null) {
                throw csv.fail(line, "period", "period " + period + " appears twice" + cohortName(cohort)
                        + " (also on line " + previous[1] + ")");
            }
        }
        List<long[]> survival = new ArrayList<>();
        long customers = 0;
        for (Map.Entry<String, TreeMap<Long, long[]>> c : cohorts.entrySet()) {
            TreeMap<Long, long[]> periods = c.getValue();
            long[] alive = new long[periods.size()];
            int t = 0;
            for (Map.Entry<Long, long[]> p : periods.entrySet()) {
                int line = (int) p.getValue()[1];
                if (p.getKey() != t) {
                    throw csv.fail(line, "period", "periods" + cohortName(c.getKey())
                            + " must run 0, 1, 2, … without gaps; " + p.getKey() + " comes where " + t + " was expected");
                }
                alive[t] = p.getValue()[0];
                if (t > 0 && alive[t] > alive[t - 1]) {
                    throw csv.fail(line, "alive", alive[t] + " customers alive in period " + t + cohortName(c.getKey())
                            + " is more than the " + alive[t - 1] + " of period " + (t - 1)
                            + "; survival counts must not increase");
                }
                t++;
            }
            if (alive.length < 2) {
                throw new LifecycleException(csv.file() + ": cohort" + cohortName(c.getKey())
                        + " has only period 0; at least periods 0 and 1 are needed.");
            }
            customers += alive[0];
            survival.add(alive);
        }
        try {
            return new Fitted(SbgModel.fitCohorts(survival, minCustomers).fitResult().orElseThrow(), customers);
        } catch (ClvInputException e) {
            throw inFile(csv, e);
        }
    }

    private static double weight(ClvCsv csv, int line) {
        return csv.has("weight") ? csv.whole(line, "weight", 1) : 1;
    }

    private static String cohortName(String cohort) {
        return cohort.isEmpty() ? "" : " of cohort '" + cohort + "'";
    }

    private static LifecycleException inFile(ClvCsv csv, ClvInputException e) {
        return new LifecycleException(csv.file() + ": " + e.getMessage() + ".", e);
    }
}
