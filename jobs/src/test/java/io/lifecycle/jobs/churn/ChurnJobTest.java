package io.lifecycle.jobs.churn;

import io.lifecycle.common.catalog.GoldTables;
import io.lifecycle.common.catalog.SilverTables;
import io.lifecycle.common.catalog.TableDef;
import io.lifecycle.common.run.JobContext;
import io.lifecycle.common.testing.Frames;
import io.lifecycle.jobs.propensity.ClassifierSettings;
import io.lifecycle.jobs.propensity.ModelMetadata;
import io.lifecycle.jobs.propensity.ModelRegistry;
import io.lifecycle.jobs.testing.GeneratedLakehouse;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The churn job over the generated TINY warehouse (features, health and lifecycle run first, shared with the
 * expansion test), as a backfill of seven dates with a 30-day horizon, so that models can be trained inside the tiny
 * history and forecasts judged: it trains the churn and the contraction model as of each date where the schedule says
 * so, scores every active account of every date with the models current on it, judges every closed window in
 * gold.retention_forecast_backtest, and a re-run leaves every table as it was.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class ChurnJobTest {
    private static final SortedSet<LocalDate> DATES = GeneratedLakehouse.MODEL_DATES;
    /** The first date with a labelled snapshot (07-31 + 30): a base-rate entry, then the first classifier. */
    private static final LocalDate FIRST_LABELS = LocalDate.of(2025, 8, 31);
    private static final LocalDate FIRST_MODEL = LocalDate.of(2025, 9, 30);
    private static final List<TableDef> OUTPUTS = List.of(GoldTables.ACCOUNT_CHURN_RISK,
            GoldTables.CHURN_MODEL_METRICS, GoldTables.RETENTION_FORECAST_BACKTEST);

    @TempDir
    static Path tmp;
    private static JobContext ctx;

    /**
     * A 30-day horizon, retraining every 30 days, one validation snapshot, small models, a ROC AUC floor of 0 (the
     * Brier skill floor stays).
     */
    public static ChurnConfig testConfig() {
        ChurnConfig shipped = ChurnConfig.load(Path.of("..", "conf"));
        return new ChurnConfig(30, shipped.contractionShare(), 1, 2, new ClassifierSettings.Retrain(30, true),
                new ClassifierSettings.Floors(0.0), 10, 7L,
                new ClassifierSettings.Models(new ClassifierSettings.GradientBoostedTrees(5, 2, 0.3, 1.0),
                        new ClassifierSettings.LogisticRegression(20, 0.05, 0.0)));
    }

    @BeforeAll
    static void inputs() {
        ctx = GeneratedLakehouse.get().upToLifecycle(tmp, DATES);
        new ChurnJob().run(ctx, DATES, testConfig());
    }

    private static ModelRegistry registry(String target) {
        return new ModelRegistry(ctx.lakehouse().root(), target);
    }

    @Test
    @Order(1)
    void backfillTrainsWhereDueAndScoresEveryActiveAccountWithTheModelsCurrentOnItsDate() {
        // 07-31: no model yet (nothing labelled: no history); 08-15: 15 days old; 08-31: 31 days old and 07-31 labelled
        // since (one snapshot: base rates); 09-15: 15 days old; 09-30: 30 days old, 08-15 and 08-31 labelled since
        // (2 train + 1 validation: a classifier); 12-16: 77 days old, 09-15 and 09-30 labelled since; 12-31: 15 days
        List<String> expected = List.of("2025-07-31", "2025-08-31", "2025-09-30", "2025-12-16");
        for (String target : List.of("churn", "contraction")) {
            assertEquals(expected, registry(target).list().stream().map(ModelMetadata::trainedAsOf).toList(), target);
        }
        assertTrue(!registry("churn").current(FIRST_LABELS).orElseThrow().hasClassifier());
        // the tiny warehouse has no churn within 30 days of 07-31, 08-15 or 08-31: base rates (0) again
        ModelMetadata churn = registry("churn").current(FIRST_MODEL).orElseThrow();
        assertEquals(List.of("2025-07-31", "2025-08-15", "2025-08-31"), churn.trainingSnapshots());
        assertTrue(churn.verdict().contains("both classes are needed"), churn.verdict());

        for (LocalDate d : DATES) {
            long active = ctx.lakehouse().read(SilverTables.ACCOUNT_FEATURES_DAILY)
                    .where(col("snapshot_date").equalTo(Date.valueOf(d)))
                    .where(col("customer_status").equalTo("active")).count();
            List<Row> rows = ctx.lakehouse().read(GoldTables.ACCOUNT_CHURN_RISK)
                    .where(col("snapshot_date").equalTo(Date.valueOf(d))).collectAsList();
            assertTrue(active > 20, "active accounts on " + d + ": " + active);
            assertEquals(active, rows.size(), "one row per active account on " + d);
            ModelMetadata current = registry("churn").current(d).orElseThrow();
            for (Row r : rows) {
                assertEquals(current.version(), r.getAs("model_version"));
                Double p = r.getAs("churn_probability");
                if (d.isBefore(FIRST_LABELS)) {
                    assertEquals("no_history", r.getAs("model_status"));
                    assertNull(p);
                    assertNull(r.getAs("expected_churned_mrr"));
                } else {
                    assertEquals(d.isBefore(FIRST_MODEL) ? "baseline" : current.statusOf(r.getAs("segment")),
                            r.getAs("model_status"));
                    assertNotNull(p, "scored on " + d);
                    assertTrue(p >= 0 && p <= 1, "probability " + p);
                    double mrr = r.<BigDecimal>getAs("mrr").doubleValue();
                    assertEquals(p * mrr, r.<Double>getAs("expected_churned_mrr"), 1e-9);
                    Double c = r.getAs("contraction_probability");
                    assertTrue(c != null && c >= 0 && c <= 1, "contraction probability " + c);
                }
                Date renewal = r.getAs("next_renewal_date");
                assertTrue(renewal == null || !renewal.toLocalDate().isBefore(d), "next renewal " + renewal);
            }
        }
    }

    @Test
    @Order(2)
    void everyClosedWindowIsJudgedAndForecastOnceSomethingWasLabelled() {
        // closed by END with a 30-day horizon: the five snapshots up to 09-30 (12-16 + 30 is after END)
        List<Row> all = ctx.lakehouse().read(GoldTables.RETENTION_FORECAST_BACKTEST)
                .where(col("segment").equalTo(RetentionBacktest.ALL)).orderBy("window_start").collectAsList();
        assertEquals(List.of("2025-07-31", "2025-08-15", "2025-08-31", "2025-09-15", "2025-09-30"),
                all.stream().map(r -> r.getAs("window_start").toString()).toList());
        for (Row r : all) {
            double actual = r.getAs("actual_grr");
            assertTrue(actual > 0.5 && actual <= 1, "actual GRR " + actual);
            LocalDate start = ((Date) r.getAs("window_start")).toLocalDate();
            if (start.isBefore(FIRST_LABELS)) {
                assertNull(r.getAs("forecast_grr"), "nothing was labelled by " + start);
            } else {
                double forecast = r.getAs("forecast_grr");
                assertTrue(forecast > 0.5 && forecast <= 1, "forecast GRR " + forecast);
                assertEquals(forecast - actual, r.<Double>getAs("error"), 1e-12);
            }
        }
    }

    @Test
    @Order(3)
    void reRunningLeavesTheTablesAndTheRegistriesUnchanged() {
        Map<TableDef, Set<Row>> before = Frames.rowSets(ctx.lakehouse(), OUTPUTS);
        int churnModels = registry("churn").list().size();
        new ChurnJob().run(ctx, new TreeSet<>(DATES), testConfig());
        assertEquals(before, Frames.rowSets(ctx.lakehouse(), OUTPUTS));
        assertEquals(churnModels, registry("churn").list().size(), "not retrained: not due");
    }

    /**
     * With the shipped 90-day horizon the tiny warehouse has churn to learn from by 12-16 (07-31..09-15 labelled,
     * 3 to 5 churned accounts each): the churn model is a classifier there, and END's accounts of the segments it
     * serves get a risk decile and their drivers; the metrics table has its validation.
     */
    @Test
    @Order(4)
    void withTheShippedHorizonAChurnClassifierRanksTheLastDates(@TempDir Path dir) {
        JobContext c = GeneratedLakehouse.get().upToLifecycle(dir, DATES);
        ChurnConfig t = testConfig();
        ChurnConfig config = new ChurnConfig(90, t.contractionShare(), 2, 2, t.retrain(), t.floors(),
                t.calibrationBins(), t.seed(), t.models());
        new ChurnJob().run(c, DATES, config);
        ModelRegistry churn = new ModelRegistry(c.lakehouse().root(), "churn");
        assertEquals(List.of("2025-07-31", "2025-12-16"), churn.list().stream().map(ModelMetadata::trainedAsOf).toList());
        ModelMetadata model = churn.current(GeneratedLakehouse.END).orElseThrow();
        assertTrue(model.hasClassifier(), model.verdict());
        assertTrue(model.features().containsAll(List.of("days_to_renewal", "billing_annual", "renewal_in_horizon",
                "health_score", "health_change_30d")), model.features().toString());
        List<Row> metrics = c.lakehouse().read(GoldTables.CHURN_MODEL_METRICS)
                .where(col("segment").equalTo("all")).where(col("target").equalTo("churn")).collectAsList();
        assertEquals(1, metrics.size());
        assertTrue(metrics.get(0).<Long>getAs("events") > 0, "validation saw churn");
        assertEquals(model.version(), metrics.get(0).getAs("model_version"));

        List<Row> rows = c.lakehouse().read(GoldTables.ACCOUNT_CHURN_RISK)
                .where(col("snapshot_date").equalTo(Date.valueOf(GeneratedLakehouse.END))).collectAsList();
        long modelled = 0;
        for (Row r : rows) {
            String status = r.getAs("model_status");
            assertEquals(model.statusOf(r.getAs("segment")), status);
            if ("model".equals(status)) {
                modelled++;
                assertNotNull(r.getAs("risk_decile"));
                assertTrue(r.getList(r.fieldIndex("top_drivers")).size() <= 3);
            } else {
                assertNull(r.getAs("risk_decile"));
                assertEquals(model.baseRateOf(r.getAs("segment")), r.<Double>getAs("churn_probability"), 1e-12);
            }
        }
        assertTrue(modelled > 0, "some segment is scored by the classifier: " + model.segmentStatus());
        assertTrue(rows.stream().anyMatch(r -> !r.getList(r.fieldIndex("top_drivers")).isEmpty()), "drivers");
    }
}
