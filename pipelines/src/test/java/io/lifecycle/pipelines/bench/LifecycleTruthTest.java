package io.lifecycle.pipelines.bench;

import io.lifecycle.jobs.lifecycle.LifecycleConfig;
import io.lifecycle.jobs.shared.LifecycleStage;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static io.lifecycle.jobs.shared.LifecycleStage.CHURNED;
import static io.lifecycle.jobs.shared.LifecycleStage.DORMANT;
import static io.lifecycle.jobs.shared.LifecycleStage.ENGAGED;
import static io.lifecycle.jobs.shared.LifecycleStage.ONBOARDING;
import static io.lifecycle.jobs.shared.LifecycleStage.RENEWAL;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The benchmark's true stage from a hand-made hidden timeline, with a 60-day renewal window and 30 dormant days. */
class LifecycleTruthTest {
    private static final LifecycleTruth TRUTH = new LifecycleTruth(new LifecycleConfig(
            new LifecycleConfig.Activation(0.3, 1, 30, 60), 60, 30, new LifecycleConfig.Advocate(365, 90, 9, 1), 90,
            30));

    private static LifecycleStage on(LifecycleTruth.Account a, String day) {
        return TRUTH.stageOn(a, LocalDate.parse(day));
    }

    @Test
    void annualAccountThroughOnboardingDormancyRenewalAndChurn() {
        // bought 2024-03-10, renewed 2025-03-10, churned the day before the 2026-03-10 renewal
        LifecycleTruth.Account a = new LifecycleTruth.Account(LocalDate.parse("2024-03-10"),
                LocalDate.parse("2024-03-31"), true, LocalDate.parse("2026-03-09"),
                List.of(new LifecycleTruth.Spell(LocalDate.parse("2024-06-01"), LocalDate.parse("2024-08-15"))),
                List.of(LocalDate.parse("2025-03-10"), LocalDate.parse("2026-03-10")));
        assertEquals(ONBOARDING, on(a, "2024-03-31"));
        assertEquals(ENGAGED, on(a, "2024-04-01"));
        // the spell's 29th day without usage is not yet dormant, its 30th is
        assertEquals(ENGAGED, on(a, "2024-06-29"));
        assertEquals(DORMANT, on(a, "2024-06-30"));
        assertEquals(DORMANT, on(a, "2024-08-15"));
        assertEquals(ENGAGED, on(a, "2024-08-16"));
        // window [R - 60, R - 1]: 2025-01-09 .. 2025-03-09
        assertEquals(ENGAGED, on(a, "2025-01-08"));
        assertEquals(RENEWAL, on(a, "2025-01-09"));
        assertEquals(RENEWAL, on(a, "2025-03-09"));
        assertEquals(ENGAGED, on(a, "2025-03-10"));
        assertEquals(RENEWAL, on(a, "2026-03-09"));
        assertEquals(CHURNED, on(a, "2026-03-10"));
    }

    @Test
    void monthlyAccountRenewsOnTheYearlyAnniversaryOfThePurchase() {
        LifecycleTruth.Account a = new LifecycleTruth.Account(LocalDate.parse("2024-05-20"),
                LocalDate.parse("2024-05-31"), false, null, List.of(), List.of());
        assertEquals(ENGAGED, on(a, "2025-03-20"));
        assertEquals(RENEWAL, on(a, "2025-03-21"));
        assertEquals(RENEWAL, on(a, "2025-05-19"));
        assertEquals(ENGAGED, on(a, "2025-05-20"));
        assertEquals(RENEWAL, on(a, "2026-04-30"));
    }
}
