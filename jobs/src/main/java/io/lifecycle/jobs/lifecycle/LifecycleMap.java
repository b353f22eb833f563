package io.lifecycle.jobs.lifecycle;

import io.lifecycle.common.catalog.GoldTables;
import io.lifecycle.common.catalog.Lakehouse;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.List;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * gold.lifecycle_map (pure transform): per snapshot date, segment and stage, the stage's population and time in
 * stage today, and the point-in-time forward rates of the cohort in the stage on an earlier snapshot: the first
 * transition each member made by snapshot_date classed as advance, exit or other (none: stayed); with the
 * features that separate advancers from exiters and the best-responding channel ({@link MapSignals}).
 */
public final class LifecycleMap {
    /** Triggers that move an entity forward along the cycle (awareness → … → renewal → back round). */
    static final List<String> ADVANCING = List.of("trial_started", "first_payment", "activated",
            "renewal_window_opened", "advocate_qualified", "renewed", "expanded", "reactivated");
    static final List<String> EXITS = List.of("churned", "lost");

    private LifecycleMap() {
    }

    /**
     * @param today       gold.account_lifecycle_daily rows of the snapshot dates
     * @param cohortDates (snapshot_date, cohort_date): the earlier snapshot each date's rates start from
     * @param cohorts     gold.account_lifecycle_daily rows of the cohort dates
     * @param transitions gold.lifecycle_transitions covering (cohort_date, snapshot_date] of every date
     * @param features    silver.account_features_daily rows of the cohort dates (for the drivers)
     * @param touchpoints staging.touchpoints of the 90 days up to the dates (for the best channel)
     */
    public static Dataset<Row> of(Dataset<Row> today, Dataset<Row> cohortDates, Dataset<Row> cohorts,
                                  Dataset<Row> transitions, Dataset<Row> features, Dataset<Row> touchpoints) {
        Dataset<Row> current = today.groupBy("snapshot_date", "segment", "stage").agg(
                count(lit(1)).as("accounts_in_stage"),
                expr("percentile(days_in_stage, 0.5)").as("median_days_in_stage"),
                expr("percentile(days_in_stage, 0.9)").as("p90_days_in_stage"));
        Dataset<Row> members = cohorts.select(col("snapshot_date").as("cohort_date"), col("segment"), col("stage"),
                        col("account_id"), entity().as("entity"))
                .join(broadcast(cohortDates), "cohort_date");
        Dataset<Row> moves = transitions.select(entity().as("entity"), col("transition_date"), col("trigger"),
                col("to_stage"));
        Dataset<Row> firstMoves = members.join(moves, members.col("entity").equalTo(moves.col("entity"))
                        .and(col("transition_date").gt(col("cohort_date")))
                        .and(col("transition_date").leq(col("snapshot_date"))), "left")
                .groupBy(col("snapshot_date"), col("cohort_date"), col("segment"), col("stage"), col("account_id"),
                        members.col("entity"))
                .agg(min_by(struct(col("trigger"), col("to_stage")), col("transition_date")).as("first"));
        Column outcome = when(col("first").isNull().or(col("first.trigger").isNull()), lit("stay"))
                .when(col("first.to_stage").isin(EXITS.toArray()), lit("exit"))
                .when(col("first.trigger").isin(ADVANCING.toArray()), lit("advance"))
                .otherwise(lit("other"));
        Column n = count(lit(1));
        Dataset<Row> outcomes = firstMoves.withColumn("outcome", outcome);
        Dataset<Row> rates = outcomes
                .groupBy("snapshot_date", "cohort_date", "segment", "stage").agg(n.as("cohort_accounts"),
                        share("advance").divide(n).as("advance_rate_90d"), share("stay").divide(n).as("stay_rate_90d"),
                        share("exit").divide(n).as("exit_rate_90d"));
        String[] key = {"snapshot_date", "segment", "stage"};
        Dataset<Row> map = current.join(rates, key, "full")
                .join(MapSignals.drivers(outcomes, features), key, "left")
                .join(MapSignals.channels(today, touchpoints), key, "left")
                .join(broadcast(cohortDates.withColumnRenamed("cohort_date", "dated_cohort")), "snapshot_date")
                .withColumn("cohort_date", coalesce(col("cohort_date"), col("dated_cohort")))
                .withColumn("accounts_in_stage", coalesce(col("accounts_in_stage"), lit(0L)))
                .withColumn("cohort_accounts", coalesce(col("cohort_accounts"), lit(0L)));
        return Lakehouse.conform(GoldTables.LIFECYCLE_MAP, map);
    }

    private static Column share(String outcome) {
        return sum(when(col("outcome").equalTo(outcome), 1).otherwise(0)).cast("double");
    }

    private static Column entity() {
        return coalesce(concat(lit("lead:"), col("lead_id")), concat(lit("account:"), col("account_id")));
    }
}
