package io.lifecycle.jobs.expansion;

import io.lifecycle.jobs.shared.ProbabilityMetrics;
import java.util.List;
import java.util.Map;

/**
 * What the registry records of one trained model (metadata.json next to the saved MLlib models). Dates are ISO
 * strings so the file reads anywhere.
 *
 * @param version             yyyyMMdd of trainedAsOf, '-', and the first 8 hex digits of SHA-256 over the config
 *                            and feature names: the same training on the same date gives the same version
 * @param trainedAsOf         the run's snapshot date: labels closed by then, nothing later was read
 * @param kind                gradient_boosted_trees or logistic_regression: the candidate kept
 * @param candidateRocAuc     validation ROC AUC (uncalibrated) of every candidate, by kind
 * @param trainingSnapshots   snapshot dates the model was fitted on
 * @param validationSnapshots snapshot dates it was validated and calibrated on
 * @param features            feature names in vector order
 * @param featureMeans        training mean of each feature (the baseline of logistic-regression drivers)
 * @param upliftBySegment     mean MRR uplift over the horizon of the labelled accounts that expanded, by segment
 *                            and 'all' (expected_expansion_mrr = propensity × uplift)
 * @param metrics             validation metrics by segment and 'all', of the cross-fitted calibrated propensities
 * @param passedFloors        whether the 'all' metrics met conf/expansion.yaml floors (only such models score)
 * @param verdict             why it passed or not, in words
 * @param config              the configuration used
 */
public record ModelMetadata(String version, String trainedAsOf, String kind, Map<String, Double> candidateRocAuc,
                            List<String> trainingSnapshots, List<String> validationSnapshots, long trainingRows,
                            long validationRows, List<String> features, double[] featureMeans,
                            Map<String, Double> upliftBySegment, Map<String, ProbabilityMetrics.Summary> metrics,
                            boolean passedFloors, String verdict, ExpansionConfig config) {
    public static final String ALL_SEGMENTS = "all";

    /** Mean uplift of the segment, else of all segments, else 0. */
    public double upliftOf(String segment) {
        Double v = upliftBySegment.get(segment);
        if (v == null) {
            v = upliftBySegment.get(ALL_SEGMENTS);
        }
        return v == null ? 0.0 : v;
    }
}
