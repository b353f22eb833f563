package io.lifecycle.jobs.propensity;

import io.lifecycle.common.LifecycleException;
import io.lifecycle.common.catalog.TableDef;
import io.lifecycle.common.run.JobContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One job's use of one propensity model over a set of snapshot dates (a night, or a backfill): when to retrain, how
 * to train as of a date and register the outcome, and which model scores each date. The expansion job runs one, the
 * churn job two (churn and contraction); they differ only in their {@link Target}, settings and tables.
 *
 * <p>Retrain schedule, checked date by date, oldest first: training is due as of D when no model was trained by D,
 * on a forced run with retrain.onForce (as of the run's last date only), or when the newest model trained by D is
 * retrain.everyDays old or more <em>and</em> some snapshot has been labelled since it (a snapshot S is labelled by
 * D when S + horizonDays ≤ D): retraining on the very labels the newest model saw would register the same model
 * again. Every date is then scored with the model current on it ({@link ModelRegistry#current}).
 */
public final class PropensityRun {
    private final JobContext ctx;
    private final String job;
    private final Target target;
    private final ClassifierSettings settings;
    private final List<String> featureNames;
    private final SortedSet<LocalDate> featureDates;
    private final TableDef metricsTable;
    private final ModelRegistry registry;

    /**
     * @param featureDates the snapshot dates that have feature rows (the candidates for labels)
     * @param metricsTable the table the validation metrics of a trained model go to
     */
    public PropensityRun(JobContext ctx, String job, Target target, ClassifierSettings settings,
                         List<String> featureNames, SortedSet<LocalDate> featureDates, TableDef metricsTable) {
        this.ctx = ctx;
        this.job = job;
        this.target = target;
        this.settings = settings;
        this.featureNames = List.copyOf(featureNames);
        this.featureDates = featureDates;
        this.metricsTable = metricsTable;
        this.registry = new ModelRegistry(ctx.lakehouse().root(), target.name());
    }

    public ModelRegistry registry() {
        return registry;
    }

    /** The snapshot dates whose label is known on {@code asOf}: S + horizonDays ≤ asOf. */
    public SortedSet<LocalDate> labelledBy(LocalDate asOf) {
        SortedSet<LocalDate> out = new TreeSet<>();
        for (LocalDate d : featureDates) {
            if (!d.plusDays(settings.horizonDays()).isAfter(asOf)) {
                out.add(d);
            }
        }
        return out;
    }

    /** Why training is due as of {@code asOf}, or null when it is not. */
    public String trainingDue(LocalDate asOf, boolean force) {
        if (force && settings.retrain().onForce()) {
            return "forced run";
        }
        Optional<ModelMetadata> newest = registry.current(asOf);
        if (newest.isEmpty()) {
            return "no model yet";
        }
        long age = ChronoUnit.DAYS.between(LocalDate.parse(newest.get().trainedAsOf()), asOf);
        if (age < settings.retrain().everyDays()) {
            return null;
        }
        SortedSet<LocalDate> seen = new TreeSet<>();
        newest.get().trainingSnapshots().forEach(s -> seen.add(LocalDate.parse(s)));
        newest.get().validationSnapshots().forEach(s -> seen.add(LocalDate.parse(s)));
        SortedSet<LocalDate> known = labelledBy(asOf);
        known.removeAll(seen);
        return known.isEmpty() ? null : "newest model " + newest.get().version() + " is " + age + " days old and "
                + known.size() + " snapshot(s) were labelled since";
    }

    /**
     * Trains as of {@code asOf} on the labels known then and registers the outcome; returns the metric rows written.
     *
     * @param featureRows {@link ModelFeatures} rows of the given snapshot dates
     * @param labels      label rows of the given snapshot dates, known as of the given date
     */
    public long train(LocalDate asOf, Function<SortedSet<LocalDate>, Dataset<Row>> featureRows,
                      BiFunction<SortedSet<LocalDate>, LocalDate, Dataset<Row>> labels) {
        SortedSet<LocalDate> closed = labelledBy(asOf);
        long t0 = System.nanoTime();
        PropensityTraining.Outcome outcome = PropensityTraining.train(featureRows.apply(closed),
                labels.apply(closed, asOf), featureNames, settings, target, asOf);
        ModelMetadata m = outcome.model().metadata();
        registry.save(outcome.model());
        if (!m.hasClassifier()) {
            ctx.progress().step(job, "no " + target.name() + " classifier trained as of " + asOf + ", registered "
                    + m.version() + " (base rates only): " + m.verdict());
            return 0;
        }
        long written = ctx.lakehouse().replace(metricsTable, ModelMetricsRows.of(ctx.spark(), m, target, metricsTable),
                metricsTable.schema().getFieldIndex("target").isDefined()
                        ? "model_version = '" + m.version() + "' AND target = '" + target.name() + "'"
                        : "model_version = '" + m.version() + "'");
        ctx.progress().step(job, String.format(Locale.ROOT, "trained %s model %s (%s) in %.1fs on %,d rows of %d "
                        + "snapshots, validated on %,d rows of %s..%s; %s", target.name(), m.version(), m.kind(),
                (System.nanoTime() - t0) / 1e9, m.trainingRows(), m.trainingSnapshots().size(), m.validationRows(),
                m.validationSnapshots().get(0), m.validationSnapshots().get(m.validationSnapshots().size() - 1),
                m.verdict()));
        return written;
    }

    /** Trains as of every date of {@code dates} where the schedule says so; returns the metric rows written. */
    public long trainWhereDue(SortedSet<LocalDate> dates, Function<SortedSet<LocalDate>, Dataset<Row>> featureRows,
                              BiFunction<SortedSet<LocalDate>, LocalDate, Dataset<Row>> labels) {
        long written = 0;
        for (LocalDate d : dates) {
            String due = trainingDue(d, ctx.force() && d.equals(dates.last()));
            if (due != null) {
                ctx.progress().step(job, "training the " + target.name() + " model as of " + d + " (" + due + ")");
                written += train(d, featureRows, labels);
            }
        }
        return written;
    }

    /**
     * The model current on each date, grouped: model → the dates it scores (one scoring pass per model). A model
     * trained on other features than the current ones is an error that says how to retrain.
     */
    public Map<PropensityModel, SortedSet<LocalDate>> modelsFor(SortedSet<LocalDate> dates) {
        Map<String, SortedSet<LocalDate>> byVersion = new LinkedHashMap<>();
        Map<String, ModelMetadata> models = new LinkedHashMap<>();
        for (LocalDate d : dates) {
            ModelMetadata m = registry.current(d).orElseThrow(() -> new IllegalStateException(
                    "no " + target.name() + " model registered as of " + d + " although training ran"));
            byVersion.computeIfAbsent(m.version(), v -> new TreeSet<>()).add(d);
            models.put(m.version(), m);
        }
        Map<PropensityModel, SortedSet<LocalDate>> out = new LinkedHashMap<>();
        byVersion.forEach((version, on) -> {
            ModelMetadata metadata = models.get(version);
            if (metadata.hasClassifier() && !metadata.features().equals(featureNames)) {
                throw new LifecycleException("The " + target.name() + " model " + version + " was trained on other "
                        + "features than the current health groups and segments give; retrain it with bin/lifecycle "
                        + "run --date " + dates.last() + " --jobs " + job + " --force.");
            }
            out.put(registry.load(metadata), on);
        });
        return out;
    }
}
