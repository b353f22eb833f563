package io.lifecycle.jobs.lifecycle;

import io.lifecycle.jobs.shared.LifecycleStage;
import io.lifecycle.common.catalog.GoldTables;
import io.lifecycle.common.catalog.Lakehouse;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

/**
 * gold.dormant_accounts (pure transform): the accounts in stage dormant on each date, with their last activity,
 * the MRR at stake, their segment's best-responding touchpoint channel over the 90 days ending on the date, and how
 * the segment's recent reactivations turned out 90 days later.
 */
public final class DormantAccounts {
    static final int CHANNEL_WINDOW_DAYS = 90;
    static final int MIN_TOUCHES = 5;
    /** A reactivation is judged by the account's stage this many days after it. */
    static final int OUTCOME_DAYS = 90;
    /** Reactivations judged on a date: those of the 365 days whose outcome day has passed. */
    static final int REACTIVATION_WINDOW_DAYS = 365;
    /** How far before the first date the transitions must reach. */
    static final int TRANSITIONS_LOOK_BACK_DAYS = OUTCOME_DAYS + REACTIVATION_WINDOW_DAYS - 1;

    private DormantAccounts() {
    }

    /**
     * @param daily       gold.account_lifecycle_daily rows of the dates
     * @param features    silver.account_features_daily (snapshot_date, account_id, segment, last_active_date,
     *                    days_since_last_activity) of the dates
     * @param touchpoints staging.touchpoints of the 90 days before the dates
     * @param transitions gold.lifecycle_transitions from TRANSITIONS_LOOK_BACK_DAYS before the first date to the
     *                    last date
     */
    public static Dataset<Row> of(Dataset<Row> daily, Dataset<Row> features, Dataset<Row> touchpoints,
                                  Dataset<Row> transitions) {
        Dataset<Row> dormant = daily.where(col("stage").equalTo(LifecycleStage.DORMANT.code()))
                .select(col("snapshot_date"), col("account_id"), col("segment"), col("entered_on").as("dormant_since"),
                        col("mrr").as("mrr_at_stake"))
                .join(features.select(col("snapshot_date"), col("account_id"), col("last_active_date"),
                        col("days_since_last_activity").as("days_inactive")),
                        new String[] {"snapshot_date", "account_id"}, "left");
        Dataset<Row> dates = daily.select("snapshot_date").distinct();
        Column day = to_date(col("touched_at"));
        // each touch counts in the account's segment on the snapshot date
        Dataset<Row> channels = touchpoints.join(broadcast(dates), day.leq(col("snapshot_date"))
                        .and(day.gt(date_sub(col("snapshot_date"), CHANNEL_WINDOW_DAYS))))
                .join(features.select("snapshot_date", "account_id", "segment"),
                        new String[] {"snapshot_date", "account_id"})
                .groupBy("snapshot_date", "segment", "channel")
                .agg(count(lit(1)).as("touches"), sum(when(col("responded"), 1).otherwise(0)).as("responses"))
                .where(col("touches").geq(MIN_TOUCHES))
                .withColumn("rate", col("responses").cast("double").divide(col("touches")))
                .withColumn("rank", row_number().over(Window.partitionBy("snapshot_date", "segment")
                        .orderBy(col("rate").desc(), col("touches").desc(), col("channel"))))
                .where(col("rank").equalTo(1))
                .select(col("snapshot_date"), col("segment"), col("channel").as("best_channel"),
                        col("rate").as("best_channel_response_rate"));
        String[] key = {"snapshot_date", "segment"};
        Dataset<Row> withOutcomes = dormant.join(channels, key, "left")
                .join(reactivationOutcomes(dates, transitions), key, "left")
                .withColumn("segment_reactivations", coalesce(col("segment_reactivations"), lit(0L)))
                .withColumn("segment_reactivations_active_90d",
                        coalesce(col("segment_reactivations_active_90d"), lit(0L)));
        return Lakehouse.conform(GoldTables.DORMANT_ACCOUNTS, withOutcomes);
    }

    /**
     * Per date and segment: the reactivations dated from D - 454 to D - 90 (their 90 days have passed by D), how
     * many of those accounts were active 90 days after reactivating, i.e. the to_stage of their last transition in
     * (reactivated_on, reactivated_on + 90] is neither dormant nor churned (no transition: still in the stage they
     * came back to), and that share. Only transitions dated on or before D are used.
     */
    static Dataset<Row> reactivationOutcomes(Dataset<Row> dates, Dataset<Row> transitions) {
        Dataset<Row> reactivated = transitions.where(col("trigger").equalTo(Trigger.REACTIVATED.code())
                        .and(col("account_id").isNotNull()))
                .select(col("account_id"), col("segment"), col("transition_date").as("reactivated_on"))
                .join(broadcast(dates), col("reactivated_on").leq(date_sub(col("snapshot_date"), OUTCOME_DAYS))
                        .and(col("reactivated_on").gt(date_sub(col("snapshot_date"),
                                OUTCOME_DAYS + REACTIVATION_WINDOW_DAYS))));
        Dataset<Row> moves = transitions.select(col("account_id").as("moved_account"), col("transition_date"),
                col("to_stage"));
        Column inOutcomeWindow = col("account_id").equalTo(col("moved_account"))
                .and(col("transition_date").gt(col("reactivated_on")))
                .and(col("transition_date").leq(date_add(col("reactivated_on"), OUTCOME_DAYS)));
        Column lapsed = col("stage_90d").isin(LifecycleStage.DORMANT.code(), LifecycleStage.CHURNED.code());
        return reactivated.join(moves, inOutcomeWindow, "left")
                .groupBy("snapshot_date", "segment", "account_id", "reactivated_on")
                .agg(max_by(col("to_stage"), col("transition_date")).as("stage_90d"))
                .groupBy("snapshot_date", "segment")
                .agg(count(lit(1)).as("segment_reactivations"),
                        sum(when(lapsed, 0).otherwise(1)).cast("long").as("segment_reactivations_active_90d"))
                .withColumn("segment_reactivation_retention_90d", when(col("segment_reactivations").gt(0),
                        col("segment_reactivations_active_90d").cast("double").divide(col("segment_reactivations"))));
    }
}
