package io.lifecycle.jobs.expansion;

import io.lifecycle.jobs.shared.AccountPlans;
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
 * The expansion job over the generated TINY warehouse (features, health and lifecycle run first): it trains,
 * registers, scores and writes all three tables; a re-run leaves them unchanged; a forced re-run retrains the same
 * model with the same metrics.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExpansionJobTest {
    private static final LocalDate END = GeneratedLakehouse.END;
    /** Five snapshots close by END (D + 90 <= END); END is scored. */
    private static final SortedSet<LocalDate> DATES = new TreeSet<>(List.of(LocalDate.of(2025, 7, 31),
            LocalDate.of(2025, 8, 15), LocalDate.of(2025, 8, 31), LocalDate.of(2025, 9, 15), LocalDate.of(2025, 9, 30),
            END));
    private static final List<TableDef> OUTPUTS = List.of(GoldTables.ACCOUNT_EXPANSION, GoldTables.EXPANSION_MODEL_METRICS,
            GoldTables.FEATURE_ADOPTION_OPPORTUNITIES);

    @TempDir
    static Path tmp;
    private static JobContext ctx;

    /** Small models and floors every model passes, so the tiny data trains fast and scores. */
    static ExpansionConfig testConfig() {
        ExpansionConfig shipped = ExpansionConfig.load(Path.of("..", "conf"));
        return new ExpansionConfig(shipped.horizonDays(), shipped.minMrrUpliftShare(), 2, 2, shipped.retrain(),
                new ExpansionConfig.Floors(0.0, 1.0), 10, 7L,
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

    @Test
    @Order(1)
    void trainsRegistersAndScores() {
        new ExpansionJob().run(ctx, DATES, testConfig());
        ModelRegistry registry = new ModelRegistry(ctx.lakehouse().root());
        assertEquals(1, registry.list().size(), "one model trained as of " + END);
        ModelMetadata m = registry.list().get(0);
        assertEquals(END.toString(), m.trainedAsOf());
        assertEquals(List.of("2025-09-15", "2025-09-30"), m.validationSnapshots());
        assertTrue(m.passedFloors());

        Dataset<Row> scored = ctx.lakehouse().read(GoldTables.ACCOUNT_EXPANSION);
        // Only END is scored: the model trained as of END may not score the earlier snapshots it learned from.
        assertEquals(List.of(Date.valueOf(END)), scored.select("snapshot_date").distinct()
                .collectAsList().stream().map(r -> r.getDate(0)).toList());
        long active = ctx.lakehouse().read(SilverTables.ACCOUNT_FEATURES_DAILY)
                .where(col("snapshot_date").equalTo(Date.valueOf(END)))
                .where(col("customer_status").equalTo("active")).count();
        assertEquals(active, scored.count(), "every active account is scored");
        assertEquals(0, scored.where(col("propensity").lt(0).or(col("propensity").gt(1))).count());
        assertEquals(0, scored.where(col("decile").lt(1).or(col("decile").gt(10))).count());
        assertEquals(0, scored.where(org.apache.spark.sql.functions.size(col("top_drivers")).gt(3)).count());
        assertTrue(scored.where(org.apache.spark.sql.functions.size(col("top_drivers")).equalTo(3)).count() > 0);
        assertEquals(Set.of(m.version()), new HashSet<>(scored.select("model_version").distinct()
                .collectAsList().stream().map(r -> r.getString(0)).toList()));

        Dataset<Row> metrics = ctx.lakehouse().read(GoldTables.EXPANSION_MODEL_METRICS);
        Row all = metrics.where(col("segment").equalTo("all")).first();
        assertEquals(m.validationRows(), all.<Long>getAs("accounts"));
        assertTrue(all.<Long>getAs("expansion_events") > 0);
        assertTrue(ctx.lakehouse().read(GoldTables.FEATURE_ADOPTION_OPPORTUNITIES).count() > 0);
    }

    @Test
    @Order(2)
    void reRunningLeavesTheTablesUnchanged() {
        Map<TableDef, Set<Row>> before = outputs();
        new ExpansionJob().run(ctx, DATES, testConfig());
        assertEquals(before, outputs());
        assertEquals(1, new ModelRegistry(ctx.lakehouse().root()).list().size(), "not retrained: not due");
    }

    @Test
    @Order(3)
    void aForcedRunRetrainsTheSameModelWithTheSameMetrics() {
        Map<TableDef, Set<Row>> before = outputs();
        ModelMetadata first = new ModelRegistry(ctx.lakehouse().root()).list().get(0);
        new ExpansionJob().run(ctx.withForce(true), new TreeSet<>(List.of(END)), testConfig());
        List<ModelMetadata> models = new ModelRegistry(ctx.lakehouse().root()).list();
        assertEquals(1, models.size(), "same date, config and features: same version");
        assertEquals(first.metrics(), models.get(0).metrics());
        assertEquals(first.candidateRocAuc(), models.get(0).candidateRocAuc());
        assertEquals(before, outputs());
    }

    /**
     * Nothing after D reaches the training rows of D: the features, health and lifecycle rows dated after D are
     * perturbed (values changed, account ids rotated, rows shuffled) and the labelled feature rows of D stay the same.
     */
    @Test
    @Order(4)
    void trainingRowsOfADateIgnoreEverythingDatedAfterIt() {
        LocalDate d = LocalDate.of(2025, 8, 31);
        Date cut = Date.valueOf(d);
        Dataset<Row> features = ctx.lakehouse().read(SilverTables.ACCOUNT_FEATURES_DAILY);
        Dataset<Row> health = ctx.lakehouse().read(GoldTables.ACCOUNT_HEALTH_DAILY);
        Dataset<Row> lifecycle = ctx.lakehouse().read(GoldTables.ACCOUNT_LIFECYCLE_DAILY);
        Dataset<Row> labels = ExpansionLabels.of(ctx.lakehouse().read(StagingTables.SUBSCRIPTIONS),
                new TreeSet<>(List.of(d)), 90, END, 0.10);
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
    @Order(5)
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

        Dataset<Row> labels = ExpansionLabels.of(now, new TreeSet<>(List.of(d)), 90, END, 0.10);
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
                FeaturesConfig.load(ctx.configDir()), AccountPlans.segmentRules(ctx.config()));
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
