package io.lifecycle.jobs.lifecycle;

import io.lifecycle.common.config.ConfigException;
import io.lifecycle.common.config.YamlFiles;

import java.io.Serializable;
import java.nio.file.Path;

/**
 * conf/lifecycle.yaml, bound strictly and validated on load. The meaning of every key is documented in the file.
 *
 * @param activation        when a paying account counts as activated
 * @param renewalWindowDays the renewal window opens this many days before the next contract renewal
 * @param dormancyDays      a paying account without a product event for this many days is dormant
 * @param advocate          when a customer counts as a proven advocate
 * @param lostLeadDays      an open lead without a trial start, touch or conversion for this many days since the
 *                          last of them (or its creation) is lost
 * @param retireAfterDays   a lost lead or churned account gets a daily row for this many days after entering the
 *                          stage, then none until it comes back; optional, {@value #DEFAULT_RETIRE_AFTER_DAYS}
 */
public record LifecycleConfig(Activation activation, Integer renewalWindowDays, Integer dormancyDays,
                              Advocate advocate, Integer lostLeadDays, Integer retireAfterDays) implements Serializable {
    public static final String FILE_NAME = "lifecycle.yaml";
    /** retireAfterDays when the file does not give it (a config folder written before the key existed). */
    public static final int DEFAULT_RETIRE_AFTER_DAYS = 30;

    /**
     * Activation: seat_utilisation ≥ minSeatShare and key_features_used_30d ≥ minKeyFeatures on a snapshot with
     * tenure_days ≥ minTenureDays; expected within withinDays of the first payment.
     */
    public record Activation(Double minSeatShare, Integer minKeyFeatures, Integer minTenureDays, Integer withinDays)
            implements Serializable {
    }

    /** Advocate: tenure, days green, latest NPS and renewals all at least these. */
    public record Advocate(Integer minTenureDays, Integer minHealthyDays, Integer minNps, Integer minRenewals)
            implements Serializable {
    }

    public static LifecycleConfig load(Path configDir) {
        Path file = configDir.resolve(FILE_NAME);
        return validate(file.toString(), YamlFiles.read(file, LifecycleConfig.class));
    }

    static LifecycleConfig validate(String file, LifecycleConfig c) {
        section(file, "activation", c.activation());
        Double share = c.activation().minSeatShare();
        if (share == null || !(share >= 0 && share <= 1)) {
            throw new ConfigException(file, "activation.minSeatShare", (share == null ? "missing" : share
                    + " is out of range") + "; give a share of seats from 0 to 1, e.g. 0.5");
        }
        range(file, "activation.minKeyFeatures", c.activation().minKeyFeatures(), 0, 1000);
        range(file, "activation.withinDays", c.activation().withinDays(), 1, 730);
        range(file, "activation.minTenureDays", c.activation().minTenureDays(), 0, 730);
        if (c.activation().minTenureDays() > c.activation().withinDays()) {
            throw new ConfigException(file, "activation.minTenureDays", c.activation().minTenureDays()
                    + " is more than activation.withinDays (" + c.activation().withinDays()
                    + "), so every account would be overdue before it could activate; give at most withinDays");
        }
        range(file, "renewalWindowDays", c.renewalWindowDays(), 1, 365);
        range(file, "dormancyDays", c.dormancyDays(), 1, 365);
        section(file, "advocate", c.advocate());
        range(file, "advocate.minTenureDays", c.advocate().minTenureDays(), 0, 36500);
        range(file, "advocate.minHealthyDays", c.advocate().minHealthyDays(), 0, 36500);
        range(file, "advocate.minNps", c.advocate().minNps(), 0, 10);
        range(file, "advocate.minRenewals", c.advocate().minRenewals(), 0, 1000);
        range(file, "lostLeadDays", c.lostLeadDays(), 1, 730);
        if (c.retireAfterDays() == null) {
            c = new LifecycleConfig(c.activation(), c.renewalWindowDays(), c.dormancyDays(), c.advocate(),
                    c.lostLeadDays(), DEFAULT_RETIRE_AFTER_DAYS);
        }
        range(file, "retireAfterDays", c.retireAfterDays(), 0, 3650);
        return c;
    }

    private static void section(String file, String key, Object value) {
        if (value == null) {
            throw new ConfigException(file, key, "missing; see the shipped conf/lifecycle.yaml for its keys");
        }
    }

    private static void range(String file, String key, Integer value, int min, int max) {
        if (value == null) {
            throw new ConfigException(file, key, "missing; give a whole number from " + min + " to " + max);
        }
        if (value < min || value > max) {
            throw new ConfigException(file, key, value + " is out of range; allowed " + min + " to " + max);
        }
    }
}
