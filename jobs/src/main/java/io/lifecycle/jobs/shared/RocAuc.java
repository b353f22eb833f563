package io.lifecycle.jobs.shared;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How well a score ranks a binary outcome (plain Java, no Spark): ROC AUC and top-decile lift, from per-row arrays
 * or from weighted bins (score, positives, negatives) that Spark aggregated.
 *
 * <p>ROC AUC is the Mann-Whitney statistic with mid-ranks: the probability that a random positive is ranked riskier
 * than a random negative, ties counting one half:
 * AUC = Σ_bins pos_b × (neg strictly less risky than b + ½ neg_b) / (P × N).
 * All scores tied gives 0.5, perfect separation 1.0. It is undefined (NaN) without positives or without negatives.
 *
 * <p>Which end of the score is risky is explicit ({@link Direction}): for churn prediction a low health score is
 * the risk, so {@link Direction#LOW_SCORE_IS_RISK} computes the AUC of −score.
 */
public final class RocAuc {

    /** Which end of the score predicts the positive outcome. */
    public enum Direction {
        /** High scores predict the positive (e.g. a churn probability). */
        HIGH_SCORE_IS_RISK,
        /** Low scores predict the positive (e.g. a health score for churn). */
        LOW_SCORE_IS_RISK
    }

    /** Accounts sharing one score: how many had the outcome (positives) and how many not (negatives); weights may be fractional. */
    public record Bin(double score, double positives, double negatives) {
        public Bin {
            if (Double.isNaN(score)) {
                throw new IllegalArgumentException("score is NaN");
            }
            if (!(positives >= 0) || !(negatives >= 0)) {
                throw new IllegalArgumentException("bin weights must be >= 0: " + positives + ", " + negatives);
            }
        }

        double total() {
            return positives + negatives;
        }
    }

    private RocAuc() {
    }

    /** AUC of {@code scores} for {@code positive}, high scores predicting the positive. */
    public static double auc(double[] scores, boolean[] positive) {
        return auc(scores, positive, Direction.HIGH_SCORE_IS_RISK);
    }

    public static double auc(double[] scores, boolean[] positive, Direction direction) {
        return auc(bins(scores, positive), direction);
    }

    /** AUC from weighted bins; bins with the same score are merged (they are ties). NaN without positives or negatives. */
    public static double auc(List<Bin> bins, Direction direction) {
        List<Bin> ordered = leastRiskyFirst(bins, direction);
        double p = 0;
        double n = 0;
        double concordant = 0;
        for (Bin b : ordered) {
            concordant += b.positives() * (n + 0.5 * b.negatives());
            p += b.positives();
            n += b.negatives();
        }
        return p > 0 && n > 0 ? concordant / (p * n) : Double.NaN;
    }

    /** Top-decile lift from per-row arrays; see {@link #topFractionLift(List, double, Direction)}. */
    public static double topDecileLift(double[] scores, boolean[] positive, Direction direction) {
        return topFractionLift(bins(scores, positive), 0.1, direction);
    }

    public static double topDecileLift(List<Bin> bins, Direction direction) {
        return topFractionLift(bins, 0.1, direction);
    }

    /**
     * Lift of the riskiest {@code fraction} of the weight: (positive rate among the riskiest fraction × W) / (P / W)
     * with W = all weight and P = all positives.
     *
     * <p>Tie rule at the boundary: the top group holds exactly fraction × W (not rounded to whole accounts). When the
     * boundary falls inside a group of tied scores, that group contributes pro rata — the share of its weight that
     * fits, at the group's own positive rate — which is the expected value over every order of the tied accounts.
     * So the result does not depend on row order, and all-tied scores give a lift of exactly 1. NaN when W = 0 or
     * there are no positives.
     */
    public static double topFractionLift(List<Bin> bins, double fraction, Direction direction) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be in (0, 1]: " + fraction);
        }
        List<Bin> ordered = leastRiskyFirst(bins, direction);
        double w = 0;
        double p = 0;
        for (Bin b : ordered) {
            w += b.total();
            p += b.positives();
        }
        if (w <= 0 || p <= 0) {
            return Double.NaN;
        }
        double slots = fraction * w;
        double remaining = slots;
        double positivesTaken = 0;
        for (int i = ordered.size() - 1; i >= 0 && remaining > 0; i--) {
            Bin b = ordered.get(i);
            if (b.total() <= 0) {
                continue;
            }
            double take = Math.min(b.total(), remaining);
            positivesTaken += b.positives() * take / b.total();
            remaining -= take;
        }
        return (positivesTaken / slots) / (p / w);
    }

    /** One bin per distinct score. */
    static List<Bin> bins(double[] scores, boolean[] positive) {
        if (scores.length != positive.length) {
            throw new IllegalArgumentException("scores and outcomes differ in length: " + scores.length + " vs " + positive.length);
        }
        Map<Double, double[]> byScore = new TreeMap<>();
        for (int i = 0; i < scores.length; i++) {
            double[] counts = byScore.computeIfAbsent(normalise(scores[i]), s -> new double[2]);
            counts[positive[i] ? 0 : 1]++;
        }
        List<Bin> out = new ArrayList<>(byScore.size());
        byScore.forEach((s, c) -> out.add(new Bin(s, c[0], c[1])));
        return out;
    }

    /** Bins merged by score and sorted from the least to the most risky. */
    private static List<Bin> leastRiskyFirst(List<Bin> bins, Direction direction) {
        Map<Double, double[]> byScore = new TreeMap<>(direction == Direction.HIGH_SCORE_IS_RISK
                ? Comparator.<Double>naturalOrder() : Comparator.<Double>reverseOrder());
        for (Bin b : bins) {
            double[] counts = byScore.computeIfAbsent(normalise(b.score()), s -> new double[2]);
            counts[0] += b.positives();
            counts[1] += b.negatives();
        }
        List<Bin> out = new ArrayList<>(byScore.size());
        byScore.forEach((s, c) -> out.add(new Bin(s, c[0], c[1])));
        return out;
    }

    /** −0.0 and 0.0 are one score (a tie), not two. */
    private static double normalise(double score) {
        if (Double.isNaN(score)) {
            throw new IllegalArgumentException("score is NaN");
        }
        return score == 0.0 ? 0.0 : score;
    }
}
