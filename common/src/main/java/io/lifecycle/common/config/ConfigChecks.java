package io.lifecycle.common.config;

/**
 * The checks model configs run on load, each failing with one {@link ConfigException} naming the file, the key and
 * what is allowed. (ClvConfig, LifecycleConfig and ScorecardValidation still carry private copies of the first two.)
 */
public final class ConfigChecks {
    private ConfigChecks() {
    }

    public static void required(String file, String key, Object value, String allowed) {
        if (value == null) {
            throw new ConfigException(file, key, "missing; give " + allowed);
        }
    }

    /** A whole number from min to max inclusive. */
    public static void range(String file, String key, Integer value, int min, int max) {
        required(file, key, value, "a whole number from " + min + " to " + max);
        if (value < min || value > max) {
            throw new ConfigException(file, key, value + " is out of range; allowed " + min + " to " + max);
        }
    }

    /** A share: greater than 0 (at least 0 when {@code zeroAllowed}) and at most 1. */
    public static void share(String file, String key, Double value, boolean zeroAllowed) {
        required(file, key, value, "a number between 0 and 1");
        if (!((zeroAllowed ? value >= 0 : value > 0) && value <= 1)) {
            throw new ConfigException(file, key, value + " is out of range; allowed "
                    + (zeroAllowed ? "0" : "greater than 0") + " to 1");
        }
    }
}
