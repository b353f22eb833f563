package io.lifecycle.jobs.propensity;

import io.lifecycle.common.config.ConfigException;

import java.io.Serializable;

import static io.lifecycle.common.config.ConfigChecks.range;
import static io.lifecycle.common.config.ConfigChecks.required;
import static io.lifecycle.common.config.ConfigChecks.share;

/**
 * The keys every propensity model's configuration has (conf/expansion.yaml, conf/churn.yaml): how it is labelled,
 * split, retrained, judged and fitted. Each file binds to its own record, which implements this interface, so the one
 * training mechanism ({@link PropensityTraining}) serves both with their own settings.
 */
public interface ClassifierSettings extends Serializable {
    /** Days after a snapshot in which an event counts (label horizon). */
    Integer horizonDays();

    /** Newest labelled snapshot dates held out for validation and calibration. */
    Integer validationSnapshots();

    /** Older labelled snapshot dates needed to train at all. */
    Integer minTrainingSnapshots();

    Retrain retrain();

    Floors floors();

    /** Equal-width probability bins of the calibration table and ECE. */
    Integer calibrationBins();

    /** Seed of every random choice in training. */
    Long seed();

    Models models();

    /**
     * @param everyDays retrain when the newest model is this many days old and a snapshot has been labelled since it
     * @param onForce   retrain on --force
     */
    record Retrain(Integer everyDays, Boolean onForce) implements Serializable {
    }

    /**
     * @param minRocAuc lowest validation ROC AUC of a segment; the segment must also beat its base rate (Brier skill
     *                  score &gt; 0), which is the definition of useful and has no setting
     */
    // maxEce (until issue 14) is accepted and ignored: a segment's model is judged by ROC AUC and Brier skill.
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties({"maxEce"})
    record Floors(Double minRocAuc) implements Serializable {
    }

    record Models(GradientBoostedTrees gradientBoostedTrees, LogisticRegression logisticRegression)
            implements Serializable {
    }

    record GradientBoostedTrees(Integer maxIter, Integer maxDepth, Double stepSize, Double subsamplingRate)
            implements Serializable {
    }

    record LogisticRegression(Integer maxIter, Double regParam, Double elasticNetParam) implements Serializable {
    }

    /** Validates the shared keys of {@code file}; throws {@link ConfigException} naming the key. */
    static void validate(String file, ClassifierSettings c, int maxHorizonDays) {
        range(file, "horizonDays", c.horizonDays(), 7, maxHorizonDays);
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
    }
}
