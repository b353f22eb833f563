package io.lifecycle.jobs.shared;

import io.lifecycle.common.testing.SharedSpark;
import io.lifecycle.common.testing.TestConfigs;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Hand-made terms: U pays for team (smb) from January and upgrades to business (mid_market) on 2025-03-15, with an
 * add-on term that carries no plan; K was on business and churned on 2025-02-28 (its account row says starter, the
 * tier it would have at the end of history); R trials enterprise from 2025-03-01; N's terms carry no plan (the
 * accounts row decides); P never had a term; Q pays from 2025-01-15 although its row says it was created on
 * 2025-03-01, L only trials before that day.
 */
class AccountPlansTest {
    private static final SparkSession SPARK = SharedSpark.get();

    private static Map<String, String> plansOn(String day) {
        Dataset<Row> accounts = SPARK.sql("""
                SELECT account_id, plan_tier, employee_band, region, industry, CAST(created AS TIMESTAMP) AS created_at
                FROM VALUES ('U', 'business', '11-50', 'emea', 'software', '2024-12-01'),
                  ('K', 'starter', '11-50', 'emea', 'software', '2024-12-01'),
                  ('R', 'enterprise', '11-50', 'emea', 'software', '2024-12-01'),
                  ('N', 'team', '11-50', 'emea', 'software', '2024-12-01'),
                  ('P', 'business', '11-50', 'emea', 'software', '2024-12-01'),
                  ('Q', 'team', '11-50', 'emea', 'software', '2025-03-01'),
                  ('L', 'team', '11-50', 'emea', 'software', '2025-03-01')
                  AS t(account_id, plan_tier, employee_band, region, industry, created)""");
        Dataset<Row> subscriptions = SPARK.sql("""
                SELECT account_id, DATE(start_date) AS start_date, DATE(end_date) AS end_date, status,
                       CAST(mrr AS DECIMAL(18,2)) AS mrr_reporting, plan_tier
                FROM VALUES
                  ('U', '2025-01-01', '2025-03-14', 'expired',   100, 'team'),
                  ('U', '2025-03-15', NULL,         'active',    400, 'business'),
                  ('U', '2025-01-10', NULL,         'active',    900, CAST(NULL AS STRING)),
                  ('K', '2024-12-01', '2025-02-28', 'cancelled', 300, 'business'),
                  ('R', '2025-03-01', '2025-03-31', 'trial',       0, 'enterprise'),
                  ('N', '2025-01-01', NULL,         'active',     50, CAST(NULL AS STRING)),
                  ('Q', '2025-01-15', NULL,         'active',     70, 'team'),
                  ('L', '2025-01-15', '2025-03-31', 'trial',       0, 'team')
                  AS t(account_id, start_date, end_date, status, mrr, plan_tier)""");
        Dataset<Row> dates = SnapshotCalendar.dates(SPARK, new TreeSet<>(List.of(LocalDate.parse(day))));
        Map<String, String> out = new TreeMap<>();
        for (Row r : AccountPlans.asOf(accounts, subscriptions, dates,
                AccountPlans.segmentRules(TestConfigs.of(Path.of("."), Path.of(".")))).collectAsList()) {
            out.put(r.getAs("account_id"), r.getAs("plan_tier") + "/" + r.getAs("plan_tier_source") + "/"
                    + r.getAs("segment"));
        }
        return out;
    }

    @Test
    void beforeTheUpgrade() {
        assertEquals(Map.of(
                "U", "team/subscription/smb",              // the add-on (no plan, larger MRR) does not decide
                "K", "business/subscription/mid_market",   // paying until 2025-02-28
                "R", "enterprise/account/enterprise",      // no term started yet: the accounts row
                "N", "team/account/smb",                   // terms without a plan
                "P", "business/account/mid_market",        // never had a term
                "Q", "team/subscription/smb"),             // created later, but paying already: it exists
                plansOn("2025-02-01"));                    // (L only trials before its creation: not yet)
    }

    @Test
    void onAndAfterTheUpgradeDayAndAfterChurn() {
        assertEquals(Map.of(
                "U", "business/subscription/mid_market",   // moves segment on the day it upgrades
                "K", "business/subscription/mid_market",   // churned: its last paid term, not the accounts row
                "R", "enterprise/subscription/enterprise", // the trial's plan
                "N", "team/account/smb",
                "P", "business/account/mid_market",
                "Q", "team/subscription/smb",
                "L", "team/subscription/smb"),
                plansOn("2025-03-15"));
        assertEquals("team/subscription/smb", plansOn("2025-03-14").get("U"), "the day before the upgrade");
    }
}
