package io.lifecycle.jobs.lifecycle;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

import java.util.List;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.var_samp;
import static org.apache.spark.sql.functions.when;

/**
 * The lifecycle map's two signals per (snapshot_date, segment, stage): the account features that best separate the
 * cohort members who advanced from those who exited, and the touchpoint channel the stage's accounts respond to most.
 */
final class MapSignals {
    /** Features of silver.account_features_daily compared between advancers and exiters. */
    static final List<String> DRIVER_FEATURES = List.of("seat_utilisation", "adoption_breadth", "active_users_30d",
            "stickiness", "usage_trend", "days_since_last_activity", "latest_nps", "tickets_90d",
            "failed_payments_90d", "touches_90d");
    static final int MIN_GROUP = 5;
    static final int TOP_DRIVERS = 3;
    static final int MIN_TOUCHES = 5;
    static final int CHANNEL_WINDOW_DAYS = 90;

    private MapSignals() {
    }

    /**
     * top_drivers per key: Cohen's d = (mean among advancers − mean among exiters) / pooled standard deviation,
     * over cohort members that are accounts, with at least MIN_GROUP of each with a value; the TOP_DRIVERS largest
     * |d|, direction higher_advances (d &gt; 0) or higher_exits.
     *
     * @param members  (snapshot_date, cohort_date, segment, stage, account_id, outcome) of the cohorts
     * @param features silver.account_features_daily rows of the cohort dates
     */
    static Dataset<Row> drivers(Dataset<Row> members, Dataset<Row> features) {
        String stack = DRIVER_FEATURES.stream().map(f -> "'" + f + "', cast(" + f + " as double)")
                .reduce((a, b) -> a + ", " + b).orElseThrow();
        Dataset<Row> values = members.where(col("outcome").isin("advance", "exit").and(col("account_id").isNotNull()))
                .join(features.withColumnRenamed("snapshot_date", "cohort_date").drop("segment"),
                        new String[] {"cohort_date", "account_id"})
                .select(col("snapshot_date"), col("segment"), col("stage"), col("outcome"),
                        expr("stack(" + DRIVER_FEATURES.size() + ", " + stack + ") as (feature, value)"))
                .where(col("value").isNotNull());
        Column adv = col("outcome").equalTo("advance");
        Dataset<Row> stats = values.groupBy("snapshot_date", "segment", "stage", "feature").agg(
                sum(when(adv, 1).otherwise(0)).as("n_a"), sum(when(adv, 0).otherwise(1)).as("n_e"),
                avg(when(adv, col("value"))).as("m_a"), avg(when(not(adv), col("value"))).as("m_e"),
                var_samp(when(adv, col("value"))).as("v_a"), var_samp(when(not(adv), col("value"))).as("v_e"));
        Column pooled = sqrt(col("v_a").multiply(col("n_a").minus(1)).plus(col("v_e").multiply(col("n_e").minus(1)))
                .divide(col("n_a").plus(col("n_e")).minus(2)));
        return stats.where(col("n_a").geq(MIN_GROUP).and(col("n_e").geq(MIN_GROUP)))
                // a feature with no spread in either group separates nothing: no effect size rather than 0/0
                .withColumn("d", when(pooled.gt(0), col("m_a").minus(col("m_e")).divide(pooled)))
                .where(col("d").isNotNull().and(expr("NOT isnan(d)")))
                .withColumn("rank", row_number().over(Window.partitionBy("snapshot_date", "segment", "stage")
                        .orderBy(abs(col("d")).desc(), col("feature"))))
                .where(col("rank").leq(TOP_DRIVERS))
                .groupBy("snapshot_date", "segment", "stage")
                .agg(expr("transform(array_sort(collect_list(struct(rank, feature, d))), x -> named_struct("
                        + "'feature', x.feature, 'effect_size', x.d, 'direction', "
                        + "IF(x.d > 0, 'higher_advances', 'higher_exits')))").as("top_drivers"));
    }

    /**
     * best_channel per key: among touches in the 90 days ending on snapshot_date to the accounts in the stage on
     * snapshot_date, the channel with the highest response rate (at least MIN_TOUCHES; ties: more touches, name).
     */
    static Dataset<Row> channels(Dataset<Row> today, Dataset<Row> touchpoints) {
        Column day = to_date(col("touched_at"));
        return today.where(col("account_id").isNotNull()).select("snapshot_date", "segment", "stage", "account_id")
                .join(touchpoints, "account_id")
                .where(day.leq(col("snapshot_date")).and(day.gt(date_sub(col("snapshot_date"), CHANNEL_WINDOW_DAYS))))
                .groupBy("snapshot_date", "segment", "stage", "channel")
                .agg(count(lit(1)).as("touches"), sum(when(col("responded"), 1).otherwise(0)).as("responses"))
                .where(col("touches").geq(MIN_TOUCHES))
                .withColumn("rate", col("responses").cast("double").divide(col("touches")))
                .withColumn("rank", row_number().over(Window.partitionBy("snapshot_date", "segment", "stage")
                        .orderBy(col("rate").desc(), col("touches").desc(), col("channel"))))
                .where(col("rank").equalTo(1))
                .select(col("snapshot_date"), col("segment"), col("stage"), col("channel").as("best_channel"),
                        col("rate").as("best_channel_response_rate"));
    }
}
