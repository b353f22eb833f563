package io.lifecycle.jobs.health;

import io.lifecycle.common.config.AppConfig;
import io.lifecycle.common.config.YamlFiles;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * conf/scorecards.yaml, bound strictly and validated on load ({@link ScorecardValidation}).
 *
 * @param minCoverage        default share of configured weight that must have data for a band other than unknown
 * @param bands              default band cut-offs
 * @param trendFlatTolerance trend is flat while |change_30d| &lt;= this many points
 * @param scorecards         the scorecards
 * @param resolution         which scorecard an account gets
 * @param overrides          where the CSV of manual overrides is (optional)
 * @param backtest           churn horizon and regularisation of the backtest and weight suggestions (optional)
 */
public record ScorecardConfig(Double minCoverage, Scorecard.Bands bands, Double trendFlatTolerance,
                              List<Scorecard> scorecards, Resolution resolution, OverridesSource overrides,
                              Backtest backtest) {
    public static final String FILE_NAME = "scorecards.yaml";

    public ScorecardConfig {
        scorecards = scorecards == null ? List.of() : List.copyOf(scorecards);
        backtest = backtest == null ? new Backtest(null, null) : backtest;
    }

    /**
     * @param horizonDays days after a month-end snapshot in which churn counts (default 90)
     * @param regParam    L2 regularisation of the weight-suggestion regression (default 0.01)
     */
    public record Backtest(Integer horizonDays, Double regParam) {
        public Backtest {
            horizonDays = horizonDays == null ? 90 : horizonDays;
            regParam = regParam == null ? WeightSuggestions.DEFAULT_REG_PARAM : regParam;
        }
    }

    /**
     * Maps accounts to scorecards: the first rule whose segment (and stage, when the features carry a stage column)
     * matches wins; otherwise defaultScorecard.
     */
    public record Resolution(List<Rule> rules, String defaultScorecard) {
        public Resolution {
            rules = rules == null ? List.of() : List.copyOf(rules);
        }
    }

    /**
     * @param segment   segment the rule matches; null matches every segment
     * @param stage     reserved for lifecycle stages: matched against a {@code stage} column when the features
     *                  have one, ignored otherwise
     * @param scorecard scorecard name
     */
    public record Rule(String segment, String stage, String scorecard) {
    }

    /** @param path CSV file, relative to the config folder; the file may be absent (no overrides). */
    public record OverridesSource(String path) {
    }

    /** Reads and validates {@code <configDir>/scorecards.yaml}. */
    public static ScorecardConfig load(Path configDir, AppConfig app) {
        Path file = configDir.resolve(FILE_NAME);
        return ScorecardValidation.validate(file.toString(), YamlFiles.read(file, ScorecardConfig.class),
                ScorecardValidation.segmentNames(app));
    }

    public Scorecard scorecard(String name) {
        return scorecards.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no scorecard " + name));
    }

    public Scorecard.Bands bandsOf(Scorecard s) {
        return s.bands() != null ? s.bands() : bands;
    }

    public double minCoverageOf(Scorecard s) {
        return s.minCoverage() != null ? s.minCoverage() : minCoverage;
    }

    /** The overrides CSV, resolved against the config folder; empty when none is configured. */
    public Optional<Path> overridesFile(Path configDir) {
        return overrides == null || overrides.path() == null ? Optional.empty()
                : Optional.of(configDir.resolve(overrides.path()));
    }
}
