package io.lifecycle.jobs.demodata;

import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Generator profiles. The default profile writes what the generator wrote before profiles existed: a digest of the seeded
 * TINY simulation (every account's terms, churn day, dormancy spells and renewals; its subscriptions, invoices,
 * tickets and NPS rows; every usage event of three days) equals the digest computed with the generator of the
 * commit before the profile option (2b3293f). The support-driven profile keeps churn tied to the hidden health
 * but takes usage out of it.
 */
class GeneratorProfileTest {
    private static final LocalDate END = LocalDate.of(2025, 12, 31);

    private static final String DIGEST_BEFORE_PROFILES = "f4ff8d6d7583f1af0b687c48683851a522f4c7e4833ac2fc83bea02ef1214865";

    @Test
    void theDefaultProfileSimulatesExactlyWhatTheGeneratorDidBeforeProfiles() {
        Population p = Population.build(new GeneratorSpec(Scale.TINY, 7, END, 0));
        assertEquals(DIGEST_BEFORE_PROFILES, digest(p));
        assertEquals(DIGEST_BEFORE_PROFILES, digest(Population.build(
                new GeneratorSpec(Scale.TINY, 7, END, 0, Profile.USAGE_DRIVEN))));
    }

    /**
     * Same seed, same hidden health paths. Default: an unhealthy account-month (hidden health below 0.4) has far
     * fewer usage events per customer day than a healthy one (above 0.7). Support-driven: about as many; yet churn
     * still comes from the hidden health — the churners' health in their churn month is well below the average
     * health of the accounts still customers at the end.
     */
    @Test
    void supportDrivenUsageNoLongerShowsTheHiddenHealthButChurnStillFollowsIt() {
        Population usage = Population.build(new GeneratorSpec(Scale.TINY, 7, END, 0));
        Population support = Population.build(new GeneratorSpec(Scale.TINY, 7, END, 0, Profile.SUPPORT_DRIVEN));
        for (int i = 0; i < usage.accounts(); i++) {
            assertArrayEquals(usage.lives[i].health(), support.lives[i].health(), "same hidden health, account " + i);
        }
        double usageRatio = unhealthyToHealthyUsage(usage);
        double supportRatio = unhealthyToHealthyUsage(support);
        assertTrue(usageRatio < 0.5, "default: unhealthy months use the product far less: " + usageRatio);
        assertTrue(supportRatio > 0.8 && supportRatio < 1.25, "support-driven: about the same: " + supportRatio);

        double churnHealth = 0;
        int churned = 0;
        double stayHealth = 0;
        int stayed = 0;
        for (AccountLife a : support.lives) {
            if (a.churned()) {
                churnHealth += a.healthInMonth(Timeline.month(a.churnDay()));
                churned++;
            } else {
                stayHealth += a.healthInMonth(support.timeline.endMonth());
                stayed++;
            }
        }
        assertTrue(churned >= 10, "churners in the tiny warehouse: " + churned);
        assertTrue(churnHealth / churned < stayHealth / stayed - 0.2, "churners' health " + churnHealth / churned
                + " vs stayers' " + stayHealth / stayed);
    }

    /**
     * Usage intensity in months of hidden health &lt; 0.4 / the same in months &gt; 0.7, where intensity is a
     * weekday's events / (users joined^0.6 × the account's activity), after onboarding: the part of the usage rate
     * the hidden health can move (older accounts have more users and are also likelier to have declined).
     */
    private static double unhealthyToHealthyUsage(Population p) {
        double[] intensity = new double[2];
        long[] days = new long[2];
        for (AccountLife a : p.lives) {
            int last = a.lastDay(p.timeline);
            for (int day = Math.max(a.createdDay() + 45, p.timeline.windowStart()); day <= last; day++) {
                double h = a.healthInMonth(Timeline.month(day));
                int bucket = h < 0.4 ? 0 : h > 0.7 ? 1 : -1;
                int joined = a.usersJoined(day);
                if (bucket >= 0 && joined > 0 && !Timeline.weekend(day)) {
                    intensity[bucket] += UsageEvents.accountDay(p, a, day).size()
                            / (Math.pow(joined, 0.6) * a.activity());
                    days[bucket]++;
                }
            }
        }
        return (intensity[0] / days[0]) / (intensity[1] / days[1]);
    }

    /** Terms as they printed before they carried their plan tier. */
    private static String termsWithoutPlans(java.util.List<AccountLife.Term> terms) {
        return terms.stream().map(t -> "Term[product=" + t.product() + ", startDay=" + t.startDay() + ", endDay="
                + t.endDay() + ", status=" + t.status() + ", seats=" + t.seats() + ", mrrCents=" + t.mrrCents()
                + ", annual=" + t.annual() + "]").toList().toString();
    }

    private static Row withoutLast(Row r) {
        Object[] values = new Object[r.size() - 1];
        for (int i = 0; i < values.length; i++) {
            values[i] = r.get(i);
        }
        return org.apache.spark.sql.RowFactory.create(values);
    }

    static String digest(Population p) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (int i = 0; i < p.accounts(); i++) {
                AccountLife a = p.lives[i];
                update(sha, a.churnDay() + "|" + termsWithoutPlans(a.terms()) + "|" + a.spells() + "|"
                        + a.renewals() + "|" + a.expansions() + "|" + a.planTier() + "|" + a.activity());
                for (Row r : BillingRows.subscriptions(p, i)) {
                    // the per-term plan_tier column came later (point in time, issue 14): the rest is as it was
                    update(sha, withoutLast(r).toString());
                }
                for (Row r : BillingRows.invoices(p, i)) {
                    update(sha, r.toString());
                }
                for (Row r : EngagementRows.tickets(p, i)) {
                    update(sha, r.toString());
                }
                for (Row r : EngagementRows.nps(p, i)) {
                    update(sha, r.toString());
                }
            }
            for (int day : new int[] {10, 100, 170}) {
                for (Row r : UsageEvents.day(p, day)) {
                    update(sha, r.toString());
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void update(MessageDigest sha, String s) {
        sha.update(s.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) '\n');
    }
}
