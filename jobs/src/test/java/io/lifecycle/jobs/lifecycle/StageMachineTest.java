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

    @Test
    void advocatesSitInRenewalUntilTheyLapse() {
        LocalDate first = LocalDate.of(2022, 3, 1);
        StageState s = step(null, account("A", LocalDate.of(2023, 5, 1)).firstPaid(first).band("green").nps(10));
        assertEquals(1, s.renewals() + 1, "first seen: renewals not yet counted");
        s = step(s, account("A", LocalDate.of(2024, 3, 2)).firstPaid(first).band("green").nps(10));
        assertEquals(1, s.renewals());
        assertStage("renewal", "advocate", s);
        assertEquals(Trigger.ADVOCATE_QUALIFIED, s.entryTrigger());
        StageState lapsed = step(s, account("A", LocalDate.of(2024, 3, 3)).firstPaid(first).band("yellow").nps(10));
        assertStage("engaged", "activated", lapsed);
        assertEquals(Trigger.ADVOCATE_LAPSED, lapsed.entryTrigger());
        assertNull(lapsed.greenSince());
        StageState notLongGreen = step(lapsed, account("A", LocalDate.of(2024, 3, 4)).firstPaid(first).band("green")
                .nps(10));
        assertStage("engaged", "activated", notLongGreen);
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
