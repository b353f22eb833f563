package io.lifecycle.jobs.lifecycle;

import io.lifecycle.jobs.shared.LifecycleStage;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

import static io.lifecycle.jobs.shared.LifecycleStage.AWARENESS;
import static io.lifecycle.jobs.shared.LifecycleStage.CHURNED;
import static io.lifecycle.jobs.shared.LifecycleStage.CONVERSION;
import static io.lifecycle.jobs.shared.LifecycleStage.DORMANT;
import static io.lifecycle.jobs.shared.LifecycleStage.ENGAGED;
import static io.lifecycle.jobs.shared.LifecycleStage.LOST;
import static io.lifecycle.jobs.shared.LifecycleStage.ONBOARDING;
import static io.lifecycle.jobs.shared.LifecycleStage.RENEWAL;

/**
 * One step of the lifecycle: the state on the previous snapshot (null: first seen) and today's observation give
 * today's state. Plain Java, so a backfill (a fold over many dates) and nightly runs (one step from each entity's
 * newest stored row) are the same computation. The rules, in order of precedence, for an account:
 * no paid term and paid before → churned (no_paid_term); trial in force → conversion (trial_in_force); never paid,
 * after a trial or a lost lead → lost (trial_ended_without_purchase), else awareness (account_without_purchase);
 * paying: no event for dormancyDays → dormant (no_activity); renewal within renewalWindowDays → renewal
 * (renewal_window, the contract window alone); activated → engaged (activated); else onboarding (not_yet_activated,
 * or activation_overdue after activation.withinDays). Activated: seat share and key features met the activation
 * bars on one snapshot with tenure of at least activation.minTenureDays; it holds until an expansion at renewal or a
 * new purchase after churn. Advocacy is an attribute, not a stage: a paying account in any stage is an advocate
 * (is_advocate) while every criterion of the advocate block holds. An open lead: its trial ended without a purchase
 * (the warehouse says when) → lost (trial_ended_without_purchase); no trial start, touch or creation within
 * lostLeadDays → lost (lead_timeout); trial started → conversion (lead_trial); else awareness (lead_open).
 * A lost or churned entity is {@link #retired} once it has been in the stage for more than retireAfterDays: it gets
 * no row until a step moves it to another stage (a new trial, touch or conversion of a lead; a new purchase).
 */
public final class StageMachine implements Serializable {
    private final LifecycleConfig config;

    public StageMachine(LifecycleConfig config) {
        this.config = config;
    }

    public StageState step(StageState prev, Observation o) {
        return o.isLead() ? lead(prev, o) : account(prev, o);
    }

    private StageState lead(StageState prev, Observation o) {
        LocalDate d = o.snapshotDate();
        boolean trial = o.trialStarted() != null && !o.trialStarted().isAfter(d);
        if (trial && o.trialEnded() != null) {
            return next(prev, o, LOST, "trial_ended_without_purchase", Trigger.LEAD_LOST, false, null, 0, null, null,
                    false);
        }
        LocalDate lastActivity = latest(o.leadCreated(), trial ? o.trialStarted() : null, o.lastTouch());
        if (ChronoUnit.DAYS.between(lastActivity, d) >= config.lostLeadDays()) {
            return next(prev, o, LOST, "lead_timeout", Trigger.LEAD_LOST, false, null, 0, null, null, false);
        }
        if (trial) {
            return next(prev, o, CONVERSION, "lead_trial", Trigger.TRIAL_STARTED, false, null, 0, null, null, false);
        }
        return next(prev, o, AWARENESS, "lead_open", null, false, null, 0, null, null, false);
    }

    /**
     * Whether {@code s} gets no row: lost or churned for more than retireAfterDays. The state stays the entity's last
     * row, and the next step from it that changes the stage writes rows again.
     */
    public boolean retired(StageState s) {
        return (s.stage() == LOST || s.stage() == CHURNED) && s.daysInStage() > config.retireAfterDays();
    }

    private static LocalDate latest(LocalDate... days) {
        LocalDate max = null;
        for (LocalDate day : days) {
            if (day != null && (max == null || day.isAfter(max))) {
                max = day;
            }
        }
        return max;
    }

    private StageState account(StageState prev, Observation o) {
        LocalDate d = o.snapshotDate();
        LocalDate greenSince = "green".equals(o.band())
                ? (prev != null && prev.greenSince() != null ? prev.greenSince() : d) : null;
        String status = o.customerStatus();
        if (!"active".equals(status)) {
            if ("churned".equals(status)) {
                return next(prev, o, CHURNED, "no_paid_term", Trigger.CHURNED, false, null, 0, null, greenSince, false);
            }
            if ("trial".equals(status)) {
                return next(prev, o, CONVERSION, "trial_in_force", Trigger.TRIAL_STARTED, false, null, 0, null,
                        greenSince, false);
            }
            boolean afterTrial = prev != null && (prev.stage() == CONVERSION || prev.stage() == LOST);
            return afterTrial
                    ? next(prev, o, LOST, "trial_ended_without_purchase", Trigger.LEAD_LOST, false, null, 0, null,
                    greenSince, false)
                    : next(prev, o, AWARENESS, "account_without_purchase", null, false, null, 0, null, greenSince,
                    false);
        }
        boolean wasPaying = prev != null && prev.stage().paying();
        LocalDate renewal = contractRenewal(o);
        boolean renewed = wasPaying && prev.nextRenewalDate() != null && renewal != null
                && renewal.isAfter(prev.nextRenewalDate());
        boolean expanded = renewed && (greater(o.seats(), prev.seats()) || greater(o.mrr(), prev.mrr()));
        int renewals = wasPaying ? prev.renewals() + (renewed ? 1 : 0) : 0;
        boolean activated = wasPaying && prev.activated() && !expanded;
        LocalDate activatedOn = activated ? prev.activatedOn() : null;
        if (!activated && activationCriteria(o)) {
            activated = true;
            activatedOn = d;
        }
        LifecycleStage stage;
        String rule;
        if (dormant(o)) {
            stage = DORMANT;
            rule = "no_activity";
        } else if (renewal != null && ChronoUnit.DAYS.between(d, renewal) <= config.renewalWindowDays()) {
            stage = RENEWAL;
            rule = "renewal_window";
        } else if (activated) {
            stage = ENGAGED;
            rule = "activated";
        } else {
            stage = ONBOARDING;
            LocalDate start = onboardingStart(prev, o);
            rule = start != null && ChronoUnit.DAYS.between(start, d) > config.activation().withinDays()
                    ? "activation_overdue" : "not_yet_activated";
        }
        Trigger trigger = payingTrigger(prev, wasPaying, stage, renewed, expanded);
        return next(prev, o, stage, rule, trigger, activated, activatedOn, renewals, renewal, greenSince,
                advocate(o, greenSince, renewals));
    }

    /** Why a paying account is in {@code stage} when it was in another one on the previous snapshot. */
    private static Trigger payingTrigger(StageState prev, boolean wasPaying, LifecycleStage stage, boolean renewed,
                                         boolean expanded) {
        if (!wasPaying) {
            return Trigger.FIRST_PAYMENT;
        }
        if (stage == DORMANT) {
            return Trigger.WENT_DORMANT;
        }
        if (prev.stage() == DORMANT) {
            return Trigger.REACTIVATED;
        }
        if (stage == RENEWAL) {
            return Trigger.RENEWAL_WINDOW_OPENED;
        }
        if (expanded) {
            return Trigger.EXPANDED;
        }
        if (renewed) {
            return Trigger.RENEWED;
        }
        if (prev.stage() == RENEWAL) {
            // left renewal without a renewal: only from a row the former advocate rule put there
            return Trigger.ADVOCATE_LAPSED;
        }
        return Trigger.ACTIVATED;
    }

    /**
     * When the current onboarding began: the first payment for an account first seen paying (or seen onboarding
     * since then), else the snapshot it entered onboarding (a new purchase after churn, or an expansion).
     */
    private static LocalDate onboardingStart(StageState prev, Observation o) {
        if (prev == null || prev.stage() == ONBOARDING && prev.previousStage() == null) {
            return o.firstPaidDate();
        }
        return prev.stage() == ONBOARDING ? prev.enteredOn() : o.snapshotDate();
    }

    /**
     * Seat share and key features of the last 30 days at least the configured bars, once the account has paid for
     * activation.minTenureDays: before that the 30-day window still holds days before the first payment (a trial),
     * so it would not show how the paid product is used. Tenure counts from the first payment, so an account back in
     * onboarding after an expansion (a full paid window behind it) can activate again at once.
     */
    private boolean activationCriteria(Observation o) {
        LifecycleConfig.Activation a = config.activation();
        return o.tenureDays() != null && o.tenureDays() >= a.minTenureDays()
                && o.seatUtilisation() != null && o.seatUtilisation() >= a.minSeatShare()
                && o.keyFeaturesUsed() != null && o.keyFeaturesUsed() >= a.minKeyFeatures();
    }

    /** No event for dormancyDays; an account never active counts its days from the first payment. */
    private boolean dormant(Observation o) {
        Integer idle = o.daysSinceLastActivity() != null ? o.daysSinceLastActivity() : o.tenureDays();
        return idle != null && idle >= config.dormancyDays();
    }

    /** The advocate block: tenure, days green, latest NPS and renewals all at least the configured ones. */
    private boolean advocate(Observation o, LocalDate greenSince, int renewals) {
        LifecycleConfig.Advocate a = config.advocate();
        return o.tenureDays() != null && o.tenureDays() >= a.minTenureDays()
                && greenSince != null && ChronoUnit.DAYS.between(greenSince, o.snapshotDate()) >= a.minHealthyDays()
                && o.latestNps() != null && o.latestNps() >= a.minNps()
                && renewals >= a.minRenewals();
    }

    /**
     * The next contract renewal on or after the snapshot date and after the first payment: annual billing uses the
     * features' renewal_date (end of the term in force + 1, or the yearly anniversary); monthly billing the yearly
     * anniversary of the first payment, so a monthly payer renews once a year rather than every month.
     */
    static LocalDate contractRenewal(Observation o) {
        LocalDate first = o.firstPaidDate();
        LocalDate d = o.snapshotDate();
        if ("annual".equals(o.billingPeriod()) && o.renewalDate() != null) {
            return o.renewalDate().isAfter(first == null ? LocalDate.MIN : first) ? o.renewalDate()
                    : o.renewalDate().plusYears(1);
        }
        if (first == null) {
            return null;
        }
        LocalDate anniversary = first.plusYears(Math.max(1, ChronoUnit.YEARS.between(first, d)));
        return anniversary.isBefore(d) ? anniversary.plusYears(1) : anniversary;
    }

    private static boolean greater(Integer now, Integer before) {
        return now != null && before != null && now > before;
    }

    private static boolean greater(BigDecimal now, BigDecimal before) {
        return now != null && before != null && now.compareTo(before) > 0;
    }

    private static StageState next(StageState prev, Observation o, LifecycleStage stage, String rule,
                                   Trigger trigger, boolean activated, LocalDate activatedOn, int renewals,
                                   LocalDate nextRenewal, LocalDate greenSince, boolean advocate) {
        LocalDate d = o.snapshotDate();
        boolean same = prev != null && prev.stage() == stage;
        LocalDate enteredOn = same ? prev.enteredOn() : d;
        LifecycleStage previousStage = prev == null ? null : same ? prev.previousStage() : prev.stage();
        Trigger entry = prev == null ? null : same ? prev.entryTrigger() : trigger;
        Integer daysInPrevious = null;
        if (prev != null) {
            daysInPrevious = same ? prev.daysInPreviousStage()
                    : Integer.valueOf((int) ChronoUnit.DAYS.between(prev.enteredOn(), d));
        }
        String leadId = o.leadId() != null ? o.leadId() : prev == null ? null : prev.leadId();
        return new StageState(d, o.accountId(), leadId, o.segment(), stage, rule, enteredOn, previousStage, entry,
                daysInPrevious, activated, activatedOn, renewals, nextRenewal, greenSince, o.seats(), o.mrr(),
                advocate);
    }
}
