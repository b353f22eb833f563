package io.lifecycle.jobs.health;

import io.lifecycle.common.catalog.SilverTables;
import io.lifecycle.common.config.AppConfig;
import io.lifecycle.common.config.ConfigException;
import io.lifecycle.common.config.SegmentRule;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The checks of conf/scorecards.yaml beyond its shape; every error names the file, the key and what is allowed. */
final class ScorecardValidation {
    private static final Set<String> CAP_BANDS = Set.of(Band.RED.label(), Band.YELLOW.label());

    private ScorecardValidation() {
    }

    static ScorecardConfig validate(String file, ScorecardConfig c, Set<String> segments) {
        share(file, "minCoverage", c.minCoverage());
        bands(file, "bands", c.bands());
        required(file, "trendFlatTolerance", c.trendFlatTolerance(), "points of change_30d still called flat, e.g. 5");
        if (c.trendFlatTolerance() < 0) {
            throw new ConfigException(file, "trendFlatTolerance", c.trendFlatTolerance() + " is negative; allowed 0 or more");
        }
        if (c.backtest().horizonDays() < 30 || c.backtest().horizonDays() > 365) {
            throw new ConfigException(file, "backtest.horizonDays", c.backtest().horizonDays()
                    + " is out of range; allowed 30 to 365 days");
        }
        if (!(c.backtest().regParam() >= 0)) {
            throw new ConfigException(file, "backtest.regParam", c.backtest().regParam()
                    + " is negative; allowed 0 or more (e.g. 0.01)");
        }
        if (c.scorecards().isEmpty()) {
            throw new ConfigException(file, "scorecards", "missing; give at least one scorecard");
        }
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < c.scorecards().size(); i++) {
            Scorecard s = c.scorecards().get(i);
            String key = "scorecards[" + i + "]";
            text(file, key + ".name", s.name());
            if (!names.add(s.name())) {
                throw new ConfigException(file, key + ".name", "duplicate scorecard name " + s.name());
            }
            scorecard(file, key, s);
        }
        resolution(file, c.resolution(), names, segments);
        if (c.overrides() != null) {
            text(file, "overrides.path", c.overrides().path());
        }
        return c;
    }

    static Set<String> segmentNames(AppConfig app) {
        Set<String> names = new LinkedHashSet<>();
        for (SegmentRule s : app.segments()) {
            names.add(s.name());
        }
        names.add(app.defaultSegment());
        return names;
    }

    /** Numeric columns of silver.account_features_daily: the features a measure or guard-rail may read. */
    static Set<String> numericFeatures() {
        Set<String> names = new LinkedHashSet<>();
        for (StructField f : SilverTables.ACCOUNT_FEATURES_DAILY.schema().fields()) {
            DataType t = f.dataType();
            if (t.equals(DataTypes.IntegerType) || t.equals(DataTypes.LongType) || t.equals(DataTypes.DoubleType)
                    || t instanceof DecimalType) {
                names.add(f.name());
            }
        }
        return names;
    }

    private static void scorecard(String file, String key, Scorecard s) {
        text(file, key + ".version", s.version());
        if (s.bands() != null) {
            bands(file, key + ".bands", s.bands());
        }
        if (s.minCoverage() != null) {
            share(file, key + ".minCoverage", s.minCoverage());
        }
        if (s.groups().isEmpty()) {
            throw new ConfigException(file, key + ".groups", "missing; give at least one group of measures");
        }
        Set<String> groups = new HashSet<>();
        Set<String> measures = new HashSet<>();
        for (int g = 0; g < s.groups().size(); g++) {
            Scorecard.Group group = s.groups().get(g);
            String gk = key + ".groups[" + g + "]";
            text(file, gk + ".name", group.name());
            if (!groups.add(group.name())) {
                throw new ConfigException(file, gk + ".name", "duplicate group name " + group.name());
            }
            weight(file, gk + ".weight", group.weight());
            if (group.measures().isEmpty()) {
                throw new ConfigException(file, gk + ".measures", "missing; give at least one measure");
            }
            for (int m = 0; m < group.measures().size(); m++) {
                Scorecard.Measure measure = group.measures().get(m);
                String mk = gk + ".measures[" + m + "]";
                feature(file, mk + ".feature", measure.feature());
                if (!measures.add(measure.measureName())) {
                    throw new ConfigException(file, mk, "duplicate measure " + measure.measureName()
                            + " in the scorecard; give the measure a distinct name");
                }
                weight(file, mk + ".weight", measure.weight());
                normalisation(file, mk, measure);
            }
        }
        for (int r = 0; r < s.guardRails().size(); r++) {
            guardRail(file, key + ".guardRails[" + r + "]", s.guardRails().get(r));
        }
    }

    private static void normalisation(String file, String key, Scorecard.Measure m) {
        int set = (m.linear() != null ? 1 : 0) + (m.thresholds() != null ? 1 : 0)
                + (m.segmentPercentile() != null ? 1 : 0);
        if (set != 1) {
            throw new ConfigException(file, key, "give exactly one normalisation: linear: {red: x, green: y}, "
                    + "thresholds: [{atLeast: x, score: s}, ..., {otherwise: s}] or segmentPercentile: "
                    + "{higherIsBetter: true|false}");
        }
        if (m.linear() != null) {
            required(file, key + ".linear.red", m.linear().red(), "the value that scores 0");
            required(file, key + ".linear.green", m.linear().green(), "the value that scores 100");
            if (m.linear().red().equals(m.linear().green())) {
                throw new ConfigException(file, key + ".linear", "red and green are both " + m.linear().red()
                        + "; they must differ (red above green means lower is better)");
            }
        } else if (m.thresholds() != null) {
            thresholds(file, key + ".thresholds", m.thresholds());
        } else {
            required(file, key + ".segmentPercentile.higherIsBetter", m.segmentPercentile().higherIsBetter(),
                    "true or false");
        }
    }

    private static void thresholds(String file, String key, List<Scorecard.Threshold> list) {
        if (list.size() < 2) {
            throw new ConfigException(file, key, "give at least one {atLeast: x, score: s} and a last {otherwise: s}");
        }
        Double previous = null;
        for (int i = 0; i < list.size(); i++) {
            Scorecard.Threshold t = list.get(i);
            String k = key + "[" + i + "]";
            boolean last = i == list.size() - 1;
            if (last) {
                if (t.otherwise() == null || t.atLeast() != null || t.score() != null) {
                    throw new ConfigException(file, k, "the last entry must be {otherwise: score} alone");
                }
                score(file, k + ".otherwise", t.otherwise());
            } else {
                if (t.atLeast() == null || t.score() == null || t.otherwise() != null) {
                    throw new ConfigException(file, k, "expected {atLeast: x, score: s}; only the last entry is "
                            + "{otherwise: s}");
                }
                if (previous != null && t.atLeast() >= previous) {
                    throw new ConfigException(file, k + ".atLeast", t.atLeast() + " is not below the previous cut "
                            + "point " + previous + "; list cut points from the highest down");
                }
                score(file, k + ".score", t.score());
                previous = t.atLeast();
            }
        }
    }

    private static void guardRail(String file, String key, Scorecard.GuardRail r) {
        feature(file, key + ".feature", r.feature());
        if ((r.atLeast() == null) == (r.atMost() == null)) {
            throw new ConfigException(file, key, "give exactly one of atLeast or atMost");
        }
        required(file, key + ".maxBand", r.maxBand(), "red or yellow");
        if (!CAP_BANDS.contains(r.maxBand())) {
            throw new ConfigException(file, key + ".maxBand", "'" + r.maxBand() + "' is not allowed; allowed red or yellow");
        }
    }

    private static void resolution(String file, ScorecardConfig.Resolution r, Set<String> scorecards,
                                   Set<String> segments) {
        required(file, "resolution", r, "defaultScorecard and optional rules");
        required(file, "resolution.defaultScorecard", r.defaultScorecard(), "one of " + String.join(", ", scorecards));
        knownScorecard(file, "resolution.defaultScorecard", r.defaultScorecard(), scorecards);
        for (int i = 0; i < r.rules().size(); i++) {
            ScorecardConfig.Rule rule = r.rules().get(i);
            String key = "resolution.rules[" + i + "]";
            if (rule.segment() == null && rule.stage() == null) {
                throw new ConfigException(file, key, "give segment, stage or both");
            }
            if (rule.segment() != null && !segments.contains(rule.segment())) {
                throw new ConfigException(file, key + ".segment", "unknown segment '" + rule.segment()
                        + "'; segments are: " + String.join(", ", segments));
            }
            required(file, key + ".scorecard", rule.scorecard(), "one of " + String.join(", ", scorecards));
            knownScorecard(file, key + ".scorecard", rule.scorecard(), scorecards);
        }
    }

    private static void knownScorecard(String file, String key, String name, Set<String> scorecards) {
        if (!scorecards.contains(name)) {
            throw new ConfigException(file, key, "unknown scorecard '" + name + "'; scorecards are: "
                    + String.join(", ", scorecards));
        }
    }

    private static void feature(String file, String key, String feature) {
        required(file, key, feature, "a numeric column of " + SilverTables.ACCOUNT_FEATURES_DAILY);
        Set<String> allowed = numericFeatures();
        if (!allowed.contains(feature)) {
            throw new ConfigException(file, key, "unknown feature '" + feature + "'; allowed numeric columns of "
                    + SilverTables.ACCOUNT_FEATURES_DAILY + ": " + String.join(", ", allowed));
        }
    }

    private static void bands(String file, String key, Scorecard.Bands b) {
        required(file, key, b, "{redBelow: 40, greenAtLeast: 70}");
        score(file, key + ".redBelow", b.redBelow());
        score(file, key + ".greenAtLeast", b.greenAtLeast());
        if (b.redBelow() > b.greenAtLeast()) {
            throw new ConfigException(file, key, "redBelow " + b.redBelow() + " is above greenAtLeast "
                    + b.greenAtLeast() + "; allowed redBelow <= greenAtLeast");
        }
    }

    private static void weight(String file, String key, Double w) {
        required(file, key, w, "a weight greater than 0");
        if (!(w > 0) || w.isInfinite()) {
            throw new ConfigException(file, key, w + " is not allowed; a weight must be greater than 0");
        }
    }

    private static void score(String file, String key, Double s) {
        required(file, key, s, "a score from 0 to 100");
        if (!(s >= 0 && s <= 100)) {
            throw new ConfigException(file, key, s + " is out of range; allowed 0 to 100");
        }
    }

    private static void share(String file, String key, Double v) {
        required(file, key, v, "a share from 0 to 1, e.g. 0.6");
        if (!(v >= 0 && v <= 1)) {
            throw new ConfigException(file, key, v + " is out of range; allowed 0 to 1");
        }
    }

    private static void text(String file, String key, String v) {
        if (v == null || v.isBlank()) {
            throw new ConfigException(file, key, "missing; give a non-empty text");
        }
    }

    private static void required(String file, String key, Object value, String allowed) {
        if (value == null) {
            throw new ConfigException(file, key, "missing; give " + allowed);
        }
    }
}
