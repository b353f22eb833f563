package io.lifecycle.jobs.clv;

import io.lifecycle.jobs.shared.AccountPlans;
import io.lifecycle.common.catalog.GoldTables;
import io.lifecycle.common.catalog.StagingTables;
import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.config.ConfigException;
import io.lifecycle.common.run.JobContext;
import io.lifecycle.common.run.Progress;
import io.lifecycle.common.testing.Frames;
import io.lifecycle.common.testing.SharedSpark;
import io.lifecycle.common.testing.TestConfigs;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The clv job on a hand-made staging: 40 smb accounts (every fourth churns), 8 enterprise accounts (too few for
 * their own fit), one-off invoices for some, and rows dated after the snapshot that must change nothing.
 */
class ClvJobTest {
    static final SparkSession SPARK = SharedSpark.get();
    static final LocalDate D1 = LocalDate.of(2025, 10, 31);
    static final LocalDate D2 = LocalDate.of(2025, 11, 30);
    static final LocalDate START = LocalDate.of(2024, 1, 1);
    static final Column SEGMENTS = AccountPlans.segmentRules(TestConfigs.of(Path.of("."), Path.of(".")));

    @TempDir
    static Path tmp;
    static Path conf;

    @BeforeAll
    static void writeConfig() throws IOException {
        conf = Files.createDirectories(tmp.resolve("conf"));
        Files.writeString(conf.resolve("clv.yaml"), """
                grossMargin: 0.8
                grossMarginBySegment: {enterprise: 0.5}
                annualDiscountRate: 0.1
                horizonMonths: 12
                periodMonths: 1
                minCustomers: 10
                holdoutDays: 180
                """);
    }

    /** Account i: created START + 9i days; smb for i < 40, else enterprise; i % 4 == 3 churns after 5 + i/4 months. */
    static Lakehouse stage(Path root, boolean withFutureRows) {
        Lakehouse lake = new Lakehouse(SPARK, root);
        List<Row> accounts = new ArrayList<>();
        List<Row> terms = new ArrayList<>();
        List<Row> invoices = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            String id = "A" + i;
            LocalDate created = START.plusDays(9L * i);
            boolean enterprise = i >= 40;
            accounts.add(RowFactory.create(id, "n", "tech", "emea", "1-10", enterprise ? "enterprise" : "team",
                    Timestamp.valueOf(created.atStartOfDay()), null, enterprise ? "enterprise" : "smb"));
            LocalDate end = i % 4 == 3 ? created.plusMonths(5 + i / 4).minusDays(1) : null;
            terms.add(term(id + "-s", id, created, end, end == null ? "active" : "cancelled", "100.00"));
            invoices.add(invoice(id + "-onboarding", id, created, "5000.00"));
            for (int k = 1; k <= i % 3; k++) {
                invoices.add(invoice(id + "-" + k, id, created.plusDays(40L * k), (100 * k) + ".00"));
            }
        }
        if (withFutureRows) {
            terms.add(term("F-s", "A3", D2.plusDays(1), null, "active", "999.00"));
            invoices.add(invoice("F-i", "A1", D2.plusDays(3), "777.00"));
            accounts.add(RowFactory.create("F", "n", "tech", "emea", "1-10", "team",
                    Timestamp.valueOf(D2.plusDays(2).atStartOfDay()), null, "smb"));
        }
        lake.overwrite(StagingTables.ACCOUNTS, SPARK.createDataFrame(accounts, StagingTables.ACCOUNTS.schema()));
        lake.overwrite(StagingTables.SUBSCRIPTIONS, SPARK.createDataFrame(terms, StagingTables.SUBSCRIPTIONS.schema()));
        lake.overwrite(StagingTables.INVOICES, SPARK.createDataFrame(invoices, StagingTables.INVOICES.schema()));
        return lake;
    }

    static Row term(String id, String account, LocalDate start, LocalDate end, String status, String mrr) {
        return RowFactory.create(id, account, "core", Date.valueOf(start), end == null ? null : Date.valueOf(end), status,
                5, new BigDecimal(mrr), "USD", "monthly", new BigDecimal(mrr), null);
    }

    static Row invoice(String id, String account, LocalDate day, String amount) {
        return RowFactory.create(id, account, Timestamp.valueOf(day.atTime(10, 0)), Date.valueOf(day.plusDays(30)), null,
                new BigDecimal(amount), "USD", "one_off", "paid", new BigDecimal(amount));
    }

    static void run(Lakehouse lake, LocalDate... dates) {
        JobContext ctx = new JobContext(TestConfigs.of(tmp.resolve("warehouse"), lake.root()), conf, lake, "test-run",
                Progress.silent());
        new ClvJob().run(ctx, new TreeSet<>(List.of(dates)));
    }

    @Test
    void historiesCountPeriodsAndRepeatPurchasesByHand() {
        Lakehouse lake = stage(tmp.resolve("hand"), false);
        ClvConfig config = ClvConfig.load(conf, TestConfigs.of(tmp, tmp));
        Row a7 = ClvHistories.of(SPARK, lake.read(StagingTables.ACCOUNTS), lake.read(StagingTables.SUBSCRIPTIONS),
                lake.read(StagingTables.INVOICES), new TreeSet<>(List.of(D1)), config, SEGMENTS).where("account_id = 'A7'")
                .first();
        // A7: created 2024-03-04, covered through 2024-09-03: alive at the starts of periods 0..5 (2024-08-04), so
        // lost at the renewal of period 6 (2024-09-04); by 2025-10-31, periods 0..19 have started (2025-10-04).
        assertEquals(19, (int) a7.getAs("n_d"));
        assertEquals(5, (int) a7.getAs("alive_until_d"));
        assertEquals(false, a7.getAs("in_force_d"));
        // One-offs: the onboarding fee on the creation day is the first purchase; 7 % 3 = 1 repeat on day 40 of 100.
        assertEquals(1L, (long) a7.getAs("x_d"));
        assertEquals(40, (int) a7.getAs("recency_days_d"));
        assertEquals(606 + 1, (int) a7.getAs("age_days_d"), "days from 2024-03-04 to the end of 2025-10-31");
        assertEquals(100.0, (double) a7.getAs("mean_spend_d"), 1e-9);
    }

    static Lakehouse clean;
    static Dataset<Row> modelsOfFirstRun;
    static Dataset<Row> accountsOfFirstRun;

    @BeforeAll
    static void runOnce() {
        clean = stage(tmp.resolve("clean"), false);
        run(clean, D1, D2);
        modelsOfFirstRun = comparable(clean.read(GoldTables.CLV_MODELS)).localCheckpoint();
        accountsOfFirstRun = clean.read(GoldTables.ACCOUNT_CLV).localCheckpoint();
    }

    @Test
    void writesModelsAndAccountValuesThatFollowTheFormulas() {
        Lakehouse lake = clean;
        Dataset<Row> models = lake.read(GoldTables.CLV_MODELS).where(org.apache.spark.sql.functions.col("snapshot_date").equalTo(Date.valueOf(D1)));
        assertEquals(6, models.count(), "2 segments x 3 models");
        assertEquals(12, lake.read(GoldTables.CLV_MODELS).count(), "two dates");
        Row sbgSmb = models.where("segment = 'smb' AND model = 'sbg'").first();
        assertEquals("segment", sbgSmb.getAs("fit_scope"));
        assertEquals("sbg/smb/" + D1, sbgSmb.getAs("model_id"));
        Row sbgEnterprise = models.where("segment = 'enterprise' AND model = 'sbg'").first();
        assertEquals("pooled", sbgEnterprise.getAs("fit_scope"), "8 enterprise accounts < minCustomers 10");
        assertEquals(48L, (long) sbgEnterprise.getAs("n"));
        assertEquals(8L, (long) sbgEnterprise.getAs("segment_customers"));
        assertTrue(((String) sbgEnterprise.getAs("message")).contains("fewer than minCustomers 10"));

        // Residual value of A0 (smb, active, acquired 2024-01-01: renewed 21 times by 2025-10-01) = MRR x P x margin x DERL.
        Row p = sbgSmb.getAs("params");
        assertTrue(p.isNullAt(p.fieldIndex("r")), "only the model's own parameters are set");
        double derl = new SbgModel(p.getAs("alpha"), p.<Double>getAs("beta")).discountedExpectedResidualLifetime(Math.pow(1.1, 1 / 12.0) - 1, 21);
        Dataset<Row> accounts = lake.read(GoldTables.ACCOUNT_CLV).where("snapshot_date = DATE'" + D1 + "'");
        Row a0 = accounts.where("account_id = 'A0'").first();
        assertEquals(21, (int) a0.getAs("renewals"));
        assertEquals(derl, (double) a0.getAs("derl"), 1e-9);
        assertEquals(100 * 1 * 0.8 * derl, ((BigDecimal) a0.getAs("subscription_residual_value")).doubleValue(), 0.006);
        assertEquals("sbg/smb/" + D1, a0.getAs("sbg_model_id"));
        double total = ((BigDecimal) a0.getAs("subscription_residual_value")).doubleValue()
                + ((BigDecimal) a0.getAs("transactional_value")).doubleValue();
        assertEquals(total, ((BigDecimal) a0.getAs("total_clv")).doubleValue(), 0.011);
        assertEquals(1.0, (double) a0.getAs("probability_alive"), 1e-12, "no repeat purchase: alive for sure");
        Row a40 = accounts.where("account_id = 'A40'").first();
        assertEquals(0.5, (double) a40.getAs("gross_margin"));
        assertEquals("sbg/pooled/" + D1, a40.getAs("sbg_model_id"));

        long churned = accounts.where("account_id IN ('A3', 'A7')").count();
        assertEquals(0, churned, "churned accounts are not in the customer base");
        assertEquals(40, accounts.count(), "48 accounts, 8 churned by " + D1 + " (i = 3, 7, ..., 31)");
    }

    @Test
    void rerunningDatesChangesNothing() {
        run(clean, D1, D2);
        Frames.assertSameRows(modelsOfFirstRun, comparable(clean.read(GoldTables.CLV_MODELS)));
        Frames.assertSameRows(accountsOfFirstRun, clean.read(GoldTables.ACCOUNT_CLV));

    }

    /** A term, an invoice and an account dated after the snapshot leave every history (so every fit and score) as it was. */
    @Test
    void rowsDatedAfterTheSnapshotAreNotRead() {
        ClvConfig config = ClvConfig.load(conf, TestConfigs.of(tmp, tmp));
        Lakehouse withFuture = stage(tmp.resolve("future"), true);
        TreeSet<LocalDate> dates = new TreeSet<>(List.of(D1, D2));
        Dataset<Row> expected = ClvHistories.of(SPARK, clean.read(StagingTables.ACCOUNTS), clean.read(StagingTables.SUBSCRIPTIONS),
                clean.read(StagingTables.INVOICES), dates, config, SEGMENTS);
        Dataset<Row> actual = ClvHistories.of(SPARK, withFuture.read(StagingTables.ACCOUNTS),
                withFuture.read(StagingTables.SUBSCRIPTIONS), withFuture.read(StagingTables.INVOICES), dates, config,
                SEGMENTS);
        Frames.assertSameRows(expected, actual);
    }

    /** Without fit_ms: wall-clock time, the one column a re-run changes. */
    private static Dataset<Row> comparable(Dataset<Row> models) {
        return models.drop("fit_ms");
    }

    @Test
    void aBadConfigValueNamesTheFileTheKeyAndWhatIsAllowed() throws IOException {
        Path bad = Files.createDirectories(tmp.resolve("bad-conf"));
        Files.writeString(bad.resolve("clv.yaml"), Files.readString(conf.resolve("clv.yaml")).replace("periodMonths: 1", "periodMonths: 5"));
        ConfigException e = assertThrows(ConfigException.class, () -> ClvConfig.load(bad, TestConfigs.of(tmp, tmp)));
        assertTrue(e.getMessage().contains("clv.yaml") && e.getMessage().contains("periodMonths")
                && e.getMessage().contains("allowed 1, 3, 6 or 12"), e.getMessage());

        Files.writeString(bad.resolve("clv.yaml"), Files.readString(conf.resolve("clv.yaml")).replace("enterprise: 0.5", "enterprize: 0.5"));
        e = assertThrows(ConfigException.class, () -> ClvConfig.load(bad, TestConfigs.of(tmp, tmp)));
        assertTrue(e.getMessage().contains("grossMarginBySegment.enterprize") && e.getMessage().contains("unknown segment"), e.getMessage());
    }
}
