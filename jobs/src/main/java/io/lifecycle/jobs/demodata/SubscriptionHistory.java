package io.lifecycle.jobs.demodata;

import io.lifecycle.jobs.demodata.AccountLife.Expansion;
import io.lifecycle.jobs.demodata.AccountLife.Renewal;
import io.lifecycle.jobs.demodata.AccountLife.Spell;
import io.lifecycle.jobs.demodata.AccountLife.Term;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Walks one account month by month from its creation and lets its hidden health decide what happens:
 * churn at renewal (annual) or in any month (monthly) — likelier when unhealthy or dormant (dormancy does not
 * count under {@link Profile#SUPPORT_DRIVEN}); expansion (more seats, a higher tier, an add-on) — only when healthy;
 * contraction — when unhealthy; dormancy spells — mostly when unhealthy (support-driven: at a flat rate), some
 * ending in reactivation. The result is the account's subscription terms: a superseded term ends "expired" the
 * day before its successor starts, the last terms of a churned account end "cancelled" or "expired" on the churn
 * day, and current terms are "active" and open-ended (end_date null), so that nothing is dated after the end of
 * history.
 */
final class SubscriptionHistory {
    private final SplittableRandom rng;
    private final Timeline timeline;
    private final int currency;
    private final boolean annual;

    final List<Term> terms = new ArrayList<>();
    final List<Expansion> expansions = new ArrayList<>();
    final List<Spell> spells = new ArrayList<>();
    /** Recorded for the ground truth only: never draws a random number, so the generated rows stay the same. */
    final List<Renewal> renewals = new ArrayList<>();
    int tier;
    int churnDay = -1;

    private int seats;
    private int coreStart;
    /** Open add-on terms: product index → start day and mrr; seats fixed at purchase. */
    private final List<long[]> addOns = new ArrayList<>();
    private int dormantSince = -1;
    private final Profile profile;
    private int dormantUntil = -1;

    SubscriptionHistory(SplittableRandom rng, Timeline timeline, int tier, int seats, int currency, boolean annual,
                        Profile profile) {
        this.rng = rng;
        this.profile = profile;
        this.timeline = timeline;
        this.tier = tier;
        this.seats = seats;
        this.currency = currency;
        this.annual = annual;
    }

    void run(Lead lead, int createdDay, int firstMonth, double[] health) {
        if (lead.trialStartedAt() >= 0) {
            int trialDay = (int) (lead.trialStartedAt() / Timeline.SECONDS_PER_DAY);
            terms.add(new Term(Vocabulary.CORE_PRODUCT, trialDay, createdDay - 1, "trial", Math.min(seats, 5), 0,
                    false, Vocabulary.PLAN_TIERS[tier]));
        }
        coreStart = createdDay;
        for (int m = firstMonth; m <= timeline.endMonth(); m++) {
            int from = Math.max(createdDay, Timeline.firstDayOfMonth(m));
            int to = Math.min(timeline.endDay(), Timeline.lastDayOfMonth(m));
            double h = health[m - firstMonth];
            if (m == firstMonth) {
                continue; // the first month is onboarding: no churn, dormancy or change yet
            }
            updateDormancy(from, to, h);
            if (decideRenewalOrChurn(from, to, h)) {
                break;
            }
            if (dormantSince < 0 && h > 0.55 && Rand.chance(rng, 0.07 * (h - 0.55) / 0.45)) {
                expand(Rand.between(rng, from, to));
            } else if (!annual && h < 0.4 && seats > 1 && Rand.chance(rng, 0.06)) {
                int day = Rand.between(rng, from, to);
                if (day > coreStart) {
                    replaceCore(day, tier, Math.max(1, (int) Math.round(seats * (0.6 + 0.3 * rng.nextDouble()))));
                }
            }
        }
        if (churnDay < 0) {
            if (annual) {
                renewals.add(new Renewal(Timeline.plusMonths(coreStart, 12), "due"));
            }
            closeAll(-1, "active");
            if (dormantSince >= 0) {
                spells.add(new Spell(dormantSince, -1));
            }
        }
        terms.sort(Comparator.comparingInt(Term::startDay).thenComparing(Term::product));
    }

    private void updateDormancy(int from, int to, double h) {
        if (dormantSince < 0) {
            double chance = profile == Profile.SUPPORT_DRIVEN ? Profile.FLAT_DORMANCY_CHANCE : h < 0.4 ? 0.2 : 0.006;
            if (Rand.chance(rng, chance)) {
                dormantSince = Rand.between(rng, from, to);
                // Some spells never end by themselves: the account stays silent until it churns.
                dormantUntil = Rand.chance(rng, 0.45) ? -1 : dormantSince + Rand.between(rng, 35, 150);
            }
        } else if (dormantUntil >= 0 && dormantUntil <= to) {
            spells.add(new Spell(dormantSince, dormantUntil));
            dormantSince = -1;
        }
    }

    /** Returns true when the account churned this month. */
    private boolean decideRenewalOrChurn(int from, int to, double h) {
        // Under the support-driven profile a dormant account is no likelier to leave than an active one.
        boolean dormant = dormantSince >= 0 && profile == Profile.USAGE_DRIVEN;
        if (annual) {
            int renewal = Timeline.plusMonths(coreStart, 12);
            if (renewal < from || renewal > to) {
                return false;
            }
            if (Rand.chance(rng, 0.03 + 0.6 * (1 - h) * (1 - h) + (dormant ? 0.35 : 0))) {
                renewals.add(new Renewal(renewal, "churned"));
                churn(renewal - 1);
                return true;
            }
            renewals.add(new Renewal(renewal, "renewed"));
            boolean contract = h < 0.45 && seats > 1 && Rand.chance(rng, 0.5);
            int newSeats = contract ? Math.max(1, (int) Math.round(seats * (0.6 + 0.3 * rng.nextDouble()))) : seats;
            replaceCore(renewal, tier, newSeats);
            return false;
        }
        int day = Math.max(coreStart, Rand.between(rng, from, to));
        if (Rand.chance(rng, 0.003 + 0.12 * Math.pow(1 - h, 3) + (dormant ? 0.06 : 0))) {
            churn(day);
            return true;
        }
        return false;
    }

    private void expand(int day) {
        if (day <= coreStart || !addOns.isEmpty() && addOns.get(addOns.size() - 1)[1] >= day) {
            return;
        }
        long before = totalMrr();
        List<Integer> missing = new ArrayList<>();
        for (int p = 0; p < Vocabulary.ADD_ONS.length; p++) {
            if (!owns(p)) {
                missing.add(p);
            }
        }
        double[] weights = {0.55, tier < Vocabulary.PLAN_TIERS.length - 1 ? 0.25 : 0, missing.isEmpty() ? 0 : 0.2};
        String kind;
        switch (Rand.weighted(rng, weights)) {
            case 0 -> {
                kind = "seats";
                replaceCore(day, tier, seats + Math.max(1, (int) Math.round(seats * (0.1 + 0.4 * rng.nextDouble()))));
            }
            case 1 -> {
                kind = "plan";
                replaceCore(day, tier + 1, seats);
            }
            default -> {
                kind = "product";
                int p = missing.get(rng.nextInt(missing.size()));
                addOns.add(new long[]{p, day, addOnMrr(p)});
            }
        }
        expansions.add(new Expansion(day, kind, before, totalMrr()));
    }

    private void churn(int day) {
        churnDay = day;
        closeAll(day, Rand.chance(rng, 0.6) ? "cancelled" : "expired");
        if (dormantSince >= 0) {
            spells.add(new Spell(dormantSince, Math.max(dormantSince, day)));
            dormantSince = -1;
        }
    }

    /** The current core term ends the day before {@code day}; a new one starts on it. */
    private void replaceCore(int day, int newTier, int newSeats) {
        terms.add(new Term(Vocabulary.CORE_PRODUCT, coreStart, day - 1, "expired", seats, coreMrr(), annual,
                Vocabulary.PLAN_TIERS[tier]));
        coreStart = day;
        tier = newTier;
        seats = newSeats;
    }

    private void closeAll(int endDay, String status) {
        terms.add(new Term(Vocabulary.CORE_PRODUCT, coreStart, endDay, status, seats, coreMrr(), annual,
                Vocabulary.PLAN_TIERS[tier]));
        for (long[] a : addOns) {
            terms.add(new Term(Vocabulary.ADD_ONS[(int) a[0]], (int) a[1], endDay, status, seats, a[2], annual,
                    null));
        }
    }

    private boolean owns(int product) {
        for (long[] a : addOns) {
            if (a[0] == product) {
                return true;
            }
        }
        return false;
    }

    private long totalMrr() {
        long total = coreMrr();
        for (long[] a : addOns) {
            total += a[2];
        }
        return total;
    }

    private long coreMrr() {
        return priceCents(Vocabulary.SEAT_PRICE_USD[tier]);
    }

    private long addOnMrr(int product) {
        return priceCents(Vocabulary.ADD_ON_SEAT_PRICE_USD[product]);
    }

    /** mrr in cents of the account currency's price list: seats × price (× annual discount). */
    private long priceCents(double seatPriceUsd) {
        double discount = annual ? Vocabulary.ANNUAL_DISCOUNT : 1.0;
        return Math.round(seats * seatPriceUsd * discount * Vocabulary.PRICE_LIST_FACTOR[currency] * 100);
    }
}
