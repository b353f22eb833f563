package io.lifecycle.jobs.demodata;

import io.lifecycle.common.config.EnumNames;


/**
 * What drives churn in a generated warehouse. Every profile draws churn from the same hidden health; they differ in
 * which observable signals the hidden health shows through, so a scorecard fitted to one profile is not the best
 * for the other (what {@code bin/lifecycle health tune} is for).
 */
public enum Profile {
    /**
     * The default: usage, dormancy, support, billing, surveys and touch responses all follow the hidden health, and
     * a dormant account is likelier to churn.
     */
    USAGE_DRIVEN("usage-driven"),
    /**
     * Churn shows mostly in support trouble and payment failures: product usage no longer follows the hidden health
     * (every account uses the product as a healthy one would, scaled by its own activity), dormancy spells start at a
     * flat rate whatever the health and no longer add to churn; tickets, CSAT, failed payments, NPS and touch
     * responses follow the hidden health as in {@link #USAGE_DRIVEN}.
     */
    SUPPORT_DRIVEN("support-driven");

    /** The hidden health usage follows under {@link #SUPPORT_DRIVEN}: the mean a healthy account reverts to. */
    static final double STEADY_USAGE_HEALTH = 0.72;
    /** Monthly chance that a dormancy spell starts under {@link #SUPPORT_DRIVEN}, whatever the health. */
    static final double FLAT_DORMANCY_CHANCE = 0.02;

    private final String cliName;

    Profile(String cliName) {
        this.cliName = cliName;
    }

    /** The name on the command line and in messages, e.g. support-driven. */
    public String cliName() {
        return cliName;
    }

    public static Profile parse(String name) {
        return EnumNames.parse(values(), Profile::cliName, name, "generator profile");
    }
}
