package io.lifecycle.jobs.lifecycle;

import io.lifecycle.jobs.shared.LifecycleStage;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static io.lifecycle.jobs.lifecycle.Fixtures.CONFIG;
import static io.lifecycle.jobs.lifecycle.Fixtures.account;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Every stage rule and every trigger of {@link StageMachine}, one hand-made step at a time. */
class StageMachineTest {
    private static final StageMachine MACHINE = new StageMachine(CONFIG);
    private static final LocalDate D = LocalDate.of(2024, 6, 1);

    private static StageState step(StageState prev, Fixtures.Account a) {
        return MACHINE.step(prev, a.build());
    }

    private static void assertStage(String stage, String rule, StageState s) {
        assertEquals(stage, s.stage().code(), "stage");
        assertEquals(rule, s.rule(), "rule");
    }

    @Test
    void leadsAreAwareThenConvertingThenLostAfterTheTimeout() {
        LocalDate created = LocalDate.of(2024, 1, 1);
        StageState open = MACHINE.step(null, Observation.lead(created.plusDays(5), "L1", "other", created, null));
        assertStage("awareness", "lead_open", open);
        StageState trial = MACHINE.step(open, Observation.lead(created.plusDays(10), "L1", "other", created,
                created.plusDays(8)));
        assertStage("conversion", "lead_trial", trial);
        assertEquals(Trigger.TRIAL_STARTED, trial.entryTrigger());
        assertEquals(5, trial.daysInPreviousStage());
        StageState stillTrial = MACHINE.step(trial, Observation.lead(created.plusDays(97), "L1", "other", created,
                created.plusDays(8)));
        assertStage("conversion", "lead_trial", stillTrial);
        StageState lost = MACHINE.step(stillTrial, Observation.lead(created.plusDays(98), "L1", "other", created,
                created.plusDays(8)));
        assertStage("lost", "lead_timeout", lost);
        assertEquals(Trigger.LEAD_LOST, lost.entryTrigger());
        assertEquals(LifecycleStage.CONVERSION, lost.previousStage());
        assertEquals(created.plusDays(98), lost.enteredOn());
    }

    @Test
    void aConvertedLeadPaysThenActivates() {
        LocalDate created = LocalDate.of(2023, 12, 1);
        StageState lead = MACHINE.step(null, Observation.lead(created, "L1", "other", created, null));
        StageState paying = MACHINE.step(lead, account("A", LocalDate.of(2024, 1, 5)).usage(0.1, 0).build());
        assertStage("onboarding", "not_yet_activated", paying);
        assertEquals(Trigger.FIRST_PAYMENT, paying.entryTrigger());
        assertEquals("L1", paying.leadId());
        StageState overdue = step(paying, account("A", LocalDate.of(2024, 3, 10)).usage(0.29, 3));
        assertStage("onboarding", "activation_overdue", overdue);
        StageState engaged = step(overdue, account("A", LocalDate.of(2024, 3, 11)).usage(0.3, 1));
        assertStage("engaged", "activated", engaged);
        assertEquals(Trigger.ACTIVATED, engaged.entryTrigger());
        assertEquals(LocalDate.of(2024, 3, 11), engaged.activatedOn());
        StageState stays = step(engaged, account("A", LocalDate.of(2024, 3, 12)).usage(0.1, 0));
        assertStage("engaged", "activated", stays);
        assertEquals(engaged.enteredOn(), stays.enteredOn());
        assertEquals(1, stays.daysInStage());
    }

    /** Paid since 2024-01-01: tenure 29 on 2024-01-30, 30 on 2024-01-31 (activation.minTenureDays 30). */
    @Test
    void activationIsJudgedOnlyAfterMinTenureDaysOfPayment() {
        LocalDate first = LocalDate.of(2024, 1, 1);
        StageState early = step(null, account("A", first.plusDays(29)).firstPaid(first).usage(0.9, 4));
        assertStage("onboarding", "not_yet_activated", early);
        assertEquals(false, early.activated());
        StageState month = step(early, account("A", first.plusDays(30)).firstPaid(first).usage(0.9, 4));
        assertStage("engaged", "activated", month);
        assertEquals(Trigger.ACTIVATED, month.entryTrigger());
        assertEquals(first.plusDays(30), month.activatedOn());
    }

    /** Seat share at least 0.3 and at least 1 key feature, on the same snapshot. */
    @Test
    void activationNeedsBothBarsOnOneSnapshot() {
        LocalDate first = LocalDate.of(2024, 1, 1);
        StageState seatsShort = step(null, account("A", first.plusDays(40)).firstPaid(first).usage(0.29, 4));
        assertStage("onboarding", "not_yet_activated", seatsShort);
        StageState noKeyFeature = step(seatsShort, account("A", first.plusDays(41)).firstPaid(first).usage(1.0, 0));
        assertStage("onboarding", "not_yet_activated", noKeyFeature);
        StageState both = step(noKeyFeature, account("A", first.plusDays(42)).firstPaid(first).usage(0.3, 1));
        assertStage("engaged", "activated", both);
        assertEquals(first.plusDays(42), both.activatedOn());
    }

    @Test
    void trialsProspectsAndTrialsWithoutPurchase() {
        StageState prospect = step(null, account("A", D).status("prospect"));
        assertStage("awareness", "account_without_purchase", prospect);
        StageState trial = step(prospect, account("A", D.plusDays(1)).status("trial"));
        assertStage("conversion", "trial_in_force", trial);
        assertEquals(Trigger.TRIAL_STARTED, trial.entryTrigger());
        StageState lost = step(trial, account("A", D.plusDays(20)).status("prospect"));
        assertStage("lost", "trial_ended_without_purchase", lost);
        assertEquals(Trigger.LEAD_LOST, lost.entryTrigger());
    }

    @Test
    void dormancyAndReactivation() {
        StageState engaged = step(null, account("A", D));
        StageState dormant = step(engaged, account("A", D.plusDays(40)).idle(30));
        assertStage("dormant", "no_activity", dormant);
        assertEquals(Trigger.WENT_DORMANT, dormant.entryTrigger());
        StageState back = step(dormant, account("A", D.plusDays(41)).idle(0));
        assertStage("engaged", "activated", back);
        assertEquals(Trigger.REACTIVATED, back.entryTrigger());
        StageState neverActive = step(null, account("A", D).firstPaid(D.minusDays(30)).idle(null).usage(0, 0));
        assertStage("dormant", "no_activity", neverActive);
    }

    @Test
    void renewalWindowRenewalAndExpansion() {
        LocalDate renewal = LocalDate.of(2025, 1, 1);  // first anniversary of the first payment (monthly billing)
        StageState engaged = step(null, account("A", renewal.minusDays(61)));
        assertStage("engaged", "activated", engaged);
        assertEquals(renewal, engaged.nextRenewalDate());
        StageState window = step(engaged, account("A", renewal.minusDays(60)));
        assertStage("renewal", "renewal_window", window);
        assertEquals(Trigger.RENEWAL_WINDOW_OPENED, window.entryTrigger());
        StageState renewed = step(window, account("A", renewal.plusDays(1)));
        assertStage("engaged", "activated", renewed);
        assertEquals(Trigger.RENEWED, renewed.entryTrigger());
        assertEquals(1, renewed.renewals());

        StageState expanded = step(window, account("A", renewal.plusDays(1)).seats(12, "120.00").usage(0.2, 1));
        assertStage("onboarding", "not_yet_activated", expanded);
        assertEquals(Trigger.EXPANDED, expanded.entryTrigger());
        assertEquals(false, expanded.activated());
        // tenure (367 days) counts from the first payment, so an expansion in use activates again on the day
        StageState expandedInUse = step(window, account("A", renewal.plusDays(1)).seats(12, "120.00").usage(0.3, 1));
        assertStage("engaged", "activated", expandedInUse);
        assertEquals(Trigger.EXPANDED, expandedInUse.entryTrigger());
        assertEquals(renewal.plusDays(1), expandedInUse.activatedOn());
    }

    @Test
    void annualContractsRenewAtTheEndOfTheTerm() {
        StageState engaged = step(null, account("A", D).annualRenewal(D.plusDays(90)));
        assertStage("engaged", "activated", engaged);
        StageState window = step(engaged, account("A", D.plusDays(30)).annualRenewal(D.plusDays(90)));
        assertStage("renewal", "renewal_window", window);
    }

    /** Advocacy is an attribute: an advocate stays in engaged, and only the contract window puts it in renewal. */
    @Test
    void advocatesAreMarkedInTheirStageAndRenewalIsTheContractWindowAlone() {
        LocalDate first = LocalDate.of(2022, 3, 1);  // monthly billing: renewals on each 1 March
        StageState s = step(null, account("A", LocalDate.of(2023, 5, 1)).firstPaid(first).band("green").nps(10));
        assertStage("engaged", "activated", s);
        assertEquals(false, s.advocate(), "no renewal counted yet");
        s = step(s, account("A", LocalDate.of(2024, 3, 2)).firstPaid(first).band("green").nps(10));
        assertEquals(1, s.renewals());
        assertStage("engaged", "activated", s);
        assertEquals(true, s.advocate(), "tenure 732, green 306 days, NPS 10, 1 renewal");
        StageState window = step(s, account("A", LocalDate.of(2025, 1, 1)).firstPaid(first).band("green").nps(10));
        assertStage("renewal", "renewal_window", window);
        assertEquals(Trigger.RENEWAL_WINDOW_OPENED, window.entryTrigger());
        assertEquals(true, window.advocate(), "an advocate in renewal too");
        StageState notGreen = step(s, account("A", LocalDate.of(2024, 3, 3)).firstPaid(first).band("yellow").nps(10));
        assertStage("engaged", "activated", notGreen);
        assertEquals(false, notGreen.advocate());
        assertNull(notGreen.greenSince());
        StageState lowNps = step(s, account("A", LocalDate.of(2024, 3, 3)).firstPaid(first).band("green").nps(8));
        assertEquals(false, lowNps.advocate());
        StageState dormant = step(s, account("A", LocalDate.of(2024, 3, 3)).firstPaid(first).band("green").nps(10)
                .idle(45));
        assertStage("dormant", "no_activity", dormant);
        assertEquals(true, dormant.advocate(), "any paying stage");
        StageState churned = step(s, account("A", LocalDate.of(2024, 3, 3)).status("churned").band("green").nps(10));
        assertEquals(false, churned.advocate(), "not paying");
    }

    /** The warehouse says the lead's trial ended (its account's trial term ended on day 20): lost the day after. */
    @Test
    void aLeadWhoseTrialEndedWithoutAPurchaseIsLostWhenItEnds() {
        LocalDate created = LocalDate.of(2024, 1, 1);
        LocalDate trial = created.plusDays(6);
        StageState inTrial = MACHINE.step(null, Observation.lead(created.plusDays(20), "L1", "other", created, trial,
                null, null));
        assertStage("conversion", "lead_trial", inTrial);
        StageState lost = MACHINE.step(inTrial, Observation.lead(created.plusDays(21), "L1", "other", created, trial,
                created.plusDays(20), null));
        assertStage("lost", "trial_ended_without_purchase", lost);
        assertEquals(Trigger.LEAD_LOST, lost.entryTrigger());
        assertEquals(LifecycleStage.CONVERSION, lost.previousStage());
        assertEquals(1, lost.daysInPreviousStage(), "in conversion since first seen on day 20");
        assertEquals(created.plusDays(21), lost.enteredOn());
    }

    /** lostLeadDays (90) since the last of creation, trial start and touch; a later touch or trial brings it back. */
    @Test
    void aLeadQuietForLostLeadDaysIsLost() {
        LocalDate created = LocalDate.of(2024, 1, 1);
        LocalDate touched = created.plusDays(30);
        StageState open = MACHINE.step(null, Observation.lead(created.plusDays(100), "L1", "other", created, null,
                null, touched));
        assertStage("awareness", "lead_open", open);
        StageState quiet = MACHINE.step(open, Observation.lead(touched.plusDays(89), "L1", "other", created, null,
                null, touched));
        assertStage("awareness", "lead_open", quiet);
        StageState lost = MACHINE.step(quiet, Observation.lead(touched.plusDays(90), "L1", "other", created, null,
                null, null));
        assertStage("lost", "lead_timeout", lost);
        assertEquals(Trigger.LEAD_LOST, lost.entryTrigger());
        StageState untouched = MACHINE.step(null, Observation.lead(created.plusDays(90), "L2", "other", created, null,
                null, null));
        assertStage("lost", "lead_timeout", untouched);
        StageState trialLater = MACHINE.step(lost, Observation.lead(touched.plusDays(200), "L1", "other", created,
                touched.plusDays(195), null, null));
        assertStage("conversion", "lead_trial", trialLater);
        assertEquals(Trigger.TRIAL_STARTED, trialLater.entryTrigger());
    }

    /** retireAfterDays (30): lost and churned entities get rows for days 0-30 in the stage, then none. */
    @Test
    void lostAndChurnedEntitiesRetireAfterRetireAfterDays() {
        StageState engaged = step(null, account("A", D));
        StageState churned = step(engaged, account("A", D.plusDays(1)).status("churned"));
        StageState day30 = step(churned, account("A", D.plusDays(31)).status("churned"));
        assertEquals(30, day30.daysInStage());
        assertEquals(false, MACHINE.retired(day30));
        StageState day31 = step(day30, account("A", D.plusDays(32)).status("churned"));
        assertEquals(true, MACHINE.retired(day31));
        StageState dormant = step(engaged, account("A", D.plusDays(100)).idle(99));
        assertEquals(false, MACHINE.retired(dormant), "only lost and churned retire");
    }

    @Test
    void churnAndANewPurchase() {
        StageState engaged = step(null, account("A", D));
        StageState churned = step(engaged, account("A", D.plusDays(1)).status("churned"));
        assertStage("churned", "no_paid_term", churned);
        assertEquals(Trigger.CHURNED, churned.entryTrigger());
        StageState back = step(churned, account("A", D.plusDays(2)).firstPaid(D.minusDays(100)).usage(0, 0));
        assertStage("onboarding", "not_yet_activated", back);
        assertEquals(Trigger.FIRST_PAYMENT, back.entryTrigger());
        assertEquals(0, back.renewals());
    }
}
