package io.lifecycle.jobs.propensity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * @param kind                gradient_boosted_trees or logistic_regression: the candidate kept; baseline when no
 *                            classifier could be trained (too few labelled snapshots, or one class only): every
 *                            segment is then scored with its base rate
 * @param candidateRocAuc     validation ROC AUC (uncalibrated) of every candidate, by kind
 * @param trainingSnapshots   snapshot dates the model was fitted on
 * @param validationSnapshots snapshot dates it was validated and calibrated on
 * @param features            feature names in vector order
 * @param featureMeans        training mean of each feature (the baseline of logistic-regression drivers)
 * @param upliftBySegment     mean magnitude of the target's event over the labelled rows that had it, by segment
 *                            and 'all' (expansion: the MRR uplift, expected_expansion_mrr = propensity × uplift;
 *                            contraction: the MRR lost)
 * @param metrics             validation metrics by segment and 'all', of the cross-fitted calibrated propensities
 * @param passedFloors        whether at least one segment passed the floors (uses the classifier)
 * @param verdict             why it passed or not, in words
 * @param config              the configuration used (the model's settings record as JSON)
 * @param baseRates           share of labelled rows that expanded, by segment and 'all': of the training rows for a
 *                            trained model, of every labelled row for a baseline one (empty: no labelled history)
 * @param brierSkill          validation Brier skill score by segment and 'all': 1 − Brier(propensity) / Brier(the
 *                            segment's training base rate); null where undefined
 * @param segmentStatus       model or baseline, by segment: a segment scores with the classifier only when its
 *                            validation ROC AUC ≥ floors.minRocAuc and its Brier skill score &gt; 0
 * @param topDecileShare      by segment and 'all': share of the validation events' magnitude (MRR) that fell in the
 *                            top tenth of rows by propensity; null in entries written before it existed
 */
public record ModelMetadata(String version, String trainedAsOf, String kind, Map<String, Double> candidateRocAuc,
                            List<String> trainingSnapshots, List<String> validationSnapshots, long trainingRows,
                            long validationRows, List<String> features, double[] featureMeans,
                            Map<String, Double> upliftBySegment, Map<String, ProbabilityMetrics.Summary> metrics,
                            boolean passedFloors, String verdict, JsonNode config,
                            Map<String, Double> baseRates, Map<String, Double> brierSkill,
                            Map<String, String> segmentStatus, Map<String, Double> topDecileShare) {
    public static final String ALL_SEGMENTS = "all";
    /** model_status of a segment scored by the classifier. */
    public static final String MODEL = "model";
    /** model_status of a segment scored with its base rate (its model failed the floors, or none was trained). */
    public static final String BASELINE = "baseline";
    /** model_status when no labelled history exists yet: propensity null. */
    public static final String NO_HISTORY = "no_history";
    /** kind of a registry entry without a classifier. */
    public static final String BASELINE_KIND = "baseline";

    /** The settings as the JSON tree stored in metadata.json. */
    static JsonNode tree(ClassifierSettings settings) {
        return new ObjectMapper().valueToTree(settings);
    }

    /** The same entry with other per-segment statuses (tests force a segment below the floors). */
    public ModelMetadata withSegmentStatus(Map<String, String> status) {
        return new ModelMetadata(version, trainedAsOf, kind, candidateRocAuc, trainingSnapshots, validationSnapshots,
                trainingRows, validationRows, features, featureMeans, upliftBySegment, metrics, passedFloors, verdict,
                config, baseRates, brierSkill, status, topDecileShare);
    }

    /** Top-decile share of the segment's event magnitude; null when not recorded. */
    public Double topDecileShareOf(String segment) {
        return topDecileShare == null ? null : topDecileShare.get(segment);
    }

    /** Whether the entry has a classifier to load. */
    public boolean hasClassifier() {
        return !BASELINE_KIND.equals(kind);
    }

    /**
     * How the segment is scored: {@link #MODEL}, {@link #BASELINE} or {@link #NO_HISTORY}. A segment the model never
     * saw gets the 'all' base rate. Metadata written before per-segment floors: every segment as the pooled verdict.
     */
    public String statusOf(String segment) {
        if (hasClassifier()) {
            boolean model = segmentStatus == null ? passedFloors : MODEL.equals(segmentStatus.get(segment));
            if (model) {
                return MODEL;
            }
        }
        return baseRateOf(segment) == null ? NO_HISTORY : BASELINE;
    }

    /** Base rate of the segment, else of all segments, else null (no labelled history). */
    public Double baseRateOf(String segment) {
        if (baseRates == null) {
            return null;
        }
        Double v = baseRates.get(segment);
        return v != null ? v : baseRates.get(ALL_SEGMENTS);
    }

    /** Mean uplift of the segment, else of all segments, else 0. */
    public double upliftOf(String segment) {
        Double v = upliftBySegment.get(segment);
        if (v == null) {
            v = upliftBySegment.get(ALL_SEGMENTS);
        }
        return v == null ? 0.0 : v;
    }
}
