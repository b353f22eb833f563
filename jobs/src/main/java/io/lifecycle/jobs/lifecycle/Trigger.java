package io.lifecycle.jobs.lifecycle;

import java.util.Locale;

/**
 * What moved an entity between stages (gold.lifecycle_transitions.trigger). The ten, plus two for the
 * advocate half of the renewal stage: advocate_qualified (engaged or onboarding → renewal because the advocate
 * criteria hold) and advocate_lapsed (renewal → engaged because they stopped holding, without a renewal).
 */
public enum Trigger {
    TRIAL_STARTED, FIRST_PAYMENT, ACTIVATED, RENEWAL_WINDOW_OPENED, RENEWED, EXPANDED, WENT_DORMANT, REACTIVATED,
    CHURNED, LEAD_LOST, ADVOCATE_QUALIFIED, ADVOCATE_LAPSED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
