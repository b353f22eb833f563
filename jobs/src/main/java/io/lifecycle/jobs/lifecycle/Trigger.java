package io.lifecycle.jobs.lifecycle;

import java.util.Locale;

/**
 * What moved an entity between stages (gold.lifecycle_transitions.trigger). The ten, plus two that only
 * rows written before advocacy became an attribute (is_advocate) carry: advocate_qualified (into renewal by the
 * former advocate rule) and advocate_lapsed (renewal → engaged without a renewal, leaving such a row). They stay so
 * that stored rows still read.
 */
public enum Trigger {
    TRIAL_STARTED, FIRST_PAYMENT, ACTIVATED, RENEWAL_WINDOW_OPENED, RENEWED, EXPANDED, WENT_DORMANT, REACTIVATED,
    CHURNED, LEAD_LOST, ADVOCATE_QUALIFIED, ADVOCATE_LAPSED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
