package io.lifecycle.jobs.churn;

import io.lifecycle.common.config.YamlFiles;
import io.lifecycle.jobs.propensity.ClassifierSettings;

import java.nio.file.Path;

import static io.lifecycle.common.config.ConfigChecks.share;

/**
 * conf/churn.yaml, bound strictly and validated on load; every key is required (see the shipped file for what each
 * means). The keys it shares with conf/expansion.yaml mean the same ({@link ClassifierSettings}); the churn and the
 * contraction model are both trained with them.
 *
 * @param contractionShare an account contracts when, still paying at the end of the horizon, its constant-currency
 *                         MRR fell by at least this share of its MRR on the snapshot date (0.10: down 10 % or more)
 */
public record ChurnConfig(Integer horizonDays, Double contractionShare, Integer validationSnapshots,
                          Integer minTrainingSnapshots, Retrain retrain, Floors floors, Integer calibrationBins,
                          Long seed, Models models) implements ClassifierSettings {
    public static final String FILE_NAME = "churn.yaml";

    /** Reads and validates {@code <configDir>/churn.yaml}. */
    public static ChurnConfig load(Path configDir) {
        Path file = configDir.resolve(FILE_NAME);
        return validate(file.toString(), YamlFiles.read(file, ChurnConfig.class));
    }

    static ChurnConfig validate(String file, ChurnConfig c) {
        ClassifierSettings.validate(file, c, 365);
        share(file, "contractionShare", c.contractionShare(), false);
        return c;
    }
}
