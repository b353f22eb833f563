package io.lifecycle.jobs.expansion;

import io.lifecycle.common.catalog.GoldTables;
import io.lifecycle.common.catalog.SilverTables;
import io.lifecycle.common.catalog.StagingTables;
import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.catalog.TableDef;
import io.lifecycle.common.testing.Frames;
import io.lifecycle.common.run.JobContext;
import io.lifecycle.jobs.features.AccountFeatures;
import io.lifecycle.jobs.features.FeaturesConfig;
import io.lifecycle.jobs.features.FeaturesJob;
import io.lifecycle.jobs.health.HealthJob;
import io.lifecycle.jobs.lifecycle.LifecycleJob;
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

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
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
    private static final SortedSet<LocalDate> DATES = new TreeSet<>(List.of(LocalDate.of(2025, 7, 31),
            LocalDate.of(2025, 8, 15), LocalDate.of(2025, 8, 31), LocalDate.of(2025, 9, 15), LocalDate.of(2025, 9, 30),
            MID_DECEMBER, END));
    private static final List<TableDef> OUTPUTS = List.of(GoldTables.ACCOUNT_EXPANSION, GoldTables.EXPANSION_MODEL_METRICS,
            GoldTables.FEATURE_ADOPTION_OPPORTUNITIES);

    @TempDir
    static Path tmp;
    private static JobContext ctx;

    /** Small models and a ROC AUC floor of 0 (the Brier skill floor stays), so the tiny data trains fast. */
    static ExpansionConfig testConfig() {
        ExpansionConfig shipped = ExpansionConfig.load(Path.of("..", "conf"));
        return new ExpansionConfig(shipped.horizonDays(), 2, 2, shipped.retrain(),
                new ExpansionConfig.Floors(0.0), 10, 7L,
                new ExpansionConfig.Models(new ExpansionConfig.GradientBoostedTrees(5, 2, 0.3, 1.0),
                        new ExpansionConfig.LogisticRegression(20, 0.05, 0.0)), 3);
    }

    static JobContext upToLifecycle(Path dir, SortedSet<LocalDate> dates) {
        JobContext c = GeneratedLakehouse.get().copy(dir);
        new FeaturesJob().run(c, dates);
        new HealthJob().run(c, dates);
        new LifecycleJob().run(c, dates);
        return c;
    }

    @BeforeAll
    static void inputs() {
        ctx = upToLifecycle(tmp, DATES);
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
        ModelRegistry registry = new ModelRegistry(ctx.lakehouse().root());
        // every date is 7 days or more after the one before: the schedule makes a retrain due on each
        assertEquals(DATES.stream().map(LocalDate::toString).toList(),
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
        ModelRegistry registry = new ModelRegistry(ctx.lakehouse().root());
        ModelMetadata m = registry.current(END).orElseThrow();
        Map<String, String> status = new java.util.TreeMap<>();
        for (String s : m.baseRates().keySet()) {
            if (!s.equals(ModelMetadata.ALL_SEGMENTS)) {
                status.put(s, s.equals("smb") ? ModelMetadata.MODEL : ModelMetadata.BASELINE);
            }
        }
        ModelMetadata forced = m.withSegmentStatus(status);
        ExpansionModel trained = registry.load(m);
        List<String> groups = List.of("product_usage", "support", "relationship", "billing");
        List<String> segments = List.of("enterprise", "mid_market", "smb", "other");
        Dataset<Row> rows = new ExpansionModel(trained.classifier(), trained.calibration(), forced).score(
                ExpansionFeatures.of(ctx.lakehouse().read(SilverTables.ACCOUNT_FEATURES_DAILY),
                        ctx.lakehouse().read(GoldTables.ACCOUNT_HEALTH_DAILY),
                        ctx.lakehouse().read(GoldTables.ACCOUNT_LIFECYCLE_DAILY), List.of(END), groups, segments));
        List<Row> enterprise = rows.where(col("segment").equalTo("enterprise")).collectAsList();
        assertTrue(enterprise.size() > 3, "enterprise accounts on " + END + ": " + enterprise.size());
        double baseRate = m.baseRates().get("enterprise");
        assertTrue(baseRate > 0 && baseRate < 1, "enterprise training base rate " + baseRate);
        for (Row r : enterprise) {
            assertEquals("baseline", r.getAs("model_status"));
            assertEquals(baseRate, r.<Double>getAs("propensity"), 1e-12);
            assertEquals(baseRate * m.upliftOf("enterprise"), r.<Double>getAs("expected_expansion_mrr"), 1e-9);
            assertTrue(r.isNullAt(r.fieldIndex("raw_score")) && r.isNullAt(r.fieldIndex("decile")));
            assertEquals(0, r.getList(r.fieldIndex("top_drivers")).size());
        }
        List<Row> smb = rows.where(col("segment").equalTo("smb")).collectAsList();
        assertTrue(smb.stream().allMatch(r -> "model".equals(r.getAs("model_status")) && !r.isNullAt(r.fieldIndex("decile"))));
        assertTrue(smb.stream().anyMatch(r -> r.getList(r.fieldIndex("top_drivers")).size() == 3));
        assertTrue(smb.stream().map(r -> r.<Double>getAs("propensity")).distinct().count() > 1, "smb is ranked");
        assertEquals(List.of(GoldTables.ACCOUNT_EXPANSION.schema().fieldNames()), List.of(rows.columns()));
    }

    @Test
    @Order(3)
    void reRunningLeavesTheTablesUnchanged() {
        Map<TableDef, Set<Row>> before = outputs();
        int models = new ModelRegistry(ctx.lakehouse().root()).list().size();
        new ExpansionJob().run(ctx, DATES, testConfig());
        assertEquals(before, outputs());
        assertEquals(models, new ModelRegistry(ctx.lakehouse().root()).list().size(), "not retrained: not due");
    }

    @Test
    @Order(4)
    void aForcedRunRetrainsTheSameModelWithTheSameMetrics() {
        Map<TableDef, Set<Row>> before = outputs();
        ModelRegistry registry = new ModelRegistry(ctx.lakehouse().root());
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
     * Nothing after D reaches the training rows of D: the features, health and lifecycle rows dated after D are
     * perturbed (values changed, account ids rotated, rows shuffled) and the labelled feature rows of D stay the same.
     */
    @Test
    @Order(6)
    void trainingRowsOfADateIgnoreEverythingDatedAfterIt() {
        LocalDate d = LocalDate.of(2025, 8, 31);
        Date cut = Date.valueOf(d);
        Dataset<Row> features = ctx.lakehouse().read(SilverTables.ACCOUNT_FEATURES_DAILY);
        Dataset<Row> health = ctx.lakehouse().read(GoldTables.ACCOUNT_HEALTH_DAILY);
        Dataset<Row> lifecycle = ctx.lakehouse().read(GoldTables.ACCOUNT_LIFECYCLE_DAILY);
        Dataset<Row> labels = ExpansionLabels.of(ctx.lakehouse().read(StagingTables.SUBSCRIPTIONS),
                new TreeSet<>(List.of(d)), 90, END);
        Column later = col("snapshot_date").gt(cut);
        Column rotated = org.apache.spark.sql.functions.concat(col("account_id"), lit("x"));
        Dataset<Row> perturbedFeatures = features.where(not(later)).unionByName(features.where(later)
                .withColumn("seats", col("seats").plus(7)).withColumn("mrr", col("mrr").multiply(3))
                .withColumn("customer_status", lit("active")).withColumn("account_id", rotated))
                .orderBy(org.apache.spark.sql.functions.rand(3));
        Dataset<Row> perturbedHealth = health.where(not(later)).unionByName(health.where(later)
                .withColumn("score", lit(100.0)).withColumn("change_30d", lit(-50.0)))
                .orderBy(org.apache.spark.sql.functions.rand(4));
        Dataset<Row> perturbedLifecycle = lifecycle.where(not(later)).unionByName(lifecycle.where(later)
                .withColumn("stage", lit("churned")))
                .orderBy(org.apache.spark.sql.functions.rand(5));
        List<String> groups = List.of("product_usage", "support", "relationship", "billing");
        List<String> segments = List.of("enterprise", "mid_market", "smb", "other");

        List<String> original = trainingRows(features, health, lifecycle, labels, d, groups, segments);
        List<String> perturbed = trainingRows(perturbedFeatures, perturbedHealth, perturbedLifecycle, labels, d, groups,
                segments);
        assertTrue(original.size() > 20, "rows of " + d + ": " + original.size());
        assertEquals(original, perturbed);
    }

    /**
     * Nothing the warehouse learned about subscriptions after D reaches the rows of D: the features of D computed
     * from staging.subscriptions as they are now and from the subscriptions as they stood on D (terms started after
     * D removed; terms ending after D open-ended and active, as they were then) give the same labelled rows. A
     * feature that read an end date after D — days_to_renewal once took the end of the terms in force, and an
     * expansion after D ends the replaced term the day before it — makes this fail.
     */
    @Test
    @Order(7)
    void trainingRowsOfADateIgnoreSubscriptionChangesAfterIt() {
        LocalDate d = LocalDate.of(2025, 8, 31);
        Column cut = lit(Date.valueOf(d));
        Lakehouse lakehouse = ctx.lakehouse();
        Dataset<Row> now = lakehouse.read(StagingTables.SUBSCRIPTIONS);
        Column endsLater = col("end_date").gt(cut);
        Dataset<Row> asOfD = now.where(col("start_date").leq(cut))
                .withColumn("status", when(endsLater.and(col("status").notEqual("trial")), lit("active"))
                        .otherwise(col("status")))
                .withColumn("end_date", when(endsLater, lit(null).cast("date")).otherwise(col("end_date")));
        long paidEndingLater = now.where(col("start_date").leq(cut).and(endsLater)
                .and(col("status").notEqual("trial")).and(col("mrr_reporting").gt(0))).count();
        assertTrue(paidEndingLater > 5, "paid terms in force on " + d + " that end after it: " + paidEndingLater);

        Dataset<Row> labels = ExpansionLabels.of(now, new TreeSet<>(List.of(d)), 90, END);
        assertTrue(labels.where(col("expanded")).count() > 0, "some account expands after " + d);
        Dataset<Row> health = lakehouse.read(GoldTables.ACCOUNT_HEALTH_DAILY);
        Dataset<Row> lifecycle = lakehouse.read(GoldTables.ACCOUNT_LIFECYCLE_DAILY);
        List<String> groups = List.of("product_usage", "support", "relationship", "billing");
        List<String> segments = List.of("enterprise", "mid_market", "smb", "other");
        List<String> fromNow = trainingRows(featuresOf(lakehouse, now, d), health, lifecycle, labels, d, groups,
                segments);
        List<String> fromThen = trainingRows(featuresOf(lakehouse, asOfD, d), health, lifecycle, labels, d, groups,
                segments);
        assertTrue(fromNow.size() > 20, "rows of " + d + ": " + fromNow.size());
        assertEquals(fromNow, fromThen);
    }

    /** silver.account_features_daily of {@code d} from the lakehouse's staged inputs but these subscriptions. */
    private static Dataset<Row> featuresOf(Lakehouse lakehouse, Dataset<Row> subscriptions, LocalDate d) {
        AccountFeatures.Inputs inputs = new AccountFeatures.Inputs(lakehouse.read(StagingTables.ACCOUNTS),
                subscriptions, lakehouse.read(StagingTables.INVOICES), lakehouse.read(StagingTables.SUPPORT_TICKETS),
                lakehouse.read(StagingTables.NPS_RESPONSES), lakehouse.read(StagingTables.TOUCHPOINTS),
                lakehouse.read(SilverTables.ACCOUNT_DAILY_USAGE), lakehouse.read(SilverTables.ACCOUNT_USER_DAILY),
                lakehouse.read(SilverTables.ACCOUNT_FEATURE_USAGE_DAILY), null);
        return AccountFeatures.of(lakehouse.spark(), inputs, new TreeSet<>(List.of(d)),
                FeaturesConfig.load(ctx.configDir()));
    }

    private static List<String> trainingRows(Dataset<Row> features, Dataset<Row> health, Dataset<Row> lifecycle,
                                             Dataset<Row> labels, LocalDate d, List<String> groups,
                                             List<String> segments) {
        return ExpansionFeatures.of(features, health, lifecycle, List.of(d), groups, segments)
                .join(labels, new String[] {"snapshot_date", "account_id"})
                .select("account_id", ExpansionFeatures.VECTOR, "expanded").collectAsList().stream()
                .map(Row::toString).sorted().toList();
    }
}
