package io.lifecycle.jobs.churn;

import io.lifecycle.common.catalog.GoldTables;
import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.catalog.SilverTables;
import io.lifecycle.common.catalog.StagingTables;
import io.lifecycle.common.catalog.TableDef;
import io.lifecycle.common.run.Job;
import io.lifecycle.common.run.JobContext;
import io.lifecycle.common.run.JobResult;
import io.lifecycle.jobs.propensity.ModelInputs;
import io.lifecycle.jobs.propensity.PropensityModel;
import io.lifecycle.jobs.propensity.PropensityRun;
import io.lifecycle.jobs.propensity.Target;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.function.BiFunction;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.when;

/**
 * The renewal forecast for a set of snapshot dates (a night, or a backfill): per active account, the calibrated
 * probability that it churns and that it contracts within horizonDays of conf/churn.yaml, the MRR at stake and the
 * drivers (gold.account_churn_risk); the validation of every model trained (gold.churn_model_metrics); and the
 * forecast's own backtest (gold.retention_forecast_backtest).
 *
 * <p>Two models, one mechanism ({@link PropensityRun}, the expansion model's): the churn and the contraction model
 * are trained as of each date where their schedule says so, on the labels known then ({@link ChurnTargets}), and
 * every date is scored with the models current on it. Their inputs are the expansion model's ({@link ModelInputs}:
 * the point-in-time features, health score and its change, lifecycle stage and segment of D) plus contract timing:
 * days_to_renewal and billing_annual are features already, and renewal_in_horizon says whether the next renewal falls
 * within the horizon. The health score leaves contract timing out on purpose; this forecast is where it belongs.
 */
public final class ChurnJob implements Job {
    public static final String NAME = "churn";
    public static final Target CHURN = new Target("churn", "churned", "churned_mrr");
    public static final Target CONTRACTION = new Target("contraction", "contracted", "contracted_mrr");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<TableDef> reads() {
        return List.of(StagingTables.SUBSCRIPTIONS, SilverTables.ACCOUNT_FEATURES_DAILY,
                GoldTables.ACCOUNT_HEALTH_DAILY, GoldTables.ACCOUNT_LIFECYCLE_DAILY);
    }

    @Override
    public List<TableDef> writes() {
        return List.of(GoldTables.ACCOUNT_CHURN_RISK, GoldTables.CHURN_MODEL_METRICS,
                GoldTables.RETENTION_FORECAST_BACKTEST);
    }

    @Override
    public JobResult run(JobContext ctx, SortedSet<LocalDate> snapshotDates) {
        return run(ctx, snapshotDates, ChurnConfig.load(ctx.configDir()));
    }

    /** The model's extra features: contract timing against the horizon. */
    static Map<String, Column> extras(ChurnConfig config) {
        Map<String, Column> extras = new LinkedHashMap<>();
        extras.put("renewal_in_horizon", when(col("days_to_renewal").isNotNull()
                .and(col("days_to_renewal").leq(config.horizonDays())), 1).otherwise(0));
        return extras;
    }

    /** The job with a given configuration (tests use small models). */
    public JobResult run(JobContext ctx, SortedSet<LocalDate> snapshotDates, ChurnConfig config) {
        ModelInputs in = new ModelInputs(ctx, extras(config));
        SortedSet<LocalDate> featureDates = in.featureDates();
        PropensityRun churn = new PropensityRun(ctx, NAME, CHURN, config, in.featureNames, featureDates,
                GoldTables.CHURN_MODEL_METRICS);
        PropensityRun contraction = new PropensityRun(ctx, NAME, CONTRACTION, config, in.featureNames, featureDates,
                GoldTables.CHURN_MODEL_METRICS);
        BiFunction<SortedSet<LocalDate>, LocalDate, Dataset<Row>> labels = (closed, asOf) ->
                ChurnTargets.of(in.subscriptions, closed, config.horizonDays(), config.contractionShare(), asOf);
        long written = churn.trainWhereDue(snapshotDates, in::rows, labels)
                + contraction.trainWhereDue(snapshotDates, in::rows, labels);

        Dataset<Row> rows = in.rows(snapshotDates).cache();
        try {
            Dataset<Row> risk = score(churn, snapshotDates, rows).join(score(contraction, snapshotDates, rows)
                            .select(col("snapshot_date"), col("account_id"),
                                    col("propensity").as("contraction_probability"),
                                    col("expected_magnitude").as("expected_contracted_mrr"),
                                    col("model_version").as("contraction_model_version"),
                                    col("model_status").as("contraction_model_status")),
                    new String[] {"snapshot_date", "account_id"})
                    .join(rows.select("snapshot_date", "account_id", "renewal_date"),
                            new String[] {"snapshot_date", "account_id"});
            Dataset<Row> out = risk.select(col("snapshot_date"), col("account_id"), col("segment"),
                    col("propensity").as("churn_probability"), col("contraction_probability"),
                    col("propensity").multiply(col("mrr").cast("double")).as("expected_churned_mrr"),
                    col("expected_contracted_mrr"), col("decile").as("risk_decile"), col("mrr"),
                    col("renewal_date").as("next_renewal_date"), col("top_drivers"), col("model_version"),
                    col("model_status"), col("contraction_model_version"), col("contraction_model_status"));
            long scored = ctx.lakehouse().replace(GoldTables.ACCOUNT_CHURN_RISK, out,
                    Lakehouse.onDates("snapshot_date", snapshotDates));
            long windows = RetentionBacktest.write(ctx, in.subscriptions, snapshotDates.last(), snapshotDates, config);
            ctx.progress().step(NAME, String.format("wrote %,d account churn risks and %,d backtest rows", scored,
                    windows));
            return new JobResult(scored, written + scored + windows);
        } finally {
            rows.unpersist();
        }
    }

    /** Rows of every date scored with the model current on it (one pass per model version). */
    private static Dataset<Row> score(PropensityRun run, SortedSet<LocalDate> dates, Dataset<Row> rows) {
        Dataset<Row> out = null;
        for (Map.Entry<PropensityModel, SortedSet<LocalDate>> e : run.modelsFor(dates).entrySet()) {
            Dataset<Row> scored = e.getKey().score(rows.where(Lakehouse.onDates("snapshot_date", e.getValue())));
            out = out == null ? scored : out.unionByName(scored);
        }
        return out;
    }
}
