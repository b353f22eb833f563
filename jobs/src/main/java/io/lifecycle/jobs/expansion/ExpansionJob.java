package io.lifecycle.jobs.expansion;

import io.lifecycle.jobs.propensity.ModelInputs;
import io.lifecycle.common.catalog.TableDef;
import io.lifecycle.common.catalog.GoldTables;
import io.lifecycle.common.catalog.SilverTables;
import io.lifecycle.common.catalog.StagingTables;
import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.run.Job;
import io.lifecycle.common.run.JobContext;
import io.lifecycle.common.run.JobResult;
import io.lifecycle.jobs.features.FeaturesConfig;
import io.lifecycle.jobs.propensity.PropensityModel;
import io.lifecycle.jobs.propensity.PropensityRun;
import io.lifecycle.jobs.propensity.Target;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;


/**
 * Expansion propensity for a set of snapshot dates (one night, or a backfill). Walks the dates oldest first and, on
 * each date D where the schedule of conf/expansion.yaml says a retrain is due ({@link PropensityRun#trainingDue}), trains
 * as of D on the labels known on D (snapshots S with S + horizonDays ≤ D, subscription terms started by D), saves
 * the model in the registry and its metrics in gold.expansion_model_metrics. Then scores every date with the model
 * current on it (the registry's newest model trained by then), so no model sees labels from after a
 * date it scores and a backfill gets the history it would have had night by night. Every active account of every
 * date gets a row: segments whose model failed the floors, and every segment before a classifier could be trained,
 * are scored with their base rate ({@link PropensityModel#score}). Also writes gold.feature_adoption_opportunities.
 */
public final class ExpansionJob implements Job {
    public static final String NAME = "expansion";
    /** The expansion label of {@link ExpansionLabels}: expanded, and the constant-currency uplift. */
    public static final Target TARGET = new Target("expansion", "expanded", "expansion_mrr");

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
        ModelInputs in = new ModelInputs(ctx, Map.of());
        PropensityRun model = new PropensityRun(ctx, NAME, TARGET, config, in.featureNames, in.featureDates(),
                GoldTables.EXPANSION_MODEL_METRICS);
        long written = model.trainWhereDue(snapshotDates, in::rows,
                (closed, asOf) -> ExpansionLabels.of(in.subscriptions, closed, config.horizonDays(), asOf));
        long scored = 0;
        for (Map.Entry<PropensityModel, SortedSet<LocalDate>> e : model.modelsFor(snapshotDates).entrySet()) {
            Dataset<Row> rows = e.getKey().score(in.rows(e.getValue()))
                    .withColumnRenamed("expected_magnitude", "expected_expansion_mrr");
            scored += ctx.lakehouse().replace(GoldTables.ACCOUNT_EXPANSION, rows,
                    Lakehouse.onDates("snapshot_date", e.getValue()));
        }
        long opportunities = ctx.lakehouse().replace(GoldTables.FEATURE_ADOPTION_OPPORTUNITIES,
                AdoptionOpportunities.of(in.features, in.health, ctx.lakehouse().read(SilverTables.ACCOUNT_FEATURE_USAGE_DAILY),
                        FeaturesConfig.load(ctx.configDir()), snapshotDates, config.maxOpportunities()),
                Lakehouse.onDates("snapshot_date", snapshotDates));
        ctx.progress().step(NAME, String.format("wrote %,d account propensities and %,d adoption opportunities",
                scored, opportunities));
        return new JobResult(scored, written + scored + opportunities);
    }
}
