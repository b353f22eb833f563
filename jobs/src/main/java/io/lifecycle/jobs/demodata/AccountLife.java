package io.lifecycle.jobs.demodata;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * Everything simulated about one account, from which all of its rows are derived. Days are epoch days,
 * instants epoch seconds; -1 means "none" (not churned, open-ended).
 *
 * @param health      hidden health 0..1 per month, index 0 = the month of creation
 * @param firstMonth  month number ({@link Timeline#month}) of creation
 * @param renewals    contract renewal days of annual billing, in order; monthly billing has none
 * @param planTier    tier at the end of history (after upgrades)
 * @param userDays    join day of each user, ascending; user k has id {@code Ids.user(userOffset + k)}
 * @param featureDays adoption day per {@link Vocabulary#FEATURES} entry (Integer.MAX_VALUE: never)
 * @param activity    per-account multiplier of usage intensity (some teams simply use the product more)
 * @param usageHealth the health product usage follows per month, as health: the same array, except under
 *                    {@link Profile#SUPPORT_DRIVEN}
 */
record AccountLife(int index, String name, String industry, String region, String employeeBand, String planTier,
                   String csmOwner, long createdAt, int createdDay, int currencyIndex, double[] health,
                   int firstMonth, int churnDay, List<Term> terms, List<Expansion> expansions, List<Spell> spells,
                   List<Renewal> renewals, int[] userDays, int[] featureDays, double activity, double[] usageHealth)
        implements Serializable {

    /** A subscription term of one product. Trial terms have mrr 0; planTier is null for add-on terms. */
    record Term(String product, int startDay, int endDay, String status, int seats, long mrrCents, boolean annual,
                String planTier) implements Serializable {
    }

    /** An expansion: more seats, a higher tier or an add-on product. Money in cents, account currency. */
    record Expansion(int day, String kind, long mrrBeforeCents, long mrrAfterCents) implements Serializable {
    }

    /** A stretch without any product usage; endDay -1 while still dormant at the end of history. */
    record Spell(int startDay, int endDay) implements Serializable {
    }

    /**
     * A contract renewal day of annual billing (12 months after the core term started) and what happened on it:
     * renewed (a new core term starts that day), churned (the account left the day before) or due (after the end
     * of history).
     */
    record Renewal(int day, String outcome) implements Serializable {
    }

    /** Whether the paid terms are billed annually (all of an account's paid terms share the billing period). */
    boolean annual() {
        for (Term t : terms) {
            if (t.mrrCents() > 0) {
                return t.annual();
            }
        }
        return false;
    }

    String accountId() {
        return Ids.account(index);
    }

    String currency() {
        return Vocabulary.CURRENCIES[currencyIndex];
    }

    boolean churned() {
        return churnDay >= 0;
    }

    /** Last day the account is a customer: its churn day, or the end of history. */
    int lastDay(Timeline timeline) {
        return churned() ? churnDay : timeline.endDay();
    }

    double healthInMonth(int month) {
        int i = Math.max(0, Math.min(health.length - 1, month - firstMonth));
        return health[i];
    }

    /** The health usage events follow in the month (see usageHealth). */
    double usageHealthInMonth(int month) {
        int i = Math.max(0, Math.min(usageHealth.length - 1, month - firstMonth));
        return usageHealth[i];
    }

    boolean dormantOn(int day) {
        for (Spell s : spells) {
            if (day >= s.startDay() && (s.endDay() < 0 || day <= s.endDay())) {
                return true;
            }
        }
        return false;
    }

    /** Number of users who have joined by the given day (they are the first n of {@link #userDays}). */
    int usersJoined(int day) {
        int i = Arrays.binarySearch(userDays, day);
        if (i < 0) {
            return -i - 1;
        }
        while (i + 1 < userDays.length && userDays[i + 1] == day) {
            i++;
        }
        return i + 1;
    }
}
