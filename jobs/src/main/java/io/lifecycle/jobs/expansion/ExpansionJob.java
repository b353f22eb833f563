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
 * Expansion propensity for a set of snapshot dates. Trains at most once, as of the newest date, when the schedule
 * of conf/expansion.yaml says so (no model yet, the newest is retrain.everyDays old, or a forced run with
 * retrain.onForce), on the snapshots whose horizon closed by then; saves the model in the registry and its
 * metrics in gold.expansion_model_metrics. Then scores every date with the newest model trained by that date that
 * passed the floors (a date without one is not scored: no model may see labels from after the date it scores),
 * replacing those dates of gold.account_expansion, and writes gold.feature_adoption_opportunities.
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
        Lakehouse lakehouse = ctx.lakehouse();
        return run(ctx, snapshotDates, ExpansionConfig.load(ctx.configDir()));
    }

    /** The job with a given configuration (tests use small models). */
    public JobResult run(JobContext ctx, SortedSet<LocalDate> snapshotDates, ExpansionConfig config) {
        Inputs in = new Inputs(ctx, config);
        LocalDate asOf = snapshotDates.last();
        long written = 0;
        String due = trainingDue(in.registry, asOf, config, ctx.force());
        if (due != null) {
            ctx.progress().step(NAME, "training as of " + asOf + " (" + due + ")");
            written += train(ctx, in, asOf);
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
        Optional<ModelMetadata> newest = registry.newest(asOf);
        if (newest.isEmpty()) {
            return "no model yet";
        }
        long age = ChronoUnit.DAYS.between(LocalDate.parse(newest.get().trainedAsOf()), asOf);
        return age >= config.retrain().everyDays() ? "newest model " + newest.get().version() + " is " + age
                + " days old" : null;
    }

    private static long train(JobContext ctx, Inputs in, LocalDate asOf) {
        ExpansionConfig config = in.config;
        SortedSet<LocalDate> closed = new TreeSet<>();
        for (Row r : in.features.select("snapshot_date").distinct().collectAsList()) {
            LocalDate d = r.getDate(0).toLocalDate();
            if (!d.plusDays(config.horizonDays()).isAfter(asOf)) {
                closed.add(d);
            }
        }
        Dataset<Row> labels = ExpansionLabels.of(in.subscriptions, closed, config.horizonDays(), asOf,
                config.minMrrUpliftShare());
        Dataset<Row> rows = ExpansionFeatures.of(in.features, in.health, in.lifecycle, closed, in.healthGroups,
                in.segments);
        long t0 = System.nanoTime();
        ExpansionTraining.Outcome outcome = ExpansionTraining.train(rows, labels, in.featureNames, config, asOf);
        if (outcome.model() == null) {
            ctx.progress().step(NAME, "no model trained: " + outcome.skipped());
            return 0;
        }
        ModelMetadata m = outcome.model().metadata();
        in.registry.save(outcome.model());
        long written = ctx.lakehouse().replace(GoldTables.EXPANSION_MODEL_METRICS, ModelMetricsRows.of(ctx.spark(), m),
                "model_version = '" + m.version() + "'");
        ctx.progress().step(NAME, String.format(Locale.ROOT, "trained %s (%s) in %.1fs on %,d rows of %d snapshots, "
                        + "validated on %,d rows of %s..%s; %s", m.version(), m.kind(), (System.nanoTime() - t0) / 1e9,
                m.trainingRows(), m.trainingSnapshots().size(), m.validationRows(), m.validationSnapshots().get(0),
                m.validationSnapshots().get(m.validationSnapshots().size() - 1), m.verdict()));
        return written;
    }

    /** Scores each date with the newest passing model trained by then; returns the rows written. */
    private static long score(JobContext ctx, Inputs in, SortedSet<LocalDate> dates) {
        Map<String, SortedSet<LocalDate>> byVersion = new TreeMap<>();
        Map<String, ModelMetadata> models = new TreeMap<>();
        List<LocalDate> unscored = new ArrayList<>();
        for (LocalDate d : dates) {
            Optional<ModelMetadata> m = in.registry.newestPassing(d);
            if (m.isEmpty()) {
                unscored.add(d);
            } else {
                byVersion.computeIfAbsent(m.get().version(), v -> new TreeSet<>()).add(d);
                models.put(m.get().version(), m.get());
            }
        }
        if (!unscored.isEmpty()) {
            ctx.progress().step(NAME, String.format("%d date(s) not scored (%s..%s): no model trained by then passed "
                    + "the floors of conf/expansion.yaml", unscored.size(), unscored.get(0),
                    unscored.get(unscored.size() - 1)));
        }
        long written = 0;
        for (Map.Entry<String, SortedSet<LocalDate>> e : byVersion.entrySet()) {
            ModelMetadata metadata = models.get(e.getKey());
            if (!metadata.features().equals(in.featureNames)) {
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
