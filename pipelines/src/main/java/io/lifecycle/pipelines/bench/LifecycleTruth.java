package io.lifecycle.pipelines.bench;

import io.lifecycle.jobs.lifecycle.LifecycleConfig;
import io.lifecycle.jobs.shared.LifecycleStage;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The stage an account was really in on a day, from the generator's own hidden timeline (its _ground_truth
 * files), never from our stage machine. Where the issue defines a stage by a configured length, the same length
 * of conf/lifecycle.yaml is applied to the generator's events (dormancy threshold, renewal window); where the
 * generator has no such event the truth says so rather than borrowing our rule:
 * <ul>
 *   <li>churned: after the generator's churn day (its last day as a customer);</li>
 *   <li>dormant: inside a generated dormancy spell (no usage at all) once it has lasted dormancyDays days;</li>
 *   <li>renewal: the renewalWindowDays days before a contract renewal: the generator's renewal days for annual
 *       billing; monthly billing has none in the generator, so the yearly anniversaries of the purchase (the
 *       issue's contract renewal for open-ended terms);</li>
 *   <li>onboarding: from the purchase to the end of its calendar month (the generator lets nothing happen in the
 *       first month); the generator has no activation event, so it is not our usage rule;</li>
 *   <li>engaged: any other paying day. The generator has no return to onboarding after an expansion at renewal
 *       (it expands mid-term), so that never appears in the truth. Advocacy is an attribute, not a stage.</li>
 * </ul>
 */
final class LifecycleTruth {
    /** A generated dormancy spell; end null while still dormant at the end of history. */
    record Spell(LocalDate start, LocalDate end) {
    }

    /** One account's hidden timeline; renewals are the generator's (annual billing only), in any order. */
    record Account(LocalDate purchase, LocalDate onboardingEnd, boolean annual, LocalDate churn, List<Spell> spells,
                   List<LocalDate> renewals) {
        Account {
            spells = new ArrayList<>(spells);
            renewals = new ArrayList<>(renewals);
        }
    }

    private final LifecycleConfig config;

    LifecycleTruth(LifecycleConfig config) {
        this.config = config;
    }

    /** The true stage of the account on day d (d on or after the purchase). */
    LifecycleStage stageOn(Account a, LocalDate d) {
        if (a.churn() != null && d.isAfter(a.churn())) {
            return LifecycleStage.CHURNED;
        }
        for (Spell s : a.spells()) {
            boolean inside = !d.isBefore(s.start()) && (s.end() == null || !d.isAfter(s.end()));
            if (inside && ChronoUnit.DAYS.between(s.start(), d) + 1 >= config.dormancyDays()) {
                return LifecycleStage.DORMANT;
            }
        }
        if (inRenewalWindow(a, d)) {
            return LifecycleStage.RENEWAL;
        }
        return d.isAfter(a.onboardingEnd()) ? LifecycleStage.ENGAGED : LifecycleStage.ONBOARDING;
    }

    /** d lies in [R - renewalWindowDays, R - 1] for a renewal day R (on R the new term is in force). */
    private boolean inRenewalWindow(Account a, LocalDate d) {
        if (a.annual()) {
            for (LocalDate r : a.renewals()) {
                if (inWindowBefore(r, d)) {
                    return true;
                }
            }
            return false;
        }
        for (int years = 1; !a.purchase().plusYears(years).isAfter(d.plusDays(config.renewalWindowDays())); years++) {
            if (inWindowBefore(a.purchase().plusYears(years), d)) {
                return true;
            }
        }
        return false;
    }

    private boolean inWindowBefore(LocalDate renewal, LocalDate d) {
        long days = ChronoUnit.DAYS.between(d, renewal);
        return days >= 1 && days <= config.renewalWindowDays();
    }
}
