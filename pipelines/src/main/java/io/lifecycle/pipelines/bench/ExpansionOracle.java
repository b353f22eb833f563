package io.lifecycle.pipelines.bench;

import io.lifecycle.common.catalog.SilverTables;
import io.lifecycle.common.catalog.StagingTables;
import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.run.JobContext;
import io.lifecycle.jobs.demodata.WarehouseGenerator;
import io.lifecycle.jobs.expansion.ExpansionLabels;
import io.lifecycle.jobs.propensity.ModelMetadata;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.when;

/**
 * The generator's own expansion probability on a model's validation rows, as a ceiling for its ROC AUC (bench only;
 * reads the {@code _ground_truth} files of the generated warehouse, which the pipeline never reads).
 *
 * <p>The generator ({@code SubscriptionHistory}) expands an account at most once a month, only when it is not dormant
 * and its hidden monthly health h &gt; 0.55, with probability q = 0.07 × (h − 0.55) / 0.45. The oracle of a
 * validation row (D, account) takes h of D's month ({@code health_monthly}) and whether a dormancy spell covers D
 * ({@code dormancy_spells}: start_date ≤ D and end_date null or ≥ D), holds them for the horizon and scores
 * 1 − (1 − q)^(horizonDays / 30): what can be known on D of the generator's hidden state, without its future months.
 * The rows are those the model validated on: accounts active (silver.account_features_daily) on a validation
 * snapshot, labelled by {@link ExpansionLabels} as of the model's training date. Accounts without a health row for
 * the month get q = 0.
 */
final class ExpansionOracle {
    // The generator's constants (SubscriptionHistory.run), copied: this is its probability, not a fitted threshold.
    private static final double HEALTH_THRESHOLD = 0.55;
    private static final double MAX_MONTHLY = 0.07;

    private ExpansionOracle() {
    }

    /** Oracle ROC AUC by segment and 'all' over the model's validation rows; empty without ground truth. */
    static Map<String, Double> rocAuc(JobContext ctx, ModelMetadata m) {
        Map<String, Double> out = new TreeMap<>();
        Path truth = ctx.config().warehouse().resolve(WarehouseGenerator.GROUND_TRUTH);
        if (m.validationSnapshots().isEmpty() || !truth.resolve("health_monthly").toFile().isDirectory()) {
            return out;
        }
        Lakehouse lake = ctx.lakehouse();
        SortedSet<LocalDate> dates = new TreeSet<>();
        m.validationSnapshots().forEach(d -> dates.add(LocalDate.parse(d)));
        int horizon = m.config().get("horizonDays").asInt();
        Dataset<Row> labels = ExpansionLabels.of(lake.read(StagingTables.SUBSCRIPTIONS), dates, horizon,
                LocalDate.parse(m.trainedAsOf()));
        Dataset<Row> rows = lake.read(SilverTables.ACCOUNT_FEATURES_DAILY)
                .where(Lakehouse.onDates("snapshot_date", dates)).where(col("customer_status").equalTo("active"))
                .select("snapshot_date", "account_id", "segment")
                .join(labels.select("snapshot_date", "account_id", "expanded"), new String[] {"snapshot_date", "account_id"});
        Dataset<Row> health = ctx.spark().read().parquet(truth.resolve("health_monthly").toString())
                .select(col("account_id"), col("month"), col("hidden_health"));
        Dataset<Row> dormant = Oracles.dormantOn(ctx, truth, rows.select("snapshot_date", "account_id"));
        Dataset<Row> scored = rows.withColumn("month", trunc(col("snapshot_date"), "month"))
                .join(health, new String[] {"account_id", "month"}, "left")
                .join(dormant, new String[] {"snapshot_date", "account_id"}, "left")
                .withColumn("q", when(coalesce(col("dormant"), lit(false)).or(col("hidden_health").isNull())
                                .or(col("hidden_health").leq(HEALTH_THRESHOLD)), lit(0.0))
                        .otherwise(col("hidden_health").minus(HEALTH_THRESHOLD)
                                .multiply(MAX_MONTHLY / (1 - HEALTH_THRESHOLD))))
                .withColumn("oracle", lit(1.0).minus(pow(lit(1.0).minus(col("q")), horizon / 30.0)));
        out.putAll(Oracles.rocAucBySegment(scored.select("segment", "oracle", "expanded")));
        return out;
    }
}
