package io.lifecycle.jobs.marts;

import io.lifecycle.common.catalog.GoldTables;
import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.catalog.Tables;
import io.lifecycle.jobs.churn.RetentionBacktest;
import io.lifecycle.jobs.health.HealthBacktest;
import io.lifecycle.jobs.shared.LifecycleStage;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.ArrayList;
import java.util.List;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * gold.segment_kpis_daily for a set of snapshot dates in one pass (pure transform): the per-account MRR movements
 * of {@link MrrMovements} and the dates' gold rows, aggregated per segment and for segment 'all'. Every formula is
 * in the table's column comments; every ratio is null when its denominator is 0 (Spark runs in ANSI mode).
 */
public final class SegmentKpis {
    private static final String[] KEY = {"snapshot_date", "segment"};
    private static final List<String> BANDS = List.of("green", "yellow", "red", "unknown");

    private SegmentKpis() {
    }

    /** {@code movements}: the output of {@link MrrMovements#of} for the snapshot dates. */
    public static Dataset<Row> of(Dataset<Row> movements, MartsInputs in) {
        Dataset<Row> segments = in.segments().select("snapshot_date", "account_id", "segment");
        Dataset<Row> kpis = money(withAllSegment(bySegment(movements, segments)))
                .join(health(withAllSegment(bySegment(in.health(), segments))), KEY, "left")
                .join(stages(withAllSegment(bySegment(in.lifecycle().where(col("account_id").isNotNull()), segments))),
                        KEY, "left")
                .join(rowCount(withAllSegment(bySegment(in.dormant(), segments)), "dormant_accounts"), KEY, "left")
                .join(clv(withAllSegment(bySegment(in.clv(), segments))), KEY, "left")
                .join(expansion(in.expansion(), segments), KEY, "left")
                .join(churnForecast(in.churnRisk(), segments), KEY, "left");
        List<String> counts = new ArrayList<>();
        for (LifecycleStage stage : LifecycleStage.values()) {
            counts.add("accounts_" + stage.code());
        }
        counts.add("dormant_accounts");
        kpis = kpis.na().fill(0L, counts.toArray(String[]::new))
                .withColumn("dormant_share", ratio(col("dormant_accounts"), col("active_accounts")));
        return Lakehouse.conform(GoldTables.SEGMENT_KPIS_DAILY, kpis);
    }

    /** Counts, MRR, movements and retention from the per-account movements. */
    private static Dataset<Row> money(Dataset<Row> accounts) {
        Column mrr = sum(col("mrr"));
        Dataset<Row> sums = accounts.groupBy("snapshot_date", "segment").agg(
                count_if(col("mrr").gt(0)).as("active_accounts"),
                count_if(col("mrr_30d_ago").gt(0)).as("active_accounts_30d_ago"),
                count_if(isMovement(MrrMovements.NEW)).as("new_accounts_30d"),
                count_if(isMovement(MrrMovements.REACTIVATION)).as("reactivated_accounts_30d"),
                count_if(isMovement(MrrMovements.CHURN)).as("churned_accounts_30d"),
                mrr.as("mrr"),
                sum(col("mrr_30d_ago")).as("mrr_30d_ago"),
                movementSum(MrrMovements.NEW).as("mrr_new_30d"),
                movementSum(MrrMovements.EXPANSION).as("mrr_expansion_30d"),
                movementSum(MrrMovements.CONTRACTION).as("mrr_contraction_30d"),
                movementSum(MrrMovements.CHURN).as("mrr_churn_30d"),
                movementSum(MrrMovements.REACTIVATION).as("mrr_reactivation_30d"),
                coalesce(sum(col("mrr_fx")), lit(0)).as("mrr_fx_30d"),
                sum(col("mrr_12m_ago")).as("mrr_12m_ago"),
                coalesce(sum(when(col("mrr_12m_ago").gt(0), col("mrr"))), lit(0)).as("net_retained_mrr"),
                sum(col("retained_mrr")).as("gross_retained_mrr"));
        Column churnRate = ratio(col("churned_accounts_30d"), col("active_accounts_30d_ago"));
        Column losses = col("mrr_contraction_30d").plus(col("mrr_churn_30d")).multiply(-1);
        return sums
                .withColumn("logo_churn_rate_30d", churnRate)
                .withColumn("logo_churn_rate_annualised",
                        lit(1).minus(pow(lit(1).minus(churnRate), 365.0 / MrrMovements.WINDOW_DAYS)))
                .withColumn("arr", col("mrr").multiply(12))
                .withColumn("arpa", ratio(col("mrr"), col("active_accounts")))
                .withColumn("quick_ratio_30d", ratio(col("mrr_new_30d").plus(col("mrr_expansion_30d"))
                        .plus(col("mrr_reactivation_30d")), losses))
                .withColumn("nrr_12m", ratio(col("net_retained_mrr"), col("mrr_12m_ago")))
                .withColumn("grr_12m", ratio(col("gross_retained_mrr"), col("mrr_12m_ago")));
    }

    private static Column isMovement(String movement) {
        return col("movement").equalTo(lit(movement));
    }

    private static Column movementSum(String movement) {
        return coalesce(sum(when(isMovement(movement), col("mrr_movement"))), lit(0));
    }

    /** Average health, and the share of accounts and of their MRR in each band. */
    private static Dataset<Row> health(Dataset<Row> health) {
        List<Column> aggs = new ArrayList<>();
        aggs.add(count(lit(1)).as("scored"));
        aggs.add(sum(col("mrr")).as("scored_mrr"));
        for (String band : BANDS) {
            aggs.add(count_if(col("band").equalTo(band)).as("n_" + band));
            aggs.add(coalesce(sum(when(col("band").equalTo(band), col("mrr"))), lit(0)).as("m_" + band));
        }
        Dataset<Row> sums = health.groupBy("snapshot_date", "segment")
                .agg(avg(col("score")).as("avg_health"), aggs.toArray(Column[]::new));
        for (String band : BANDS) {
            sums = sums.withColumn("health_" + band + "_share", ratio(col("n_" + band), col("scored")))
                    .withColumn("mrr_" + band + "_share", ratio(col("m_" + band), col("scored_mrr")));
        }
        return sums;
    }

    /** Accounts per lifecycle stage, one column per stage code. */
    private static Dataset<Row> stages(Dataset<Row> lifecycle) {
        List<Column> aggs = new ArrayList<>();
        for (LifecycleStage stage : LifecycleStage.values()) {
            aggs.add(count_if(col("stage").equalTo(stage.code())).as("accounts_" + stage.code()));
        }
        return lifecycle.groupBy("snapshot_date", "segment")
                .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new));
    }

    private static Dataset<Row> rowCount(Dataset<Row> rows, String as) {
        return rows.groupBy("snapshot_date", "segment").agg(count(lit(1)).as(as));
    }

    private static Dataset<Row> clv(Dataset<Row> clv) {
        return clv.groupBy("snapshot_date", "segment")
                .agg(sum(col("total_clv")).as("total_residual_clv"), avg(col("total_clv")).as("avg_residual_clv"));
    }

    /** Sum of expected expansion MRR; an all-null column while gold.account_expansion does not exist. */
    private static Dataset<Row> expansion(Dataset<Row> expansion, Dataset<Row> segments) {
        if (expansion == null) {
            return segments.sparkSession().emptyDataFrame()
                    .select(lit(null).cast("date").as("snapshot_date"), lit(null).cast("string").as("segment"),
                            lit(null).cast(Tables.MONEY).as("expected_expansion_mrr"));
        }
        return withAllSegment(bySegment(expansion, segments)).groupBy("snapshot_date", "segment")
                .agg(sum(col("expected_expansion_mrr")).as("expected_expansion_mrr"));
    }

    /**
     * The renewal forecast per segment: forecast_churned_mrr_90d = sum of expected_churned_mrr; forecast_grr_90d = sum
     * of greatest(0, mrr − expected churned − expected contracted MRR) / sum of mrr (null when a probability is null,
     * as in gold.retention_forecast_backtest, which judges the same number). All-null while gold.account_churn_risk
     * does not exist.
     */
    private static Dataset<Row> churnForecast(Dataset<Row> risk, Dataset<Row> segments) {
        if (risk == null) {
            return segments.sparkSession().emptyDataFrame()
                    .select(lit(null).cast("date").as("snapshot_date"), lit(null).cast("string").as("segment"),
                            lit(null).cast(Tables.MONEY).as("forecast_churned_mrr_90d"),
                            lit(null).cast("double").as("forecast_grr_90d"));
        }
        return withAllSegment(bySegment(risk, segments)).groupBy("snapshot_date", "segment")
                .agg(sum(col("expected_churned_mrr")).as("forecast_churned_mrr_90d"),
                        ratio(RetentionBacktest.sumOrNull(RetentionBacktest.forecastRetained()), sum(col("mrr")))
                                .as("forecast_grr_90d"));
    }

    /** Rows of (snapshot_date, account_id) with the account's segment on that date (so every part groups alike). */
    private static Dataset<Row> bySegment(Dataset<Row> rows, Dataset<Row> segments) {
        return rows.drop("segment").join(segments, new String[] {"snapshot_date", "account_id"});
    }

    /** The rows once under their own segment and once under 'all'. */
    static Dataset<Row> withAllSegment(Dataset<Row> rows) {
        return rows.unionByName(rows.withColumn("segment", lit(HealthBacktest.ALL_SEGMENTS)));
    }

    /** numerator / denominator as a double; null when the denominator is 0 or null (no ANSI division error). */
    static Column ratio(Column numerator, Column denominator) {
        return when(denominator.notEqual(0), numerator.cast("double").divide(denominator.cast("double")));
    }
}
