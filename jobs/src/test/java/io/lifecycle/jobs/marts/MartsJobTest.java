package io.lifecycle.jobs.marts;

import io.lifecycle.common.catalog.GoldTables;
import io.lifecycle.common.catalog.StagingTables;
import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.run.JobContext;
import io.lifecycle.jobs.features.FeaturesJob;
import io.lifecycle.jobs.testing.GeneratedLakehouse;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.sql.Date;

/**
 * The marts job over the generated TINY warehouse (features computed; the gold inputs of health, lifecycle and CLV
 * left empty, which the job's transforms must tolerate). TINY has 6 months of history, too short for 12-month
 * retention, so staging.subscriptions is first stretched in time 2.5-fold towards the end date: every term date
 * t becomes END - 2.5 (END - t). Terms keep their order and overlaps, and the history then spans 15 months.
 */
class MartsJobTest {
    private static final LocalDate END = GeneratedLakehouse.END;
    private static final SortedSet<LocalDate> DATES = new TreeSet<>(List.of(LocalDate.of(2025, 11, 30),
            END.minusDays(1), END));
    private static final String SEGMENT = "smb";

    @TempDir
    static Path tmp;
    private static JobContext ctx;

    @BeforeAll
    static void stretchedSubscriptionsAndFeatures() {
        ctx = GeneratedLakehouse.get().copy(tmp);
        Lakehouse lake = ctx.lakehouse();
        String stretch = "date_add(DATE'%s', CAST(round(2.5 * datediff(%%1$s, DATE'%s')) AS INT))".formatted(END, END);
        Dataset<Row> stretched = lake.read(StagingTables.SUBSCRIPTIONS)
                .withColumn("start_date", expr(stretch.formatted("start_date")))
                .withColumn("end_date", expr(stretch.formatted("end_date")))
                .localCheckpoint();
        lake.overwrite(StagingTables.SUBSCRIPTIONS, stretched);
        new FeaturesJob().run(ctx, DATES);
        run();
    }

    private static void run() {
        new MartsJob().run(ctx, DATES, MartsJob.inputs(ctx.lakehouse(), DATES));
    }

    /**
     * NRR, GRR, logo churn and the MRR movements of one segment recomputed from staging.subscriptions with plain
     * SQL written apart from the job (no shared code), date by date.
     */
    @Test
    void kpisOfOneSegmentMatchIndependentSqlOverStagingSubscriptions() {
        for (LocalDate d : DATES) {
            Row expected = ctx.spark().sql(independentSql(d, SEGMENT)).first();
            Row actual = ctx.lakehouse().read(GoldTables.SEGMENT_KPIS_DAILY)
                    .where(col("snapshot_date").equalTo(Date.valueOf(d)).and(col("segment").equalTo(SEGMENT)))
                    .first();
            String at = SEGMENT + " on " + d + ": ";
            for (String money : List.of("mrr", "mrr_30d_ago", "mrr_12m_ago", "mrr_new_30d", "mrr_expansion_30d",
                    "mrr_contraction_30d", "mrr_fx_30d", "mrr_churn_30d", "mrr_reactivation_30d")) {
                assertEquals(((BigDecimal) expected.getAs(money)).setScale(2), actual.getAs(money), at + money);
            }
            for (String count : List.of("active_accounts", "churned_accounts_30d", "new_accounts_30d",
                    "reactivated_accounts_30d")) {
                assertEquals(expected.<Long>getAs(count), actual.<Long>getAs(count), at + count);
            }
            for (String ratio : List.of("logo_churn_rate_30d", "nrr_12m", "grr_12m")) {
                assertNotNull(actual.getAs(ratio), at + ratio);
                assertEquals(expected.<Double>getAs(ratio), actual.<Double>getAs(ratio), 1e-12, at + ratio);
            }
        }
        Row end = ctx.spark().sql(independentSql(END, SEGMENT)).first();
        long kindsOfMovement = List.of("mrr_new_30d", "mrr_expansion_30d", "mrr_contraction_30d", "mrr_churn_30d",
                "mrr_reactivation_30d").stream().filter(c -> ((BigDecimal) end.getAs(c)).signum() != 0).count();
        assertTrue(kindsOfMovement >= 2, "the data exercises several movements, not only zeros: " + end);
    }

    /**
     * Per account: the segment on D (the plan of its paid terms in force on D, the largest by MRR; else of its
     * latest term started by D with a plan; else accounts.plan_tier; mapped by the shipped segment rules), MRR in
     * force on D, D - 30 and 12 months back, and the constant-currency change (D - 30's own-currency MRR restated
     * per currency at the rate D's terms carry); then the segment's sums and ratios.
     */
    private static String independentSql(LocalDate d, String segment) {
        return """
                WITH terms_by_d AS (
                  SELECT account_id, plan_tier, start_date, mrr_reporting,
                    status <> 'trial' AND mrr_reporting > 0 AND (end_date IS NULL OR end_date >= DATE'%1$s') AS paying
                  FROM staging.subscriptions WHERE plan_tier IS NOT NULL AND start_date <= DATE'%1$s'),
                plan_on_d AS (
                  SELECT account_id,
                    max_by(plan_tier, struct(paying, IF(paying, CAST(mrr_reporting AS DOUBLE), 0D), start_date, plan_tier))
                      AS plan_tier
                  FROM terms_by_d GROUP BY account_id),
                segment_on_d AS (
                  SELECT a.account_id, CASE coalesce(p.plan_tier, a.plan_tier) WHEN 'enterprise' THEN 'enterprise'
                    WHEN 'business' THEN 'mid_market' WHEN 'starter' THEN 'smb' WHEN 'team' THEN 'smb'
                    ELSE 'other' END AS segment
                  FROM staging.accounts a LEFT JOIN plan_on_d p ON p.account_id = a.account_id),
                paid AS (
                  SELECT s.account_id, s.currency, s.start_date, s.end_date, s.mrr AS own, s.mrr_reporting
                  FROM staging.subscriptions s JOIN segment_on_d a ON a.account_id = s.account_id
                  WHERE a.segment = '%2$s' AND s.status <> 'trial' AND s.mrr_reporting > 0),
                per_currency AS (
                  SELECT account_id,
                    SUM(IF(start_date <= DATE'%1$s' AND (end_date IS NULL OR end_date >= DATE'%1$s'),
                           mrr_reporting, 0)) AS r_now,
                    SUM(IF(start_date <= DATE'%1$s' AND (end_date IS NULL OR end_date >= DATE'%1$s'),
                           own, 0)) AS o_now,
                    SUM(IF(start_date <= DATE'%1$s' - INTERVAL 30 DAYS
                           AND (end_date IS NULL OR end_date >= DATE'%1$s' - INTERVAL 30 DAYS), mrr_reporting, 0)) AS r_30,
                    SUM(IF(start_date <= DATE'%1$s' - INTERVAL 30 DAYS
                           AND (end_date IS NULL OR end_date >= DATE'%1$s' - INTERVAL 30 DAYS), own, 0)) AS o_30
                  FROM paid WHERE start_date <= DATE'%1$s' GROUP BY account_id, currency),
                restated AS (
                  SELECT account_id, SUM(IF(o_now > 0, CAST(o_30 AS DOUBLE) * CAST(r_now AS DOUBLE) / CAST(o_now AS DOUBLE),
                                            CAST(r_30 AS DOUBLE))) AS r_30_at_now_rates
                  FROM per_currency GROUP BY account_id),
                per_account AS (
                  SELECT account_id,
                    SUM(IF(start_date <= DATE'%1$s' AND (end_date IS NULL OR end_date >= DATE'%1$s'),
                           mrr_reporting, 0)) AS m_now,
                    SUM(IF(start_date <= DATE'%1$s' - INTERVAL 30 DAYS
                           AND (end_date IS NULL OR end_date >= DATE'%1$s' - INTERVAL 30 DAYS), mrr_reporting, 0)) AS m_30,
                    SUM(IF(start_date <= DATE'%1$s' - INTERVAL 12 MONTHS
                           AND (end_date IS NULL OR end_date >= DATE'%1$s' - INTERVAL 12 MONTHS), mrr_reporting, 0)) AS m_12,
                    MAX(start_date <= DATE'%1$s' - INTERVAL 30 DAYS) AS paid_before
                  FROM paid WHERE start_date <= DATE'%1$s' GROUP BY account_id),
                accounts AS (
                  SELECT p.*, CAST(ROUND(CAST(m_now AS DOUBLE) - r.r_30_at_now_rates, 2) AS DECIMAL(18,2)) AS cc
                  FROM per_account p JOIN restated r ON r.account_id = p.account_id)
                SELECT
                  SUM(m_now) AS mrr, SUM(m_30) AS mrr_30d_ago, SUM(m_12) AS mrr_12m_ago,
                  SUM(IF(m_30 = 0 AND m_now > 0 AND NOT paid_before, m_now, 0)) AS mrr_new_30d,
                  SUM(IF(m_30 > 0 AND m_now > 0 AND cc > 0, cc, 0)) AS mrr_expansion_30d,
                  SUM(IF(m_30 > 0 AND m_now > 0 AND cc < 0, cc, 0)) AS mrr_contraction_30d,
                  SUM(IF(m_30 > 0 AND m_now > 0, m_now - m_30 - cc, 0)) AS mrr_fx_30d,
                  SUM(IF(m_30 > 0 AND m_now = 0, -m_30, 0)) AS mrr_churn_30d,
                  SUM(IF(m_30 = 0 AND m_now > 0 AND paid_before, m_now, 0)) AS mrr_reactivation_30d,
                  COUNT_IF(m_now > 0) AS active_accounts,
                  COUNT_IF(m_30 > 0 AND m_now = 0) AS churned_accounts_30d,
                  COUNT_IF(m_30 = 0 AND m_now > 0 AND NOT paid_before) AS new_accounts_30d,
                  COUNT_IF(m_30 = 0 AND m_now > 0 AND paid_before) AS reactivated_accounts_30d,
                  CAST(COUNT_IF(m_30 > 0 AND m_now = 0) AS DOUBLE) / COUNT_IF(m_30 > 0) AS logo_churn_rate_30d,
                  CAST(SUM(IF(m_12 > 0, m_now, 0)) AS DOUBLE) / CAST(SUM(m_12) AS DOUBLE) AS nrr_12m,
                  CAST(SUM(LEAST(m_now, m_12)) AS DOUBLE) / CAST(SUM(m_12) AS DOUBLE) AS grr_12m
                FROM accounts""".formatted(d, segment);
    }

    @Test
    void movementsAddUpToTheMrrChangeInEveryRow() {
        List<Row> rows = ctx.lakehouse().read(GoldTables.SEGMENT_KPIS_DAILY).collectAsList();
        assertEquals(DATES.size() * 4, rows.size(), "3 segments and 'all' per date");
        for (Row r : rows) {
            BigDecimal sum = ((BigDecimal) r.getAs("mrr_new_30d")).add(r.getAs("mrr_expansion_30d"))
                    .add(r.getAs("mrr_contraction_30d")).add(r.getAs("mrr_churn_30d")).add(r.getAs("mrr_reactivation_30d"))
                    .add(r.getAs("mrr_fx_30d"));
            assertEquals(((BigDecimal) r.getAs("mrr")).subtract(r.getAs("mrr_30d_ago")), sum,
                    r.getAs("segment") + " on " + r.getAs("snapshot_date"));
        }
    }

    @Test
    void reRunningTheDatesReplacesThemAndRenewalBriefsAreWritten() {
        var before = new HashSet<>(ctx.lakehouse().read(GoldTables.SEGMENT_KPIS_DAILY).collectAsList());
        long briefs = ctx.lakehouse().read(GoldTables.RENEWAL_BRIEFS).count();
        run();
        assertEquals(before, new HashSet<>(ctx.lakehouse().read(GoldTables.SEGMENT_KPIS_DAILY).collectAsList()));
        assertEquals(briefs, ctx.lakehouse().read(GoldTables.RENEWAL_BRIEFS).count());
        assertTrue(briefs > 0, "some accounts renew within 90 days");
        assertEquals(0, ctx.lakehouse().read(GoldTables.RENEWAL_BRIEFS)
                .where("days_to_renewal < 0 OR days_to_renewal > 90").count());
    }
}
