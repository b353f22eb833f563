package io.lifecycle.jobs.lifecycle;

import io.lifecycle.common.catalog.GoldTables;
import io.lifecycle.common.catalog.Lakehouse;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

/**
 * gold.channel_effectiveness (pure transform): per snapshot date, segment, stage and channel, how often touches
 * were answered and how the activity of the accounts that answered changed, against accounts of the same segment
 * and stage that were not touched at all.
 * <p>
 * Activity is counted in active days (days with at least one product event in silver.account_daily_usage) around an
 * anchor day a: before = active days in [a - 30, a - 1], after = active days in [a + 1, a + 30], change = after -
 * before (the anchor day itself is left out, since answering a touch may itself be an event). A touch on day t
 * counts for snapshot D when its 30 days after have passed by D: D - 119 &lt;= t &lt;= D - 30 (90 touch days), so
 * nothing after D is read. Its segment and stage are the account's on the newest lifecycle snapshot on or before t
 * (at most 31 days older, so month-end history snapshots qualify; a touch without one is left out). The comparison
 * group is anchored on the newest lifecycle snapshot r on or before D - 30 (at most 31 days older): accounts in the
 * segment and stage on r with no touch in [r - 30, r + 30].
 */
public final class ChannelEffectiveness {
    static final int ACTIVITY_DAYS = 30;
    static final int TOUCH_WINDOW_DAYS = 90;
    /** Oldest stage snapshot that still stands for a day: month-end history snapshots are at most 31 days apart. */
    static final int MAX_STAGE_AGE_DAYS = 31;
    /** How far before the first date the inputs must reach: the oldest touch's stage snapshot and usage before. */
    static final int LOOK_BACK_DAYS = ACTIVITY_DAYS + TOUCH_WINDOW_DAYS - 1 + Math.max(MAX_STAGE_AGE_DAYS, ACTIVITY_DAYS);

    private ChannelEffectiveness() {
    }

    /**
     * @param dates       (snapshot_date) to compute
     * @param stages      gold.account_lifecycle_daily (snapshot_date, account_id, segment, stage) of the snapshots
     *                    from LOOK_BACK_DAYS before the first date to the last date
     * @param touchpoints staging.touchpoints (account_id, channel, touched_at, responded) of the same days
     * @param usage       silver.account_daily_usage (account_id, usage_date, events) of the same days
     */
    public static Dataset<Row> of(Dataset<Row> dates, Dataset<Row> stages, Dataset<Row> touchpoints,
                                  Dataset<Row> usage) {
        Dataset<Row> accountStages = stages.where(col("account_id").isNotNull())
                .select(col("snapshot_date").as("stage_date"), col("account_id"), col("segment"), col("stage"));
        Dataset<Row> touches = touchpoints.select(col("touch_id"), col("account_id"), col("channel"),
                col("responded"), to_date(col("touched_at")).as("anchor"));
        Dataset<Row> active = usage.where(col("events").gt(0))
                .select(col("account_id").as("active_account"), col("usage_date"));
        String[] key = {"snapshot_date", "segment", "stage"};

        Column t = col("anchor");
        Dataset<Row> inWindow = touches.join(broadcast(dates), t.geq(date_sub(col("snapshot_date"),
                ACTIVITY_DAYS + TOUCH_WINDOW_DAYS - 1)).and(t.leq(date_sub(col("snapshot_date"), ACTIVITY_DAYS))));
        Dataset<Row> staged = inWindow.join(accountStages, "account_id")
                .where(col("stage_date").leq(t).and(col("stage_date").geq(date_sub(t, MAX_STAGE_AGE_DAYS))))
                .groupBy("snapshot_date", "touch_id", "account_id", "channel", "responded", "anchor")
                .agg(max_by(struct(col("segment"), col("stage")), col("stage_date")).as("at"))
                .select(col("snapshot_date"), col("touch_id"), col("account_id"), col("channel"), col("responded"),
                        col("anchor"), col("at.segment").as("segment"), col("at.stage").as("stage"));
        Dataset<Row> controlDays = accountStages.select("stage_date").distinct()
                .join(broadcast(dates), col("stage_date").leq(date_sub(col("snapshot_date"), ACTIVITY_DAYS))
                        .and(col("stage_date").geq(date_sub(col("snapshot_date"), ACTIVITY_DAYS + MAX_STAGE_AGE_DAYS))))
                .groupBy("snapshot_date").agg(max("stage_date").as("stage_date"));
        Dataset<Row> candidates = accountStages.join(broadcast(controlDays), "stage_date")
                .select(col("snapshot_date"), col("account_id"), col("segment"), col("stage"),
                        col("stage_date").as("anchor"));
        Dataset<Row> touchDays = touches.select(col("account_id").as("touched_account"), col("anchor").as("touch_day"));
        Dataset<Row> untouched = candidates.join(touchDays, col("account_id").equalTo(col("touched_account"))
                .and(col("touch_day").geq(date_sub(t, ACTIVITY_DAYS)))
                .and(col("touch_day").leq(date_add(t, ACTIVITY_DAYS))), "left_anti");

        // One pass over the usage for every distinct (account, anchor day) of both groups, joined back by key.
        Dataset<Row> change = activityChange(staged.select("account_id", "anchor")
                .union(untouched.select("account_id", "anchor")).distinct(), active);
        String[] pair = {"account_id", "anchor"};
        Dataset<Row> byChannel = staged.join(change, pair)
                .groupBy("snapshot_date", "segment", "stage", "channel").agg(
                        count(lit(1)).as("touches"),
                        sum(when(col("responded"), 1).otherwise(0)).cast("long").as("responded_touches"),
                        avg(when(col("responded"), col("activity_change"))).as("responded_activity_change"));

        Dataset<Row> control = untouched.join(change, pair).groupBy("snapshot_date", "segment", "stage")
                .agg(count(lit(1)).as("untouched_accounts"), avg("activity_change").as("untouched_activity_change"));

        Dataset<Row> result = byChannel.join(control, key, "left")
                .withColumn("untouched_accounts", coalesce(col("untouched_accounts"), lit(0L)))
                // touches is at least 1 in every group; the guard keeps ANSI mode from ever dividing by zero
                .withColumn("response_rate", when(col("touches").gt(0),
                        col("responded_touches").cast("double").divide(col("touches"))))
                .withColumn("activity_uplift",
                        col("responded_activity_change").minus(col("untouched_activity_change")));
        return Lakehouse.conform(GoldTables.CHANNEL_EFFECTIVENESS, result);
    }

    /**
     * activity_change = after - before, in active days, per (account_id, anchor) pair: a usage day after the anchor
     * counts +1, one before it -1, the anchor day itself 0.
     */
    private static Dataset<Row> activityChange(Dataset<Row> pairs, Dataset<Row> active) {
        Column anchor = col("anchor");
        Column day = col("usage_date");
        return pairs.join(active, col("account_id").equalTo(col("active_account"))
                        .and(day.geq(date_sub(anchor, ACTIVITY_DAYS))).and(day.leq(date_add(anchor, ACTIVITY_DAYS))),
                        "left")
                .groupBy("account_id", "anchor")
                .agg(sum(when(day.gt(anchor), 1).when(day.lt(anchor), -1).otherwise(0)).as("activity_change"));
    }
}
