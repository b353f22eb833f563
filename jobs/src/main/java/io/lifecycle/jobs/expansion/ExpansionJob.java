package io.lifecycle.jobs.expansion;

import io.lifecycle.common.config.Inputs;
import io.lifecycle.common.catalog.TableDef;
import io.lifecycle.common.catalog.GoldTables;
import io.lifecycle.common.catalog.SilverTables;
import io.lifecycle.common.catalog.StagingTables;
import io.lifecycle.common.LifecycleException;
import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.config.AppConfig;
import io.lifecycle.common.config.SegmentRule;
import io.lifecycle.common.run.Job;
import io.lifecycle.common.run.JobContext;
import io.lifecycle.common.run.JobResult;
import io.lifecycle.jobs.features.FeaturesConfig;
import io.lifecycle.jobs.health.Scorecard;
import io.lifecycle.jobs.health.ScorecardConfig;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;


/**
 * Expansion propensity for a set of snapshot dates (one night, or a backfill). Walks the dates oldest first and, on
 * each date D where the schedule of conf/expansion.yaml says a retrain is due (no model trained by D, the newest
 * trained by D is retrain.everyDays old, or a forced run with retrain.onForce — as of the last date only), trains
 * as of D on the labels known on D (snapshots S with S + horizonDays ≤ D, subscription terms started by D), saves
 * the model in the registry and its metrics in gold.expansion_model_metrics. Then scores every date with the model
 * current on it ({@link ModelRegistry#current}: the newest trained by then), so no model sees labels from after a
 * date it scores and a backfill gets the history it would have had night by night. Every active account of every
 * date gets a row: segments whose model failed the floors, and every segment before a classifier could be trained,
 * are scored with their base rate ({@link ExpansionModel#score}). Also writes gold.feature_adoption_opportunities.
 */
public final class ExpansionJob implements Job {
    public static final String NAME = "expansion";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<TableDef> reads() {
        return List.of(StagingTables.SUBSCRIPTIONS, SilverTables.ACCOUNT_FEATURES_DAILY,
                SilverTables.ACCOUNT_FEATURE_USAGE_DAILY, GoldTables.ACCOUNT_HEALTH_DAILY, GoldTables.ACCOUNT_LIFECYCLE_DAILY);
    }

    @Override
    public List<TableDef> writes() {
        return List.of(GoldTables.ACCOUNT_EXPANSION, GoldTables.EXPANSION_MODEL_METRICS,
                GoldTables.FEATURE_ADOPTION_OPPORTUNITIES);
    }

    @Override
    public JobResult run(JobContext ctx, SortedSet<LocalDate> snapshotDates) {
        return run(ctx, snapshotDates, ExpansionConfig.load(ctx.configDir()));
    }

    /** The job with a given configuration (tests use small models). */
    public JobResult run(JobContext ctx, SortedSet<LocalDate> snapshotDates, ExpansionConfig config) {
        Inputs in = new Inputs(ctx, config);
        long written = 0;
        for (LocalDate d : snapshotDates) {
            String due = trainingDue(in.registry, d, config, ctx.force() && d.equals(snapshotDates.last()));
            if (due != null) {
                ctx.progress().step(NAME, "training as of " + d + " (" + due + ")");
                written += train(ctx, in, d);
            }
        }
        long scored = score(ctx, in, snapshotDates);
        long opportunities = ctx.lakehouse().replace(GoldTables.FEATURE_ADOPTION_OPPORTUNITIES,
                AdoptionOpportunities.of(in.features, in.health, ctx.lakehouse().read(SilverTables.ACCOUNT_FEATURE_USAGE_DAILY),
                        in.keyFeatures(), snapshotDates, config.maxOpportunities()),
                Lakehouse.onDates("snapshot_date", snapshotDates));
        ctx.progress().step(NAME, String.format("wrote %,d account propensities and %,d adoption opportunities",
                scored, opportunities));
        return new JobResult(scored, written + scored + opportunities);
    }

    /** Why training is due as of {@code asOf}, or null when it is not. */
    static String trainingDue(ModelRegistry registry, LocalDate asOf, ExpansionConfig config, boolean force) {
        if (force && config.retrain().onForce()) {
            return "forced run";
        }
        Optional<ModelMetadata> newest = registry.current(asOf);
        if (newest.isEmpty()) {
            return "no model yet";
        }
        long age = ChronoUnit.DAYS.between(LocalDate.parse(newest.get().trainedAsOf()), asOf);
        return age >= config.retrain().everyDays() ? "newest model " + newest.get().version() + " is " + age
                + " days old" : null;
    }

    /** Trains as of {@code asOf} on the labels known then and registers the outcome; returns the metric rows. */
    private static long train(JobContext ctx, Inputs in, LocalDate asOf) {
        ExpansionConfig config = in.config;
        SortedSet<LocalDate> closed = new TreeSet<>();
        for (Row r : in.features.select("snapshot_date").distinct().collectAsList()) {
            LocalDate d = r.getDate(0).toLocalDate();
            if (!d.plusDays(config.horizonDays()).isAfter(asOf)) {
                closed.add(d);
            }
        }
        Dataset<Row> labels = ExpansionLabels.of(in.subscriptions, closed, config.horizonDays(), asOf);
        Dataset<Row> rows = ExpansionFeatures.of(in.features, in.health, in.lifecycle, closed, in.healthGroups,
                in.segments);
        long t0 = System.nanoTime();
        ExpansionTraining.Outcome outcome = ExpansionTraining.train(rows, labels, in.featureNames, config, asOf);
        ModelMetadata m = outcome.model().metadata();
        in.registry.save(outcome.model());
        if (!m.hasClassifier()) {
            ctx.progress().step(NAME, "no classifier trained as of " + asOf + ", registered " + m.version()
                    + " (base rates only): " + m.verdict());
            return 0;
        }
        long written = ctx.lakehouse().replace(GoldTables.EXPANSION_MODEL_METRICS, ModelMetricsRows.of(ctx.spark(), m),
                "model_version = '" + m.version() + "'");
        ctx.progress().step(NAME, String.format(Locale.ROOT, "trained %s (%s) in %.1fs on %,d rows of %d snapshots, "
                        + "validated on %,d rows of %s..%s; %s", m.version(), m.kind(), (System.nanoTime() - t0) / 1e9,
                m.trainingRows(), m.trainingSnapshots().size(), m.validationRows(), m.validationSnapshots().get(0),
                m.validationSnapshots().get(m.validationSnapshots().size() - 1), m.verdict()));
        return written;
    }

    /** Scores each date with the model current on it (one pass per model version); returns the rows written. */
    private static long score(JobContext ctx, Inputs in, SortedSet<LocalDate> dates) {
        Map<String, SortedSet<LocalDate>> byVersion = new TreeMap<>();
        Map<String, ModelMetadata> models = new TreeMap<>();
        for (LocalDate d : dates) {
            ModelMetadata m = in.registry.current(d).orElseThrow(() -> new IllegalStateException(
                    "no expansion model registered as of " + d + " although training ran"));
            byVersion.computeIfAbsent(m.version(), v -> new TreeSet<>()).add(d);
            models.put(m.version(), m);
        }
        long written = 0;
        for (Map.Entry<String, SortedSet<LocalDate>> e : byVersion.entrySet()) {
            ModelMetadata metadata = models.get(e.getKey());
            if (metadata.hasClassifier() && !metadata.features().equals(in.featureNames)) {
                throw new LifecycleException("Expansion model " + metadata.version() + " was trained on other features "
                        + "than the current health groups and segments give; retrain it with bin/lifecycle run "
                        + "--date " + dates.last() + " --jobs expansion --force.");
            }
            ExpansionModel model = in.registry.load(metadata);
            Dataset<Row> rows = model.score(ExpansionFeatures.of(in.features, in.health, in.lifecycle, e.getValue(),
                    in.healthGroups, in.segments));
            written += ctx.lakehouse().replace(GoldTables.ACCOUNT_EXPANSION, rows,
                    Lakehouse.onDates("snapshot_date", e.getValue()));
        }
        return written;
    }

    /** The tables and names every step reads. */
    private static final class Inputs {
        final ExpansionConfig config;
        final ModelRegistry registry;
        final Dataset<Row> features;
        final Dataset<Row> health;
        final Dataset<Row> lifecycle;
        final Dataset<Row> subscriptions;
        final List<String> healthGroups;
        final List<String> segments;
        final List<String> featureNames;
        private final JobContext ctx;

        Inputs(JobContext ctx, ExpansionConfig config) {
            this.ctx = ctx;
            this.config = config;
            Lakehouse lakehouse = ctx.lakehouse();
            registry = new ModelRegistry(lakehouse.root());
            features = lakehouse.read(SilverTables.ACCOUNT_FEATURES_DAILY);
            health = lakehouse.read(GoldTables.ACCOUNT_HEALTH_DAILY);
            lifecycle = lakehouse.read(GoldTables.ACCOUNT_LIFECYCLE_DAILY);
            subscriptions = lakehouse.read(StagingTables.SUBSCRIPTIONS);
            healthGroups = healthGroups(ScorecardConfig.load(ctx.configDir(), ctx.config()));
            segments = segmentNames(ctx.config());
            featureNames = ExpansionFeatures.names(healthGroups, segments);
        }

        FeaturesConfig keyFeatures() {
            return FeaturesConfig.load(ctx.configDir());
        }
    }

    /** Group names of every scorecard, first appearance first. */
    static List<String> healthGroups(ScorecardConfig scorecards) {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (Scorecard s : scorecards.scorecards()) {
            for (Scorecard.Group g : s.groups()) {
                names.add(g.name());
            }
        }
        return List.copyOf(names);
    }

    static List<String> segmentNames(AppConfig app) {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (SegmentRule s : app.segments()) {
            names.add(s.name());
        }
        names.add(app.defaultSegment());
        return List.copyOf(names);
    }
}
