package io.lifecycle.pipelines.bench;

import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.catalog.SilverTables;
import io.lifecycle.common.catalog.StagingTables;
import io.lifecycle.common.run.JobContext;
import io.lifecycle.jobs.churn.ChurnTargets;
import io.lifecycle.jobs.demodata.WarehouseGenerator;
import io.lifecycle.jobs.propensity.ModelMetadata;
import org.apache.spark.sql.Column;
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
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.when;

/**
 * The generator's own churn probability on a churn model's validation rows, as a ceiling for its ROC AUC (bench only;
 * reads the {@code _ground_truth} files of the generated warehouse, which the pipeline never reads).
 *
 * <p>The generator ({@code SubscriptionHistory.decideRenewalOrChurn}) lets an annual account churn only at its
 * renewal, with probability 0.03 + 0.6 (1 − h)² + 0.35 if dormant, and a monthly account in any month with
 * probability q = 0.003 + 0.12 (1 − h)³ + 0.06 if dormant, h being the hidden health of the month. The oracle of a
 * validation row (D, account) holds h of D's month ({@code health_monthly}) and D's dormancy ({@code dormancy_spells})
 * for the horizon and uses the renewal timing: an annual account scores the renewal probability when one of its
 * renewals ({@code renewals}, outcome ignored) falls in (D, D + horizonDays], else 0; a monthly one scores
 * 1 − (1 − q)^(horizonDays / 30). What can be known on D of the hidden state, without its future months.
 */
final class ChurnOracle {
    // The generator's constants (SubscriptionHistory.decideRenewalOrChurn), copied: its probability, not a fit.
    private static final double ANNUAL_BASE = 0.03;
    private static final double ANNUAL_UNHEALTHY = 0.6;
    private static final double ANNUAL_DORMANT = 0.35;
    private static final double MONTHLY_BASE = 0.003;
    private static final double MONTHLY_UNHEALTHY = 0.12;
    private static final double MONTHLY_DORMANT = 0.06;

    private ChurnOracle() {
    }

    /** Oracle ROC AUC by segment and 'all' over the model's validation rows; empty without ground truth. */
    static Map<String, Double> rocAuc(JobContext ctx, ModelMetadata m, double contractionShare) {
        Map<String, Double> out = new TreeMap<>();
        Path truth = ctx.config().warehouse().resolve(WarehouseGenerator.GROUND_TRUTH);
        if (m.validationSnapshots().isEmpty() || !truth.resolve("renewals").toFile().isDirectory()) {
            return out;
        }
        Lakehouse lake = ctx.lakehouse();
        SortedSet<LocalDate> dates = new TreeSet<>();
        m.validationSnapshots().forEach(d -> dates.add(LocalDate.parse(d)));
        int horizon = m.config().get("horizonDays").asInt();
        Dataset<Row> labels = ChurnTargets.of(lake.read(StagingTables.SUBSCRIPTIONS), dates, horizon,
                contractionShare, LocalDate.parse(m.trainedAsOf()));
        Dataset<Row> rows = lake.read(SilverTables.ACCOUNT_FEATURES_DAILY)
                .where(Lakehouse.onDates("snapshot_date", dates)).where(col("customer_status").equalTo("active"))
                .select("snapshot_date", "account_id", "segment")
                .join(labels.select("snapshot_date", "account_id", "churned"), new String[] {"snapshot_date", "account_id"});
        Dataset<Row> health = ctx.spark().read().parquet(truth.resolve("health_monthly").toString())
                .select(col("account_id"), col("month"), col("hidden_health"));
        Dataset<Row> billing = ctx.spark().read().parquet(truth.resolve("lifecycle").toString())
                .select(col("account_id"), col("billing_period").as("truth_billing"));
        Dataset<Row> renewals = ctx.spark().read().parquet(truth.resolve("renewals").toString())
                .select(col("account_id").as("renewal_account"), col("renewal_date"));
        Dataset<Row> keys = rows.select("snapshot_date", "account_id");
        Dataset<Row> dormant = Oracles.dormantOn(ctx, truth, keys);
        Dataset<Row> renewing = keys.join(renewals, col("renewal_account").equalTo(col("account_id"))
                        .and(col("renewal_date").gt(col("snapshot_date")))
                        .and(col("renewal_date").leq(date_add(col("snapshot_date"), horizon))))
                .groupBy("snapshot_date", "account_id").agg(max(lit(true)).as("renews"));
        Column h = coalesce(col("hidden_health"), lit(0.5));
        Column isDormant = coalesce(col("dormant"), lit(false));
        Column annual = least(lit(1.0), lit(ANNUAL_BASE)
                .plus(lit(ANNUAL_UNHEALTHY).multiply(pow(lit(1.0).minus(h), 2)))
                .plus(when(isDormant, ANNUAL_DORMANT).otherwise(0.0)));
        Column q = lit(MONTHLY_BASE).plus(lit(MONTHLY_UNHEALTHY).multiply(pow(lit(1.0).minus(h), 3)))
                .plus(when(isDormant, MONTHLY_DORMANT).otherwise(0.0));
        Dataset<Row> scored = rows.withColumn("month", trunc(col("snapshot_date"), "month"))
                .join(health, new String[] {"account_id", "month"}, "left")
                .join(billing, new String[] {"account_id"}, "left")
                .join(dormant, new String[] {"snapshot_date", "account_id"}, "left")
                .join(renewing, new String[] {"snapshot_date", "account_id"}, "left")
                .withColumn("oracle", when(col("truth_billing").equalTo("annual"),
                                when(coalesce(col("renews"), lit(false)), annual).otherwise(0.0))
                        .otherwise(lit(1.0).minus(pow(lit(1.0).minus(q), horizon / 30.0))));
        out.putAll(Oracles.rocAucBySegment(scored.select("segment", "oracle", "churned")));
        return out;
    }
}
