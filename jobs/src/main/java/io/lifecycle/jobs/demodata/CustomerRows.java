package io.lifecycle.jobs.demodata;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Rows of accounts, users and leads. */
final class CustomerRows {
    private static final String[] ROLES = {"admin", "member", "viewer"};
    private static final double[] ROLE_WEIGHTS = {0.05, 0.75, 0.20};

    private CustomerRows() {
    }

    static List<Row> account(Population p, int index) {
        AccountLife a = p.lives[index];
        return List.of(RowFactory.create(a.accountId(), a.name(), a.industry(), a.region(), a.employeeBand(),
                a.planTier(), Timeline.timestamp(a.createdAt()), a.csmOwner()));
    }

    /** The first user is the admin who signed up; later users join on their join day. Some roles are unknown. */
    static List<Row> users(Population p, int index) {
        AccountLife a = p.lives[index];
        SplittableRandom rng = Rand.of(p.seed, Rand.USERS, index);
        int[] days = a.userDays();
        List<Row> rows = new ArrayList<>(days.length);
        for (int k = 0; k < days.length; k++) {
            long created = Math.max(a.createdAt(),
                    (long) days[k] * Timeline.SECONDS_PER_DAY + Rand.between(rng, 6 * 3600, 21 * 3600));
            String role = k == 0 ? "admin"
                    : Rand.chance(rng, 0.1) ? null : ROLES[Rand.weighted(rng, ROLE_WEIGHTS)];
            rows.add(RowFactory.create(p.userId(a, k), a.accountId(), Timeline.timestamp(created), role));
        }
        return rows;
    }

    static List<Row> lead(Population p, int leadIndex) {
        Lead lead = Lead.of(p.seed, leadIndex, p.timeline);
        int account = p.accountOfLead[leadIndex];
        return List.of(RowFactory.create(Ids.lead(leadIndex), account < 0 ? null : Ids.account(account),
                Vocabulary.LEAD_CHANNELS[lead.channelIndex()], Timeline.timestamp(lead.createdAt()),
                lead.trialStartedAt() < 0 ? null : Timeline.timestamp(lead.trialStartedAt()),
                lead.convertedAt() < 0 ? null : Timeline.timestamp(lead.convertedAt())));
    }
}
