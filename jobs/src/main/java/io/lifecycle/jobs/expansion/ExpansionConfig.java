package io.lifecycle.jobs.expansion;

import io.lifecycle.common.config.ConfigException;
import io.lifecycle.common.config.YamlFiles;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.io.Serializable;
import java.nio.file.Path;

import static io.lifecycle.common.config.ConfigChecks.range;
import static io.lifecycle.common.config.ConfigChecks.required;
import static io.lifecycle.common.config.ConfigChecks.share;

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
                              Long seed, Models models, Integer maxOpportunities) implements Serializable {
    public static final String FILE_NAME = "expansion.yaml";

    /** @param everyDays retrain when the newest model is this many days old; @param onForce retrain on --force */
    public record Retrain(Integer everyDays, Boolean onForce) implements Serializable {
    }

    /**
     * @param minRocAuc lowest validation ROC AUC of a segment; the segment must also beat its base rate (Brier skill
     *                  score &gt; 0), which is the definition of useful and has no setting
     */
    /** maxEce (until issue 14) is accepted and ignored: a segment's model is judged by ROC AUC and Brier skill. */
    @JsonIgnoreProperties({"maxEce"})
    public record Floors(Double minRocAuc) implements Serializable {
    }

    public record Models(GradientBoostedTrees gradientBoostedTrees, LogisticRegression logisticRegression)
            implements Serializable {
    }

    public record GradientBoostedTrees(Integer maxIter, Integer maxDepth, Double stepSize, Double subsamplingRate)
            implements Serializable {
    }

    public record LogisticRegression(Integer maxIter, Double regParam, Double elasticNetParam) implements Serializable {
    }

    /** Reads and validates {@code <configDir>/expansion.yaml}. */
    public static ExpansionConfig load(Path configDir) {
        Path file = configDir.resolve(FILE_NAME);
        return validate(file.toString(), YamlFiles.read(file, ExpansionConfig.class));
    }

    static ExpansionConfig validate(String file, ExpansionConfig c) {
        range(file, "horizonDays", c.horizonDays(), 7, 730);
        range(file, "validationSnapshots", c.validationSnapshots(), 1, 60);
        range(file, "minTrainingSnapshots", c.minTrainingSnapshots(), 1, 1000);
        required(file, "retrain", c.retrain(), "{everyDays: N, onForce: true|false}");
        range(file, "retrain.everyDays", c.retrain().everyDays(), 1, 366);
        required(file, "retrain.onForce", c.retrain().onForce(), "true or false");
        required(file, "floors", c.floors(), "{minRocAuc: x}");
        share(file, "floors.minRocAuc", c.floors().minRocAuc(), true);
        range(file, "calibrationBins", c.calibrationBins(), 2, 100);
        required(file, "seed", c.seed(), "a whole number");
        required(file, "models", c.models(), "gradientBoostedTrees and logisticRegression");
        GradientBoostedTrees gbt = c.models().gradientBoostedTrees();
        required(file, "models.gradientBoostedTrees", gbt, "{maxIter, maxDepth, stepSize, subsamplingRate}");
        range(file, "models.gradientBoostedTrees.maxIter", gbt.maxIter(), 1, 1000);
        range(file, "models.gradientBoostedTrees.maxDepth", gbt.maxDepth(), 1, 15);
        share(file, "models.gradientBoostedTrees.stepSize", gbt.stepSize(), false);
        share(file, "models.gradientBoostedTrees.subsamplingRate", gbt.subsamplingRate(), false);
        LogisticRegression lr = c.models().logisticRegression();
        required(file, "models.logisticRegression", lr, "{maxIter, regParam, elasticNetParam}");
        range(file, "models.logisticRegression.maxIter", lr.maxIter(), 1, 10_000);
        required(file, "models.logisticRegression.regParam", lr.regParam(), "a number >= 0");
        if (!(lr.regParam() >= 0)) {
            throw new ConfigException(file, "models.logisticRegression.regParam", lr.regParam()
                    + " is out of range; allowed 0 or more");
        }
        share(file, "models.logisticRegression.elasticNetParam", lr.elasticNetParam(), true);
        range(file, "maxOpportunities", c.maxOpportunities(), 1, 20);
        return c;
    }
}
