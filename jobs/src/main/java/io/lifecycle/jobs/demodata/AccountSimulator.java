package io.lifecycle.jobs.demodata;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Simulates one account from its converted lead: firmographics, a hidden health that drifts month by month,
 * its subscription history, its users and when it adopts each feature. Pure: the same seed, index and lead
 * always give the same life.
 */
final class AccountSimulator {
    /** Users never exceed this, whatever the seats (keeps the largest accounts' usage bounded). */
    private static final int MAX_USERS = 400;
    /** Share of accounts whose health trends downwards: the future churners. */
    private static final double AT_RISK_SHARE = 0.18;

    private AccountSimulator() {
    }

    static AccountLife simulate(long seed, Timeline timeline, int index, Lead lead, Profile profile) {
        SplittableRandom rng = Rand.of(seed, Rand.ACCOUNT, index);
        long createdAt = lead.convertedAt();
        int createdDay = (int) (createdAt / Timeline.SECONDS_PER_DAY);
        int region = Rand.weighted(rng, Vocabulary.REGION_WEIGHTS);
        int band = Rand.weighted(rng, Vocabulary.BAND_WEIGHTS);
        int tier = Rand.weighted(rng, Vocabulary.TIER_BY_BAND[band]);
        int currency = Rand.weighted(rng, Vocabulary.CURRENCY_BY_REGION[region]);
        int[] seatRange = Vocabulary.BAND_SEATS[band];
        int seats = Rand.between(rng, seatRange[0], seatRange[1]);
        boolean annual = Rand.chance(rng, Vocabulary.ANNUAL_SHARE[tier]);
        String name = Rand.pick(rng, Vocabulary.NAME_FIRST) + " " + Rand.pick(rng, Vocabulary.NAME_SECOND) + " "
                + Rand.pick(rng, Vocabulary.NAME_SUFFIX);
        String industry = Rand.pick(rng, Vocabulary.INDUSTRIES);

        int firstMonth = Timeline.month(createdDay);
        double[] health = healthPath(rng, timeline.endMonth() - firstMonth + 1);
        SubscriptionHistory history = new SubscriptionHistory(rng, timeline, tier, seats, currency, annual, profile);
        history.run(lead, createdDay, firstMonth, health);

        String finalTier = Vocabulary.PLAN_TIERS[history.tier];
        // Customer success managers look after the larger tiers; a few mid-market accounts are unassigned.
        String csm = history.tier >= 2 && Rand.chance(rng, history.tier == 3 ? 1.0 : 0.85)
                ? Rand.pick(rng, Vocabulary.CSM_OWNERS) : null;
        int lastDay = history.churnDay >= 0 ? history.churnDay : timeline.endDay();
        int[] userDays = userDays(rng, seats, createdDay, lastDay);
        int[] featureDays = featureDays(rng, createdDay, health[0]);
        double activity = Math.exp(0.35 * Rand.gaussian(rng));
        double[] usageHealth = health;
        if (profile == Profile.SUPPORT_DRIVEN) {
            usageHealth = new double[health.length];
            Arrays.fill(usageHealth, Profile.STEADY_USAGE_HEALTH);
        }
        return new AccountLife(index, name, industry, Vocabulary.REGIONS[region], Vocabulary.EMPLOYEE_BANDS[band],
                finalTier, csm, createdAt, createdDay, currency, health, firstMonth, history.churnDay,
                history.terms, history.expansions, history.spells, history.renewals, userDays, featureDays, activity,
                usageHealth);
    }

    /** Monthly hidden health: a random walk that reverts to a healthy mean, or trends down for at-risk accounts. */
    private static double[] healthPath(SplittableRandom rng, int months) {
        double[] h = new double[months];
        h[0] = Rand.clamp(0.72 + 0.17 * Rand.gaussian(rng), 0.08, 0.98);
        boolean atRisk = Rand.chance(rng, AT_RISK_SHARE);
        double drift = atRisk ? -0.035 - 0.02 * rng.nextDouble() : 0.008 * Rand.gaussian(rng);
        for (int m = 1; m < months; m++) {
            double reversion = atRisk ? 0 : 0.08 * (0.72 - h[m - 1]);
            h[m] = Rand.clamp(h[m - 1] + drift + reversion + 0.05 * Rand.gaussian(rng), 0.02, 0.99);
        }
        return h;
    }

    /**
     * Join days of the account's users, ascending. Most seats get a user; the first user joins on creation,
     * early users during onboarding, later ones spread out. Users who would join after the account left
     * (or after the end of history) do not exist.
     */
    private static int[] userDays(SplittableRandom rng, int seats, int createdDay, int lastDay) {
        int n = Math.min(MAX_USERS, Math.max(1, (int) Math.round(seats * (0.5 + 0.45 * rng.nextDouble()))));
        int[] days = new int[n];
        int kept = 0;
        for (int k = 0; k < n; k++) {
            int day;
            if (k == 0) {
                day = createdDay;
            } else if (k < n * 0.4) {
                day = createdDay + Rand.between(rng, 0, 14);
            } else {
                day = createdDay + (int) Rand.exponential(rng, 90);
            }
            if (day <= lastDay) {
                days[kept++] = day;
            }
        }
        int[] result = Arrays.copyOf(days, kept);
        Arrays.sort(result);
        return result;
    }

    /** Core features from day one; others after a delay that is longer for unhealthy accounts, or never. */
    private static int[] featureDays(SplittableRandom rng, int createdDay, double initialHealth) {
        int[] days = new int[Vocabulary.FEATURES.length];
        for (int f = 0; f < days.length; f++) {
            double never = Rand.clamp(Vocabulary.FEATURE_NEVER[f] * (1.6 - initialHealth), 0, 0.95);
            if (f < Vocabulary.CORE_FEATURES) {
                days[f] = createdDay;
            } else if (Rand.chance(rng, never)) {
                days[f] = Integer.MAX_VALUE;
            } else {
                double mean = Vocabulary.FEATURE_ADOPTION_DAYS[f] * (1.6 - initialHealth);
                days[f] = createdDay + (int) Rand.exponential(rng, mean);
            }
        }
        return days;
    }
}
