package io.lifecycle.jobs.demodata;

import java.io.Serializable;
import java.util.Arrays;

/**
 * All simulated accounts of a spec and the lead funnel they came from, built on the driver and broadcast
 * to the row generators. Leads are drawn in index order until the scale's number of accounts has
 * converted; the n-th converted lead becomes account n. Compact on purpose: rows are derived from it
 * inside Spark tasks, never held here.
 */
final class Population implements Serializable {
    final long seed;
    final Timeline timeline;
    final AccountLife[] lives;
    /** Global index of each account's first user, so user ids are unique and dense. */
    final long[] userOffsets;
    /** Account index of each lead, or -1 when the lead did not convert. */
    final int[] accountOfLead;

    private Population(long seed, Timeline timeline, AccountLife[] lives, long[] userOffsets, int[] accountOfLead) {
        this.seed = seed;
        this.timeline = timeline;
        this.lives = lives;
        this.userOffsets = userOffsets;
        this.accountOfLead = accountOfLead;
    }

    static Population build(GeneratorSpec spec) {
        long seed = spec.seed();
        Timeline timeline = new Timeline(spec.endDate(), spec.scale().months());
        int accounts = spec.scale().accounts();
        AccountLife[] lives = new AccountLife[accounts];
        int[] accountOfLead = new int[accounts * 5];
        int converted = 0;
        int leadIndex = 0;
        while (converted < accounts) {
            if (leadIndex == accountOfLead.length) {
                accountOfLead = Arrays.copyOf(accountOfLead, accountOfLead.length * 2);
            }
            Lead lead = Lead.of(seed, leadIndex, timeline);
            if (lead.converted()) {
                lives[converted] = AccountSimulator.simulate(seed, timeline, converted, lead, spec.profile());
                accountOfLead[leadIndex] = converted++;
            } else {
                accountOfLead[leadIndex] = -1;
            }
            leadIndex++;
        }
        long[] userOffsets = new long[accounts];
        long next = 0;
        for (int i = 0; i < accounts; i++) {
            userOffsets[i] = next;
            next += lives[i].userDays().length;
        }
        return new Population(seed, timeline, lives, userOffsets, Arrays.copyOf(accountOfLead, leadIndex));
    }

    int accounts() {
        return lives.length;
    }

    int leads() {
        return accountOfLead.length;
    }

    String userId(AccountLife life, int k) {
        return Ids.user(userOffsets[life.index()] + k);
    }
}
