package io.lifecycle.jobs.expansion;

import io.lifecycle.jobs.propensity.PropensityModel;
import io.lifecycle.jobs.propensity.ModelRegistry;
import io.lifecycle.jobs.propensity.ModelMetadata;
import io.lifecycle.jobs.propensity.ModelFeatures;
import io.lifecycle.common.catalog.GoldTables;
import io.lifecycle.common.catalog.SilverTables;
import io.lifecycle.common.catalog.StagingTables;
import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.catalog.TableDef;
import io.lifecycle.common.testing.Frames;
import io.lifecycle.common.run.JobContext;
import io.lifecycle.jobs.features.FeaturesJob;
import io.lifecycle.jobs.health.HealthJob;
import io.lifecycle.jobs.lifecycle.LifecycleJob;
import io.lifecycle.jobs.churn.ChurnJob;
import io.lifecycle.jobs.churn.ChurnJobTest;
import io.lifecycle.jobs.testing.GeneratedLakehouse;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.sql.Date;

/**
 * The expansion job over the generated TINY warehouse (features, health and lifecycle run first), run as a backfill
 * of seven dates: it trains as of every date the schedule makes due on the labels known then, registers, scores
 * every date with the model current on it and writes all three tables; a re-run leaves them unchanged; a forced
 * re-run retrains the same model with the same metrics.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExpansionJobTest {
    private static final LocalDate END = GeneratedLakehouse.END;
    /** 15 days before END: four snapshots are labelled by then (09-15 + 90 = 12-14), 09-30 is not. */
    private static final LocalDate MID_DECEMBER = LocalDate.of(2025, 12, 16);
    /** Five snapshots close by END (D + 90 <= END); MID_DECEMBER and END are scored by trained models. */
    private static final SortedSet<LocalDate> DATES = GeneratedLakehouse.MODEL_DATES;
    private static final List<TableDef> OUTPUTS = List.of(GoldTables.ACCOUNT_EXPANSION, GoldTables.EXPANSION_MODEL_METRICS,
            GoldTables.FEATURE_ADOPTION_OPPORTUNITIES);

    @TempDir
    static Path tmp;
    private static JobContext ctx;

    /** Small models and a ROC AUC floor of 0 (the Brier skill floor stays), so the tiny data trains fast. */
    static ExpansionConfig testConfig() {
        return testConfig(ExpansionConfig.load(Path.of("..", "conf")).horizonDays(), 2);
    }

    /** {@link #testConfig()} with another horizon and number of validation snapshots. */
    static ExpansionConfig testConfig(int horizonDays, int validationSnapshots) {
        ExpansionConfig shipped = ExpansionConfig.load(Path.of("..", "conf"));
        return new ExpansionConfig(horizonDays, validationSnapshots, 2, shipped.retrain(),
                new ExpansionConfig.Floors(0.0), 10, 7L,
                new ExpansionConfig.Models(new ExpansionConfig.GradientBoostedTrees(5, 2, 0.3, 1.0),
                        new ExpansionConfig.LogisticRegression(20, 0.05, 0.0)), 3);
    }

    @BeforeAll
    static void inputs() {
        ctx = GeneratedLakehouse.get().upToLifecycle(tmp, DATES);
    }

    private static Map<TableDef, Set<Row>> outputs() {
        return Frames.rowSets(ctx.lakehouse(), OUTPUTS);
    }

    private static Dataset<Row> scoredOn(LocalDate d) {
        return ctx.lakehouse().read(GoldTables.ACCOUNT_EXPANSION).where(col("snapshot_date").equalTo(Date.valueOf(d)));
    }

    @Test
    @Order(1)
    void backfillTrainsAsOfEachDueDateAndScoresEveryDateWithTheModelCurrentOnIt() {
        new ExpansionJob().run(ctx, DATES, testConfig());
        ModelRegistry registry = new ModelRegistry(ctx.lakehouse().root(), "expansion");
        // 07-31: no model yet. 08-15 .. 09-30: 7 days or more after the newest model, but no snapshot was labelled
        // since (07-31 + 90 = 10-29): retraining would see the same (no) labels. 12-16: 07-31 .. 09-15 labelled since.
        // 12-31: 15 days old and 09-30 labelled since (12-29).
        assertEquals(List.of("2025-07-31", "2025-12-16", "2025-12-31"),
                registry.list().stream().map(ModelMetadata::trainedAsOf).toList());
        for (ModelMetadata m : registry.list()) {
            LocalDate trained = LocalDate.parse(m.trainedAsOf());
            List<String> used = new java.util.ArrayList<>(m.trainingSnapshots());
            used.addAll(m.validationSnapshots());
            for (String s : used) {
                assertTrue(!LocalDate.parse(s).plusDays(90).isAfter(trained), m.version() + " used the label of " + s
                        + ", not known on " + trained);
            }
            assertEquals(trained.isBefore(MID_DECEMBER), !m.hasClassifier(), m.version() + " " + m.verdict());
        }
        ModelMetadata mid = registry.current(MID_DECEMBER).orElseThrow();
        ModelMetadata end = registry.current(END).orElseThrow();
        assertEquals(List.of("2025-07-31", "2025-08-15"), mid.trainingSnapshots());
        assertEquals(List.of("2025-08-31", "2025-09-15"), mid.validationSnapshots());
        assertEquals(List.of("2025-09-15", "2025-09-30"), end.validationSnapshots());
        assertTrue(!mid.version().equals(end.version()));

        for (LocalDate d : DATES) {
            long active = ctx.lakehouse().read(SilverTables.ACCOUNT_FEATURES_DAILY)
                    .where(col("snapshot_date").equalTo(Date.valueOf(d)))
                    .where(col("customer_status").equalTo("active")).count();
            Dataset<Row> scored = scoredOn(d);
            assertEquals(active, scored.count(), "every active account of " + d + " has a row");
            String version = registry.current(d).orElseThrow().version();
            assertEquals(Set.of(version), new HashSet<>(scored.select("model_version").distinct()
                    .collectAsList().stream().map(r -> r.getString(0)).toList()), "model current on " + d);
        }
        // before any snapshot was labelled: no history, no propensity
        Dataset<Row> early = scoredOn(LocalDate.of(2025, 9, 30));
        assertEquals(early.count(), early.where(col("model_status").equalTo("no_history")
                .and(col("propensity").isNull()).and(col("expected_expansion_mrr").isNull())).count());

        for (LocalDate d : List.of(MID_DECEMBER, END)) {
            ModelMetadata m = registry.current(d).orElseThrow();
            for (Row r : scoredOn(d).collectAsList()) {
                String segment = r.getAs("segment");
                String status = r.getAs("model_status");
                assertEquals(m.statusOf(segment), status, segment);
                List<Row> drivers = r.getList(r.fieldIndex("top_drivers"));
                if (status.equals(ModelMetadata.MODEL)) {
                    double p = r.<Double>getAs("propensity");
                    assertTrue(p >= 0 && p <= 1);
                    int decile = r.<Integer>getAs("decile");
                    assertTrue(decile >= 1 && decile <= 10);
                    assertTrue(drivers.size() <= 3);
                } else {
                    assertEquals(ModelMetadata.BASELINE, status);
                    assertEquals(m.baseRateOf(segment), r.<Double>getAs("propensity"), 1e-12);
                    assertTrue(r.isNullAt(r.fieldIndex("raw_score")) && r.isNullAt(r.fieldIndex("decile")));
                    assertEquals(0, drivers.size());
                }
            }
        }

        Dataset<Row> metrics = ctx.lakehouse().read(GoldTables.EXPANSION_MODEL_METRICS);
        assertEquals(Set.of(mid.version(), end.version()), new HashSet<>(metrics.select("model_version").distinct()
                .collectAsList().stream().map(r -> r.getString(0)).toList()), "baseline entries have no metrics");
        Row all = metrics.where(col("segment").equalTo("all").and(col("model_version").equalTo(end.version()))).first();
        assertEquals(end.validationRows(), all.<Long>getAs("accounts"));
        assertTrue(all.<Long>getAs("expansion_events") > 0);
        for (Row r : metrics.where(col("segment").notEqual("all")).collectAsList()) {
            ModelMetadata m = r.getString(0).equals(end.version()) ? end : mid;
            String segment = r.getAs("segment");
            assertEquals(m.statusOf(segment), r.getAs("model_status"));
            Double skill = r.getAs("brier_skill");
            boolean passes = r.getAs("roc_auc") != null && skill != null && skill > 0;
            assertEquals(passes, r.<Boolean>getAs("passed_floors"), segment + " of " + m.version());
            assertEquals(passes ? ModelMetadata.MODEL : ModelMetadata.BASELINE, r.getAs("model_status"));
        }
        assertTrue(ctx.lakehouse().read(GoldTables.FEATURE_ADOPTION_OPPORTUNITIES).count() > 0);
    }

    /**
     * A segment whose model failed the floors gets rows all the same: its base rate as propensity, status baseline,
     * no raw score, decile or drivers; a passing segment in the same run gets the model's scores and drivers.
     */
    @Test
    @Order(2)
    void aSegmentFailingTheFloorsGetsItsBaseRate() {
        ModelRegistry registry = new ModelRegistry(ctx.lakehouse().root(), "expansion");
        ModelMetadata m = registry.current(END).orElseThrow();
        Map<String, String> status = new java.util.TreeMap<>();
        for (String s : m.baseRates().keySet()) {
            if (!s.equals(ModelMetadata.ALL_SEGMENTS)) {
                status.put(s, s.equals("smb") ? ModelMetadata.MODEL : ModelMetadata.BASELINE);
            }
        }
        ModelMetadata forced = m.withSegmentStatus(status);
        PropensityModel trained = registry.load(m);
        List<String> groups = List.of("product_usage", "support", "relationship", "billing");
        List<String> segments = List.of("enterprise", "mid_market", "smb", "other");
        Dataset<Row> rows = new PropensityModel(trained.classifier(), trained.calibration(), forced).score(
                ModelFeatures.of(ctx.lakehouse().read(SilverTables.ACCOUNT_FEATURES_DAILY),
                        ctx.lakehouse().read(GoldTables.ACCOUNT_HEALTH_DAILY),
                        ctx.lakehouse().read(GoldTables.ACCOUNT_LIFECYCLE_DAILY), List.of(END), groups, segments));
        List<Row> enterprise = rows.where(col("segment").equalTo("enterprise")).collectAsList();
        assertTrue(enterprise.size() > 3, "enterprise accounts on " + END + ": " + enterprise.size());
        double baseRate = m.baseRates().get("enterprise");
        assertTrue(baseRate > 0 && baseRate < 1, "enterprise training base rate " + baseRate);
        for (Row r : enterprise) {
            assertEquals("baseline", r.getAs("model_status"));
            assertEquals(baseRate, r.<Double>getAs("propensity"), 1e-12);
            assertEquals(baseRate * m.upliftOf("enterprise"), r.<Double>getAs("expected_magnitude"), 1e-9);
            assertTrue(r.isNullAt(r.fieldIndex("raw_score")) && r.isNullAt(r.fieldIndex("decile")));
            assertEquals(0, r.getList(r.fieldIndex("top_drivers")).size());
        }
        List<Row> smb = rows.where(col("segment").equalTo("smb")).collectAsList();
        assertTrue(smb.stream().allMatch(r -> "model".equals(r.getAs("model_status")) && !r.isNullAt(r.fieldIndex("decile"))));
        assertTrue(smb.stream().anyMatch(r -> r.getList(r.fieldIndex("top_drivers")).size() == 3));
        assertTrue(smb.stream().map(r -> r.<Double>getAs("propensity")).distinct().count() > 1, "smb is ranked");
        // the scoring's generic columns, which the job names for its table (expected_magnitude: the expected uplift)
        assertEquals(List.of(GoldTables.ACCOUNT_EXPANSION.schema().fieldNames()),
                List.of(rows.withColumnRenamed("expected_magnitude", "expected_expansion_mrr").columns()));
    }

    @Test
    @Order(3)
    void reRunningLeavesTheTablesUnchanged() {
        Map<TableDef, Set<Row>> before = outputs();
        int models = new ModelRegistry(ctx.lakehouse().root(), "expansion").list().size();
        new ExpansionJob().run(ctx, DATES, testConfig());
        assertEquals(before, outputs());
        assertEquals(models, new ModelRegistry(ctx.lakehouse().root(), "expansion").list().size(), "not retrained: not due");
    }

    @Test
    @Order(4)
    void aForcedRunRetrainsTheSameModelWithTheSameMetrics() {
        Map<TableDef, Set<Row>> before = outputs();
        ModelRegistry registry = new ModelRegistry(ctx.lakehouse().root(), "expansion");
        int models = registry.list().size();
        ModelMetadata first = registry.current(END).orElseThrow();
        new ExpansionJob().run(ctx.withForce(true), new TreeSet<>(List.of(END)), testConfig());
        assertEquals(models, registry.list().size(), "same date, config and features: same version");
        ModelMetadata again = registry.current(END).orElseThrow();
        assertEquals(first.version(), again.version());
        assertEquals(first.metrics(), again.metrics());
        assertEquals(first.candidateRocAuc(), again.candidateRocAuc());
        assertEquals(before, outputs());
    }

    /**
     * The labels a model trained as of D learns from ignore what the warehouse learned about subscriptions after D:
     * labels computed as of MID_DECEMBER from staging.subscriptions as they are now and as they stood then (terms
     * started later removed, terms ending later open-ended) are the same.
     */
    @Test
    @Order(5)
    void labelsKnownOnADateIgnoreSubscriptionChangesAfterIt() {
        Column cut = lit(Date.valueOf(MID_DECEMBER));
        Dataset<Row> now = ctx.lakehouse().read(StagingTables.SUBSCRIPTIONS);
        Column endsLater = col("end_date").gt(cut);
        Dataset<Row> then = now.where(col("start_date").leq(cut))
                .withColumn("end_date", when(endsLater, lit(null).cast("date")).otherwise(col("end_date")));
        assertTrue(now.where(col("start_date").gt(cut)).count() > 0, "terms start after " + MID_DECEMBER);
        Dataset<Row> fromNow = ExpansionLabels.of(now, DATES, 90, MID_DECEMBER);
        Dataset<Row> fromThen = ExpansionLabels.of(then, DATES, 90, MID_DECEMBER);
        assertTrue(fromNow.where(col("expanded")).count() > 0);
        assertEquals(Set.of(Date.valueOf("2025-07-31"), Date.valueOf("2025-08-15"), Date.valueOf("2025-08-31"),
                Date.valueOf("2025-09-15")), new HashSet<>(fromNow.select("snapshot_date").distinct().collectAsList()
                .stream().map(r -> r.getDate(0)).toList()), "only labels known on " + MID_DECEMBER);
        Frames.assertSameRows(fromThen, fromNow);
    }

    /**
     * Nothing known only after D reaches any row of D. The staged inputs are perturbed wherever they say something
     * about the time after D — every row dated after D changed or moved later (terms, invoices, tickets, NPS
     * answers, touchpoints, leads, usage and its rollups), and every change of state that happens after D made
     * different: terms in force on D end at another time or not at all (with the status that goes with it),
     * invoices paid after D are paid later or never and their status changes, invoices paid by D get refunded,
     * tickets closed after D close later with another rating, leads converting after D convert later, and the
     * plan tier the accounts table keeps (the tier at the end of history) changes for every account that had a term
     * by D. Features, health, lifecycle and expansion are then computed as of D on both lakehouses, and every row
     * they wrote for D is the same.
     *
     * <p>Each point-in-time rule is needed: reading accounts.plan_tier instead of the terms' plan, today's invoice
     * status instead of paid_at, a CSAT given after D, an end date after D, or a lead's account before it converted
     * makes this fail.
     */
    @Test
    @Order(6)
    void everyRowOfADateIgnoresWhatHappenedAfterIt() {
        LocalDate d = LocalDate.of(2025, 9, 30);
        SortedSet<LocalDate> dates = new TreeSet<>(List.of(LocalDate.of(2025, 6, 30), LocalDate.of(2025, 7, 31),
                LocalDate.of(2025, 8, 31), d));
        // a 30-day horizon, so that labels known by D (snapshots up to 08-31) train a model that scores D
        ExpansionConfig config = testConfig(30, 1);
        JobContext original = GeneratedLakehouse.get().copy(tmp.resolve("pit-original"));
        JobContext perturbed = GeneratedLakehouse.get().copy(tmp.resolve("pit-perturbed"));
        addTicketsOpenOn(original.lakehouse(), d);
        long changed = perturbAfter(original.lakehouse(), perturbed.lakehouse(), d);
        assertTrue(changed > 1000, "rows perturbed: " + changed);

        List<TableDef> tables = List.of(SilverTables.ACCOUNT_FEATURES_DAILY, GoldTables.ACCOUNT_HEALTH_DAILY,
                GoldTables.ACCOUNT_LIFECYCLE_DAILY, GoldTables.ACCOUNT_EXPANSION, GoldTables.EXPANSION_MODEL_METRICS,
                GoldTables.ACCOUNT_CHURN_RISK, GoldTables.CHURN_MODEL_METRICS, GoldTables.RETENTION_FORECAST_BACKTEST);
        // no metric rows when no classifier was trained as of D (the tiny history has no churn within 30 days then)
        Set<TableDef> mayBeEmpty = Set.of(GoldTables.EXPANSION_MODEL_METRICS, GoldTables.CHURN_MODEL_METRICS);
        Map<TableDef, Set<Row>> rows = new java.util.LinkedHashMap<>();
        for (JobContext c : List.of(original, perturbed)) {
            new FeaturesJob().run(c, dates);
            new HealthJob().run(c, dates);
            new LifecycleJob().run(c, dates);
            new ExpansionJob().run(c, dates, config);
            // the churn job with the same 30-day horizon; its backtest judges the windows closed by D (all its rows)
            new ChurnJob().run(c, dates, ChurnJobTest.testConfig());
            for (TableDef t : tables) {
                Column ofDate = t == GoldTables.EXPANSION_MODEL_METRICS || t == GoldTables.CHURN_MODEL_METRICS
                        ? col("trained_as_of").cast("string").equalTo(lit(d.toString()))
                        : t == GoldTables.RETENTION_FORECAST_BACKTEST ? lit(true)
                        : col("snapshot_date").equalTo(lit(Date.valueOf(d)));
                Set<Row> ofD = new HashSet<>(c.lakehouse().read(t).where(ofDate).collectAsList());
                if (c == original) {
                    assertTrue(ofD.size() > 20 || mayBeEmpty.contains(t)
                                    || t == GoldTables.RETENTION_FORECAST_BACKTEST && !ofD.isEmpty(),
                            t + " has rows of " + d + ": " + ofD.size());
                    rows.put(t, ofD);
                } else {
                    assertEquals(rows.get(t), ofD, t + " on " + d + " changed with what happened after it");
                }
            }
        }
        assertTrue(original.lakehouse().read(GoldTables.ACCOUNT_CHURN_RISK)
                .where(col("snapshot_date").equalTo(lit(Date.valueOf(d)))).where(col("churn_probability").isNotNull())
                .count() > 20, "the churn forecast of " + d + " has probabilities");
        assertTrue(original.lakehouse().read(GoldTables.ACCOUNT_EXPANSION)
                .where(col("snapshot_date").equalTo(lit(Date.valueOf(d)))).where(col("propensity").isNotNull())
                .count() > 20, "a model scored " + d);
    }

    /**
     * The tiny warehouse's tickets all close within hours, so none is open at the end of D: adds, for five accounts
     * with tickets, a rated ticket opened the day before D and closed three days after it, so that the perturbation
     * (a later close, another rating) reaches a ticket the features of D see opened but must not see rated.
     */
    private static void addTicketsOpenOn(Lakehouse lake, LocalDate d) {
        Dataset<Row> tickets = lake.read(StagingTables.SUPPORT_TICKETS);
        Dataset<Row> added = tickets.select("account_id").distinct().orderBy("account_id").limit(5)
                .select(expr("concat('PIT-', account_id)").as("ticket_id"), col("account_id"),
                        lit(java.sql.Timestamp.valueOf(d.minusDays(1).atTime(12, 0))).as("opened_at"),
                        lit(java.sql.Timestamp.valueOf(d.plusDays(3).atTime(12, 0))).as("closed_at"),
                        lit("normal").as("priority"), lit(5).as("csat"));
        assertEquals(5, added.count());
        lake.append(StagingTables.SUPPORT_TICKETS, added);
    }

    /**
     * Writes into {@code to} the staged inputs and usage rollups of {@code from}, changed wherever they tell
     * about the time after {@code d}; returns how many rows changed.
     */
    private static long perturbAfter(Lakehouse from, Lakehouse to, LocalDate d) {
        Column day = lit(Date.valueOf(d));
        Column later = lit(Date.valueOf(d.plusDays(20)));
        long changed = 0;

        Dataset<Row> subs = from.read(StagingTables.SUBSCRIPTIONS);
        Column startsAfter = col("start_date").gt(day);
        Column endsAfter = col("end_date").gt(day).or(col("end_date").isNull());
        Dataset<Row> hadTermByD = subs.where(not(startsAfter)).select("account_id").distinct()
                .withColumn("had_term", lit(true));
        changed += write(to, StagingTables.SUBSCRIPTIONS, subs
                .withColumn("_changed", startsAfter.or(endsAfter))
                .withColumn("seats", when(startsAfter, col("seats").plus(9)).otherwise(col("seats")))
                .withColumn("mrr_reporting", when(startsAfter, col("mrr_reporting").multiply(3))
                        .otherwise(col("mrr_reporting")).cast(StagingTables.SUBSCRIPTIONS.schema()
                                .apply("mrr_reporting").dataType()))
                .withColumn("plan_tier", when(startsAfter, lit("enterprise")).otherwise(col("plan_tier")))
                // in force on D and ending after it: as the warehouse showed it on D (open-ended, active)
                .withColumn("status", when(not(startsAfter).and(endsAfter).and(col("status").notEqual("trial")),
                        lit("active")).otherwise(col("status")))
                .withColumn("end_date", when(not(startsAfter).and(endsAfter), lit(null).cast("date"))
                        .otherwise(col("end_date"))));

        Dataset<Row> accounts = from.read(StagingTables.ACCOUNTS);
        changed += write(to, StagingTables.ACCOUNTS, accounts.join(hadTermByD, "account_id", "left")
                .withColumn("_changed", coalesce(col("had_term"), lit(false)))
                .withColumn("plan_tier", when(col("_changed"), when(col("plan_tier").equalTo("starter"), lit("enterprise"))
                        .otherwise(lit("starter"))).otherwise(col("plan_tier")))
                .drop("had_term"));

        Dataset<Row> invoices = from.read(StagingTables.INVOICES);
        Column issuedAfter = to_date(col("issued_at")).gt(day);
        Column paidAfter = col("paid_at").isNotNull().and(to_date(col("paid_at")).gt(day));
        Column paidByD = col("paid_at").isNotNull().and(not(paidAfter));
        Column notVoid = col("status").notEqual("void");
        changed += write(to, StagingTables.INVOICES, invoices
                .withColumn("_changed", notVoid.and(issuedAfter.or(paidAfter).or(paidByD).or(col("paid_at").isNull())))
                .withColumn("status", when(not(notVoid), col("status")).when(issuedAfter, lit("failed"))
                        .when(paidAfter, lit("open")).when(paidByD, lit("refunded"))
                        .otherwise(lit("paid")))
                // unpaid on D: paid 20 days after it (a status change after D), paid after D: never
                .withColumn("paid_at", when(not(notVoid), col("paid_at")).when(paidAfter, lit(null).cast("timestamp"))
                        .when(col("paid_at").isNull().and(not(issuedAfter)), later.cast("timestamp"))
                        .otherwise(col("paid_at"))));

        Dataset<Row> tickets = from.read(StagingTables.SUPPORT_TICKETS);
        Column closedAfter = col("closed_at").isNull().or(to_date(col("closed_at")).gt(day));
        changed += write(to, StagingTables.SUPPORT_TICKETS, tickets
                .withColumn("_changed", closedAfter)
                .withColumn("closed_at", when(closedAfter, later.cast("timestamp")).otherwise(col("closed_at")))
                .withColumn("csat", when(closedAfter, lit(1)).otherwise(col("csat")))
                .withColumn("priority", when(to_date(col("opened_at")).gt(day), lit("urgent"))
                        .otherwise(col("priority"))));

        Dataset<Row> nps = from.read(StagingTables.NPS_RESPONSES);
        Column answeredAfter = to_date(col("responded_at")).gt(day);
        changed += write(to, StagingTables.NPS_RESPONSES, nps.withColumn("_changed", answeredAfter)
                .withColumn("score", when(answeredAfter, lit(0)).otherwise(col("score"))));

        Dataset<Row> touches = from.read(StagingTables.TOUCHPOINTS);
        Column touchedAfter = to_date(col("touched_at")).gt(day);
        changed += write(to, StagingTables.TOUCHPOINTS, touches.withColumn("_changed", touchedAfter)
                .withColumn("responded", when(touchedAfter, not(col("responded"))).otherwise(col("responded")))
                .withColumn("channel", when(touchedAfter, lit("call")).otherwise(col("channel"))));

        Dataset<Row> leads = from.read(StagingTables.LEADS);
        Column convertsAfter = col("converted_at").isNotNull().and(to_date(col("converted_at")).gt(day));
        Column trialAfter = col("trial_started_at").isNotNull().and(to_date(col("trial_started_at")).gt(day));
        changed += write(to, StagingTables.LEADS, leads.withColumn("_changed", convertsAfter.or(trialAfter))
                .withColumn("converted_at", when(convertsAfter, expr("converted_at + INTERVAL 20 DAYS"))
                        .otherwise(col("converted_at")))
                .withColumn("trial_started_at", when(trialAfter, expr("trial_started_at + INTERVAL 20 DAYS"))
                        .otherwise(col("trial_started_at"))));

        Dataset<Row> events = from.read(StagingTables.USAGE_EVENTS);
        Column eventAfter = col("event_date").gt(day);
        changed += write(to, StagingTables.USAGE_EVENTS, events.withColumn("_changed", eventAfter)
                .withColumn("quantity", when(eventAfter, col("quantity").multiply(5)).otherwise(col("quantity"))));
        for (TableDef rollup : List.of(SilverTables.ACCOUNT_DAILY_USAGE, SilverTables.ACCOUNT_USER_DAILY,
                SilverTables.ACCOUNT_FEATURE_USAGE_DAILY)) {
            Dataset<Row> rows = from.read(rollup);
            Column after = col("usage_date").gt(day);
            Dataset<Row> shifted = rows.withColumn("_changed", after);
            for (org.apache.spark.sql.types.StructField f : rollup.schema().fields()) {
                if (f.dataType() instanceof org.apache.spark.sql.types.LongType) {
                    shifted = shifted.withColumn(f.name(), when(after, col(f.name()).multiply(3)).otherwise(col(f.name())));
                }
            }
            changed += write(to, rollup, shifted);
        }
        return changed;
    }

    /** Overwrites the table with the rows (without their _changed flag); returns how many were changed. */
    private static long write(Lakehouse to, TableDef table, Dataset<Row> rows) {
        long changed = rows.where(col("_changed")).count();
        to.overwrite(table, Lakehouse.conform(table, rows.drop("_changed")));
        return changed;
    }
}
