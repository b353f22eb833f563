package io.lifecycle.jobs.features;

import java.nio.file.Path;
import io.lifecycle.jobs.shared.AccountPlans;
import io.lifecycle.common.testing.TestConfigs;
import io.lifecycle.common.catalog.SilverTables;
import io.lifecycle.common.catalog.StagingTables;
import io.lifecycle.common.catalog.TableDef;
import io.lifecycle.common.testing.SharedSpark;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import java.util.HashSet;
import org.apache.spark.sql.types.StructType;

/** Hand-computed features of a few accounts on 2026-03-31 (D - 90 days = 2025-12-31). */
class AccountFeaturesTest {
    private static final LocalDate D = LocalDate.of(2026, 3, 31);
    private static final Column SEGMENTS = AccountPlans.segmentRules(TestConfigs.of(Path.of("."), Path.of(".")));
    private static final FeaturesConfig CONFIG = new FeaturesConfig(Map.of(
            "default", List.of("reports", "integrations", "automation_rules", "collaboration"),
            "starter", List.of("reports")));

    private final SparkSession spark = SharedSpark.get();

    private Dataset<Row> frame(TableDef def, Row... rows) {
        return spark.createDataFrame(List.of(rows), def.schema());
    }

    private static Timestamp ts(String s) {
        return Timestamp.valueOf(s.length() == 10 ? s + " 12:00:00" : s);
    }

    private static Date d(String s) {
        return s == null ? null : Date.valueOf(s);
    }

    private static Row account(String id, String created, String plan, String segment) {
        return RowFactory.create(id, id, "software", "emea", "11-50", plan, ts(created), null, segment);
    }

    private static Row sub(String id, String account, String start, String end, String status, int seats, String mrr,
                           String period) {
        BigDecimal m = new BigDecimal(mrr);
        return RowFactory.create(id, account, "core", d(start), d(end), status, seats, m, "USD", period, m, null);
    }

    private static Row invoice(String id, String account, String issued, String due, String paid, String status) {
        BigDecimal amount = new BigDecimal("100.00");
        return RowFactory.create(id, account, ts(issued), d(due), paid == null ? null : ts(paid), amount, "USD",
                "recurring", status, amount);
    }

    private static Row ticket(String id, String account, String opened, String closed, String priority, Integer csat) {
        return RowFactory.create(id, account, ts(opened), closed == null ? null : ts(closed), priority, csat);
    }

    private static Row nps(String id, String account, String at, int score) {
        return RowFactory.create(id, account, null, ts(at), score);
    }

    private static Row touch(String id, String account, String at, boolean responded) {
        return RowFactory.create(id, account, "email", null, ts(at), responded);
    }

    private static Row daily(String account, String day, long users, long events) {
        return RowFactory.create(account, d(day), users, events, (double) events, 1L);
    }

    private static Row user(String account, String userId, String day) {
        return RowFactory.create(account, userId, d(day), 1L);
    }

    private static Row feature(String account, String feature, String day) {
        return RowFactory.create(account, feature, d(day), 1L, 1L);
    }

    private AccountFeatures.Inputs inputs(Dataset<Row> dailyUsage, Dataset<Row> prior) {
        Dataset<Row> accounts = frame(StagingTables.ACCOUNTS,
                account("A1", "2025-01-10", "enterprise", "enterprise"),
                account("A2", "2026-03-10", "starter", "smb"),
                account("A3", "2025-05-01", "business", "mid_market"),
                account("A4", "2026-04-02", "team", "smb"),
                account("A5", "2026-03-01", "team", "smb"));
        Dataset<Row> subscriptions = frame(StagingTables.SUBSCRIPTIONS,
                sub("S1", "A1", "2025-02-01", "2025-12-31", "expired", 10, "1000.00", "annual"),
                sub("S2", "A1", "2026-01-01", null, "active", 12, "1200.00", "annual"),
                sub("S3", "A1", "2026-03-01", null, "active", 5, "100.00", "monthly"),
                sub("S4", "A2", "2026-03-10", null, "trial", 5, "0.00", "monthly"),
                sub("S5", "A3", "2025-05-01", "2026-02-14", "cancelled", 8, "500.00", "monthly"),
                sub("S6", "A4", "2026-04-02", null, "active", 3, "90.00", "monthly"));
        Dataset<Row> invoices = frame(StagingTables.INVOICES,
                invoice("I1", "A1", "2026-03-01", "2026-03-15", null, "failed"),
                invoice("I2", "A1", "2026-02-01", "2026-02-15", "2026-02-20", "paid"),
                invoice("I3", "A1", "2026-03-20", "2026-03-31", null, "open"),
                invoice("I4", "A1", "2026-03-01", "2026-03-10", null, "void"),
                invoice("I5", "A1", "2026-01-10", "2026-01-20", null, "failed"));
        Dataset<Row> tickets = frame(StagingTables.SUPPORT_TICKETS,
                ticket("T1", "A1", "2026-03-20", "2026-03-22", "urgent", 2),
                ticket("T2", "A1", "2026-01-05", "2026-01-09", "normal", 4),
                ticket("T3", "A1", "2025-12-31", "2026-01-02", "high", 1),
                ticket("T4", "A1", "2026-04-01", null, "urgent", null),
                ticket("T5", "A1", "2026-02-01", null, "low", null),
                ticket("T6", "A1", "2026-03-15", "2026-04-02", "normal", 1));
        Dataset<Row> responses = frame(StagingTables.NPS_RESPONSES,
                nps("R1", "A1", "2026-03-01", 9), nps("R2", "A1", "2026-03-30", 6), nps("R3", "A1", "2026-04-02", 10),
                nps("R4", "A3", "2025-06-01", 3));
        Dataset<Row> touches = frame(StagingTables.TOUCHPOINTS,
                touch("P1", "A1", "2026-03-02", true), touch("P2", "A1", "2026-02-02", false),
                touch("P3", "A1", "2026-01-02", false), touch("P4", "A1", "2025-11-01", true));
        Dataset<Row> users = frame(SilverTables.ACCOUNT_USER_DAILY,
                user("A1", "U1", "2026-03-31"), user("A1", "U2", "2026-03-31"), user("A1", "U1", "2026-03-25"),
                user("A1", "U3", "2026-03-24"), user("A1", "U4", "2026-03-25"), user("A1", "U5", "2026-03-01"));
        Dataset<Row> features = frame(SilverTables.ACCOUNT_FEATURE_USAGE_DAILY,
                feature("A1", "reports", "2026-03-31"), feature("A1", "integrations", "2026-03-25"),
                feature("A1", "search", "2026-03-31"), feature("A1", "collaboration", "2026-02-20"));
        return new AccountFeatures.Inputs(accounts, subscriptions, invoices, tickets, responses, touches, dailyUsage,
                users, features, prior);
    }

    private Dataset<Row> allUsage() {
        return frame(SilverTables.ACCOUNT_DAILY_USAGE,
                daily("A1", "2026-03-31", 2, 4), daily("A1", "2026-03-25", 2, 6), daily("A1", "2026-03-24", 1, 1),
                daily("A1", "2026-02-20", 1, 11), daily("A1", "2026-01-30", 1, 7),
                daily("A3", "2026-01-15", 1, 3));
    }

    private Row row(Dataset<Row> features, String account) {
        List<Row> rows = features.where(col("account_id").equalTo(account)).collectAsList();
        assertEquals(1, rows.size(), account);
        return rows.get(0);
    }

    @Test
    void paidAccountFeaturesAsComputedByHand() {
        Dataset<Row> f = AccountFeatures.of(spark, inputs(allUsage(), null), new TreeSet<>(List.of(D)), CONFIG, SEGMENTS);
        assertEquals(List.of("A1", "A2", "A3", "A5"), f.select("account_id").orderBy("account_id").collectAsList()
                .stream().map(r -> r.getString(0)).toList(), "A4 was created after the snapshot date");
        Row a1 = row(f, "A1");
        assertEquals("active", a1.getAs("customer_status"));
        assertEquals(d("2025-02-01"), a1.getAs("first_paid_date"));
        assertEquals(423, (int) a1.getAs("tenure_days"), "365 days to 2026-02-01, then 28 + 30");
        assertEquals(17, (int) a1.getAs("seats"), "S2 12 + S3 5; S1 ended");
        assertEquals(new BigDecimal("1300.00"), a1.getAs("mrr"));
        assertEquals(new BigDecimal("1000.00"), a1.getAs("mrr_90d_ago"), "on 2025-12-31 only S1 was in force");
        assertEquals(0.3, (double) a1.getAs("mrr_change_90d"), 1e-12);
        assertEquals("annual", a1.getAs("billing_period"), "S2 is the largest term in force");
        assertEquals(d("2027-01-01"), a1.getAs("renewal_date"), "next yearly anniversary of S2, the largest term");
        assertEquals(276, (int) a1.getAs("days_to_renewal"));
        assertEquals(3L, (long) a1.getAs("active_users_7d"), "U1, U2, U4; U3 (the 24th) is 7 days back: outside");
        assertEquals(4L, (long) a1.getAs("active_users_30d"), "U5 was active on 03-01, 30 days back: outside");
        assertEquals(4.0 / 17, (double) a1.getAs("seat_utilisation"), 1e-12);
        assertEquals((5.0 / 30) / 4, (double) a1.getAs("stickiness"), 1e-12, "daily users 2 + 2 + 1 in 30 days");
        assertEquals(11L, (long) a1.getAs("events_30d"), "4 + 6 + 1");
        assertEquals(11L, (long) a1.getAs("events_prev_30d"), "02-20 is 39 days back; 01-30 is 60: outside");
        assertEquals(0.0, (double) a1.getAs("usage_trend"), 1e-12);
        assertEquals(2, (int) a1.getAs("key_features_used_30d"), "reports, integrations; search is not key, "
                + "collaboration was used 39 days back");
        assertEquals(4, (int) a1.getAs("key_features_total"));
        assertEquals(0.5, (double) a1.getAs("adoption_breadth"), 1e-12);
        assertEquals(d("2026-03-31"), a1.getAs("last_active_date"));
        assertEquals(0, (int) a1.getAs("days_since_last_activity"));
        assertEquals(4L, (long) a1.getAs("tickets_90d"), "T1, T2, T5, T6; T3 is 90 days back, T4 after D");
        assertEquals(1L, (long) a1.getAs("urgent_tickets_90d"));
        assertEquals(3.0, (double) a1.getAs("avg_csat_90d"), 1e-12, "(2 + 4) / 2; T5 is unrated, T6 rated after D");
        assertEquals(6, (int) a1.getAs("latest_nps"), "R2 on 03-30; R3 is after D");
        assertEquals(1, (int) a1.getAs("nps_age_days"));
        assertEquals(2L, (long) a1.getAs("failed_payments_90d"), "I1 and I5");
        assertEquals(3L, (long) a1.getAs("overdue_invoices_90d"), "I1, I5 unpaid, I2 paid late; I3 due on D, "
                + "I4 void");
        assertEquals(3L, (long) a1.getAs("touches_90d"));
        assertEquals(1.0 / 3, (double) a1.getAs("touch_response_rate_90d"), 1e-12);
        assertEquals(0, (int) a1.getAs("usage_freshness_days"));
        assertEquals(21, (int) a1.getAs("subscriptions_freshness_days"), "newest start on or before D: 03-10");
        assertEquals(11, (int) a1.getAs("invoices_freshness_days"), "I3 issued 03-20");
        assertEquals(11, (int) a1.getAs("support_tickets_freshness_days"), "T1 opened 03-20; T4 is after D");
        assertEquals(1, (int) a1.getAs("nps_freshness_days"));
        assertEquals(29, (int) a1.getAs("touchpoints_freshness_days"), "P1 on 03-02");
    }

    @Test
    void trialChurnedAndProspectAccounts() {
        Dataset<Row> f = AccountFeatures.of(spark, inputs(allUsage(), null), new TreeSet<>(List.of(D)), CONFIG, SEGMENTS);
        Row a2 = row(f, "A2");
        assertEquals("trial", a2.getAs("customer_status"));
        assertNull(a2.getAs("seats"));
        assertNull(a2.getAs("mrr"));
        assertNull(a2.getAs("mrr_change_90d"));
        assertNull(a2.getAs("renewal_date"));
        assertEquals(1, (int) a2.getAs("key_features_total"), "starter plan: reports only");
        assertEquals(0.0, (double) a2.getAs("adoption_breadth"), 1e-12);
        assertNull(a2.getAs("last_active_date"));
        assertNull(a2.getAs("stickiness"));
        assertEquals(0L, (long) a2.getAs("tickets_90d"));
        assertNull(a2.getAs("latest_nps"));

        Row a3 = row(f, "A3");
        assertEquals("churned", a3.getAs("customer_status"), "S5 ended 2026-02-14");
        assertNull(a3.getAs("mrr"));
        assertEquals(new BigDecimal("500.00"), a3.getAs("mrr_90d_ago"));
        assertEquals(d("2026-01-15"), a3.getAs("last_active_date"), "75 days back: found beyond the 60-day window");
        assertEquals(75, (int) a3.getAs("days_since_last_activity"));
        assertNull(a3.getAs("usage_trend"), "no events in either 30-day window");
        assertEquals(3, (int) a3.getAs("latest_nps"));
        assertEquals((int) ChronoUnit.DAYS.between(LocalDate.of(2025, 6, 1), D), (int) a3.getAs("nps_age_days"));

        assertEquals("prospect", row(f, "A5").getAs("customer_status"));
    }

    @Test
    void lastActivityBeyondTheReadUsageComesFromTheEarlierSnapshot() {
        Dataset<Row> recentUsage = allUsage().where(col("usage_date").geq(d("2026-02-01")));
        Dataset<Row> prior = spark.createDataFrame(List.of(RowFactory.create("A3", d("2026-01-15")),
                        RowFactory.create("A1", d("2026-01-30"))),
                new StructType().add("account_id", "string")
                        .add("prior_last_active_date", "date"));
        Dataset<Row> f = AccountFeatures.of(spark, inputs(recentUsage, prior), new TreeSet<>(List.of(D)), CONFIG, SEGMENTS);
        assertEquals(d("2026-01-15"), row(f, "A3").getAs("last_active_date"));
        assertEquals(d("2026-03-31"), row(f, "A1").getAs("last_active_date"), "newer activity wins over the carry");
        assertNull(row(f, "A2").getAs("last_active_date"));
    }

    @Test
    void severalDatesInOnePassEqualOneDateAtATime() {
        TreeSet<LocalDate> dates = new TreeSet<>(List.of(LocalDate.of(2026, 1, 31), LocalDate.of(2026, 2, 28), D));
        Dataset<Row> together = AccountFeatures.of(spark, inputs(allUsage(), null), dates, CONFIG, SEGMENTS);
        List<Row> expected = new ArrayList<>();
        for (LocalDate date : dates) {
            expected.addAll(AccountFeatures.of(spark, inputs(allUsage(), null), new TreeSet<>(List.of(date)), CONFIG, SEGMENTS)
                    .collectAsList());
        }
        List<Row> actual = together.collectAsList();
        assertEquals(expected.size(), actual.size());
        assertEquals(new HashSet<>(expected), new HashSet<>(actual));
        Row a3InJanuary = together.where("account_id = 'A3' AND snapshot_date = DATE'2026-01-31'").first();
        assertEquals("active", a3InJanuary.getAs("customer_status"), "point in time: S5 was still in force");
        assertFalse(together.where("snapshot_date = DATE'2026-01-31' AND account_id = 'A2'").count() > 0,
                "A2 did not exist yet");
    }
}
