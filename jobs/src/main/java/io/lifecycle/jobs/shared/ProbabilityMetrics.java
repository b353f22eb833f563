package io.lifecycle.jobs.shared;

import io.lifecycle.jobs.shared.RocAuc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How good predicted probabilities p_i of a binary outcome y_i ∈ {0, 1} are (plain Java, no Spark). N rows, P positives.
 *
 * <ul>
 *     <li>ROC AUC: {@link RocAuc} (Mann-Whitney with mid-ranks).</li>
 *     <li>PR AUC as average precision: rows ordered by p descending, tied p taken as one step;
 *     AP = Σ_steps (positives in step / P) × precision after the step, precision = TP / (TP + FP). NaN when P = 0.
 *     A constant predictor scores P / N; a perfect ranking 1.</li>
 *     <li>Brier score: Σ (p_i − y_i)² / N.</li>
 *     <li>Calibration table: B equal-width bins [k/B, (k+1)/B), the last one closed at 1; per bin the rows, the mean
 *     p and the observed rate of y.</li>
 *     <li>Expected calibration error: ECE = Σ_bins (n_b / N) × |mean p_b − observed rate_b|.</li>
 * </ul>
 */
public final class ProbabilityMetrics {

    /** One bin of the calibration table; meanPredicted and observedRate are null when the bin is empty. */
    public record CalibrationBin(int bin, double lower, double upper, long accounts, Double meanPredicted,
                                 Double observedRate) {
    }

    /** All metrics of one set of rows; a metric that is undefined (no positives, or no negatives for AUC) is null. */
    public record Summary(long accounts, long events, Double rocAuc, Double prAuc, Double brier, Double ece,
                          List<CalibrationBin> calibration) {
    }

    private ProbabilityMetrics() {
    }

    public static Summary of(double[] p, boolean[] y, int bins) {
        check(p, y);
        long events = 0;
        for (boolean b : y) {
            events += b ? 1 : 0;
        }
        List<CalibrationBin> table = calibration(p, y, bins);
        return new Summary(p.length, events, finite(p.length == 0 ? Double.NaN : RocAuc.auc(p, y)),
                finite(averagePrecision(p, y)), finite(brier(p, y)), finite(ece(table, p.length)), table);
    }

    public static double averagePrecision(double[] p, boolean[] y) {
        check(p, y);
        Map<Double, long[]> byScore = new TreeMap<>((a, b) -> Double.compare(b, a));
        long positives = 0;
        for (int i = 0; i < p.length; i++) {
            long[] c = byScore.computeIfAbsent(p[i] == 0.0 ? 0.0 : p[i], k -> new long[2]);
            c[y[i] ? 0 : 1]++;
            positives += y[i] ? 1 : 0;
        }
        if (positives == 0) {
            return Double.NaN;
        }
        double ap = 0;
        long tp = 0;
        long fp = 0;
        for (long[] c : byScore.values()) {
            tp += c[0];
            fp += c[1];
            ap += (double) c[0] / positives * tp / (tp + fp);
        }
        return ap;
    }

    public static double brier(double[] p, boolean[] y) {
        check(p, y);
        if (p.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            double e = p[i] - (y[i] ? 1 : 0);
            sum += e * e;
        }
        return sum / p.length;
    }

    public static List<CalibrationBin> calibration(double[] p, boolean[] y, int bins) {
        check(p, y);
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be >= 1: " + bins);
        }
        long[] n = new long[bins];
        double[] sumP = new double[bins];
        long[] pos = new long[bins];
        for (int i = 0; i < p.length; i++) {
            int b = Math.min(bins - 1, (int) Math.floor(p[i] * bins));
            n[b]++;
            sumP[b] += p[i];
            pos[b] += y[i] ? 1 : 0;
        }
        List<CalibrationBin> out = new ArrayList<>(bins);
        for (int b = 0; b < bins; b++) {
            out.add(new CalibrationBin(b, (double) b / bins, (double) (b + 1) / bins, n[b],
                    n[b] == 0 ? null : sumP[b] / n[b], n[b] == 0 ? null : (double) pos[b] / n[b]));
        }
        return out;
    }

    /** ECE of a calibration table over {@code total} rows; NaN without rows. */
    public static double ece(List<CalibrationBin> table, long total) {
        if (total == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (CalibrationBin b : table) {
            if (b.accounts() > 0) {
                sum += (double) b.accounts() / total * Math.abs(b.meanPredicted() - b.observedRate());
            }
        }
        return sum;
    }

    private static void check(double[] p, boolean[] y) {
        if (p.length != y.length) {
            throw new IllegalArgumentException("probabilities and outcomes differ in length: " + p.length + " vs " + y.length);
        }
        for (double v : p) {
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException("probability out of [0, 1]: " + v);
            }
        }
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
