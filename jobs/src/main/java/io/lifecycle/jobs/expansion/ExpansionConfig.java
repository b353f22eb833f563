package io.lifecycle.jobs.expansion;

import io.lifecycle.jobs.propensity.ClassifierSettings;
import io.lifecycle.common.config.YamlFiles;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.nio.file.Path;

import static io.lifecycle.common.config.ConfigChecks.range;

/**
 * conf/expansion.yaml, bound strictly and validated on load; every key is required (see the shipped file for what
 * each means).
 *
 * @param horizonDays          days after a snapshot in which an expansion counts (label horizon)
 * @param validationSnapshots  newest labelled snapshot dates held out for validation and calibration
 * @param minTrainingSnapshots older labelled snapshot dates needed to train at all
 * @param retrain              when a new model is trained
 * @param floors               validation metrics a segment's model must reach to score it (else its base rate)
 * @param calibrationBins      equal-width probability bins of the calibration table and ECE
 * @param seed                 seed of every random choice in training
 * @param models               settings of the two candidate models
 * @param maxOpportunities     unused key features listed per account in gold.feature_adoption_opportunities
 */
// minMrrUpliftShare (until issue 14) is accepted and ignored, so an older conf/expansion.yaml still loads: an
// expansion is now any constant-currency rise (jobs.shared.RevenueChange), with no threshold.
@JsonIgnoreProperties({"minMrrUpliftShare"})
public record ExpansionConfig(Integer horizonDays, Integer validationSnapshots,
                              Integer minTrainingSnapshots, Retrain retrain, Floors floors, Integer calibrationBins,
                              Long seed, Models models, Integer maxOpportunities) implements ClassifierSettings {
    public static final String FILE_NAME = "expansion.yaml";

    /** Reads and validates {@code <configDir>/expansion.yaml}. */
    public static ExpansionConfig load(Path configDir) {
        Path file = configDir.resolve(FILE_NAME);
        return validate(file.toString(), YamlFiles.read(file, ExpansionConfig.class));
    }

    static ExpansionConfig validate(String file, ExpansionConfig c) {
        ClassifierSettings.validate(file, c, 730);
        range(file, "maxOpportunities", c.maxOpportunities(), 1, 20);
        return c;
    }
}
