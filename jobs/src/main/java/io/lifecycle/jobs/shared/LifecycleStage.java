package io.lifecycle.jobs.shared;

import java.util.Locale;

/** The stage codes scripts and dashboards rely on; {@link #code()} is what the tables hold. */
public enum LifecycleStage {
    AWARENESS(false), CONVERSION(false), ONBOARDING(true), ENGAGED(true), RENEWAL(true), DORMANT(true),
    CHURNED(false), LOST(false);

    private final boolean paying;

    LifecycleStage(boolean paying) {
        this.paying = paying;
    }

    /** Whether an account in this stage has a paid term in force. */
    public boolean paying() {
        return paying;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static LifecycleStage of(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
