package io.lifecycle.jobs.features;

import io.lifecycle.common.config.ConfigException;
import io.lifecycle.common.config.YamlFiles;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * conf/features.yaml.
 *
 * @param keyFeatures key features per plan tier; the entry {@code default} applies to tiers not listed
 */
public record FeaturesConfig(Map<String, List<String>> keyFeatures) implements Serializable {
    public static final String FILE_NAME = "features.yaml";
    public static final String DEFAULT_PLAN = "default";

    public FeaturesConfig {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        if (keyFeatures != null) {
            keyFeatures.forEach((plan, features) -> copy.put(plan, features == null ? List.of()
                    : List.copyOf(new LinkedHashSet<>(features))));
        }
        keyFeatures = copy;
    }

    public static FeaturesConfig load(Path configDir) {
        Path file = configDir.resolve(FILE_NAME);
        return validate(file.toString(), YamlFiles.read(file, FeaturesConfig.class));
    }

    static FeaturesConfig validate(String file, FeaturesConfig c) {
        if (!c.keyFeatures().containsKey(DEFAULT_PLAN)) {
            throw new ConfigException(file, "keyFeatures.default", "missing; list the key features of plans "
                    + "without their own entry, e.g. 'default: [reports, integrations]'");
        }
        c.keyFeatures().forEach((plan, features) -> {
            if (features.isEmpty()) {
                throw new ConfigException(file, "keyFeatures." + plan, "needs at least one feature");
            }
            for (String f : features) {
                if (f == null || f.isBlank()) {
                    throw new ConfigException(file, "keyFeatures." + plan, "holds an empty feature name");
                }
            }
        });
        return c;
    }

    /** The key features of a plan tier. */
    public List<String> keyFeaturesOf(String planTier) {
        return keyFeatures.getOrDefault(planTier, keyFeatures.get(DEFAULT_PLAN));
    }
}
