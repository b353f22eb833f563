package io.lifecycle.jobs.health;

import java.util.List;

/**
 * One health scorecard of conf/scorecards.yaml: weighted groups of weighted measures, each measure a feature of
 * silver.account_features_daily normalised to 0-100 (high = healthy).
 *
 * @param name        scorecard name, recorded in every output row
 * @param version     free-form version string, recorded in every output row (bump it when weights change)
 * @param bands       band cut-offs; null: the file's default
 * @param minCoverage coverage below which the band is unknown; null: the file's default
 * @param groups      measure groups, in output order
 * @param guardRails  rules that cap the band whatever the score, e.g. failed payments
 */
public record Scorecard(String name, String version, Bands bands, Double minCoverage, List<Group> groups,
                        List<GuardRail> guardRails) {
    public Scorecard {
        groups = groups == null ? List.of() : List.copyOf(groups);
        guardRails = guardRails == null ? List.of() : List.copyOf(guardRails);
    }

    /** Band cut-offs: red when score &lt; redBelow, green when score &gt;= greenAtLeast, yellow between. */
    public record Bands(Double redBelow, Double greenAtLeast) {
    }

    /** A group of measures; its score rolls up into the overall score by weight. */
    public record Group(String name, Double weight, List<Measure> measures) {
        public Group {
            measures = measures == null ? List.of() : List.copyOf(measures);
        }
    }

    /**
     * One feature normalised to a 0-100 score; exactly one of linear, thresholds and segmentPercentile is set.
     *
     * @param name optional; defaults to the feature name (must be unique within the scorecard)
     */
    public record Measure(String name, String feature, Double weight, Linear linear, List<Threshold> thresholds,
                          SegmentPercentile segmentPercentile) {
        public Measure {
            thresholds = thresholds == null ? null : List.copyOf(thresholds);
        }

        public String measureName() {
            return name == null ? feature : name;
        }
    }

    /** 0 at red, 100 at green, straight line between, clamped; red may be above green (lower is better). */
    public record Linear(Double red, Double green) {
    }

    /**
     * A cut point: the first entry whose atLeast the value reaches gives its score; the last entry is
     * {@code {otherwise: score}}. Cut points are listed from the highest down.
     */
    public record Threshold(Double atLeast, Double score, Double otherwise) {
    }

    /**
     * 100 x percent rank of the value among the active accounts of the same segment on the same snapshot date
     * (ties share a rank; a segment with one valued account scores 0).
     */
    public record SegmentPercentile(Boolean higherIsBetter) {
    }

    /**
     * Caps the band at maxBand when the feature reaches atLeast (or is at most atMost).
     *
     * @param name optional; defaults to e.g. "failed_payments_90d >= 2"
     */
    public record GuardRail(String name, String feature, Double atLeast, Double atMost, String maxBand) {
        public String ruleName() {
            if (name != null) {
                return name;
            }
            return atLeast != null ? feature + " >= " + number(atLeast) : feature + " <= " + number(atMost);
        }

        private static String number(double v) {
            return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
        }
    }
}
