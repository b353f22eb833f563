package io.lifecycle.jobs.features;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * Usage features per snapshot date and account from the silver rollups (pure transform). Windowed sums read the
 * 60 days ending on each snapshot date; the last activity also uses what was known at an earlier snapshot, so a
 * night does not rescan usage history.
 */
public final class UsageFeatures {
    /** Days of usage the windowed features need before a snapshot date (30 days and the 30 before). */
    static final int WINDOW_DAYS = 60;

    private UsageFeatures() {
    }

    /**
     * (snapshot_date, account_id, events_30d, events_prev_30d, daily_active_users_sum_30d) from account_daily_usage
     * rows covering the 60 days before each date.
     */
    static Dataset<Row> activity(Dataset<Row> daily, Dataset<Row> window60) {
        Column recent = col("days_back").lt(30);
        return daily.join(broadcast(window60), "usage_date")
                .groupBy("snapshot_date", "account_id")
                .agg(sum(when(recent, col("events"))).as("events_30d"),
                        sum(when(not(recent), col("events"))).as("events_prev_30d"),
                        sum(when(recent, col("active_users"))).as("daily_active_users_sum_30d"));
    }

    /**
     * (snapshot_date, account_id, active_users_7d, active_users_30d) from account_user_daily. A user counts for a
     * snapshot date through its latest active day on or before it (the one whose next active day is after the
     * snapshot date), so every (date, user) pair appears once and a plain count replaces a distinct count. The days
     * are first narrowed to those inside some window; any active day between a window day and its snapshot date is
     * inside the same window, so the next active day found among them is the true one when it matters.
     */
    static Dataset<Row> activeUsers(Dataset<Row> userDaily, Dataset<Row> window30) {
        Dataset<Row> windowDays = window30.select("usage_date").distinct();
        var byUser = Window.partitionBy("account_id", "user_id").orderBy("usage_date");
        return userDaily.join(broadcast(windowDays), "usage_date")
                .withColumn("next_active", lead(col("usage_date"), 1).over(byUser))
                .join(broadcast(window30), "usage_date")
                .where(col("next_active").isNull().or(col("next_active").gt(col("snapshot_date"))))
                .groupBy("snapshot_date", "account_id")
                .agg(count(when(col("days_back").lt(7), lit(1))).as("active_users_7d"),
                        count(lit(1)).as("active_users_30d"));
    }

    /**
     * (snapshot_date, account_id, key_features_used_30d) from account_feature_usage_daily and the accounts'
     * plan tiers on each date (snapshot_date, account_id, plan_tier).
     */
    static Dataset<Row> keyFeaturesUsed(Dataset<Row> featureDaily, Dataset<Row> plans, Dataset<Row> window30,
                                        FeaturesConfig config) {
        return featureDaily.join(broadcast(window30), "usage_date")
                .join(plans, new String[] {"snapshot_date", "account_id"})
                .where(isKeyFeature(config))
                .groupBy("snapshot_date", "account_id")
                .agg(count_distinct(col("feature")).cast("int").as("key_features_used_30d"));
    }

    /** Whether the row's feature is a key feature of the row's plan_tier. */
    public static Column isKeyFeature(FeaturesConfig config) {
        Column defaults = col("feature").isin(config.keyFeaturesOf(FeaturesConfig.DEFAULT_PLAN).toArray());
        Column result = null;
        for (Map.Entry<String, List<String>> e : config.keyFeatures().entrySet()) {
            if (e.getKey().equals(FeaturesConfig.DEFAULT_PLAN)) {
                continue;
            }
            Column planMatch = col("feature").isin(e.getValue().toArray());
            result = result == null ? when(col("plan_tier").equalTo(e.getKey()), planMatch)
                    : result.when(col("plan_tier").equalTo(e.getKey()), planMatch);
        }
        return result == null ? defaults : result.otherwise(defaults);
    }

    /** Number of key features of the row's plan_tier. */
    static Column keyFeatureCount(FeaturesConfig config) {
        Column result = null;
        for (Map.Entry<String, List<String>> e : config.keyFeatures().entrySet()) {
            if (e.getKey().equals(FeaturesConfig.DEFAULT_PLAN)) {
                continue;
            }
            result = result == null ? when(col("plan_tier").equalTo(e.getKey()), lit(e.getValue().size()))
                    : result.when(col("plan_tier").equalTo(e.getKey()), lit(e.getValue().size()));
        }
        Column defaults = lit(config.keyFeaturesOf(FeaturesConfig.DEFAULT_PLAN).size());
        return result == null ? defaults : result.otherwise(defaults);
    }

    /**
     * (snapshot_date, account_id, last_active_date) for every row of {@code keys} (snapshot_date, account_id): the
     * newest day with events on or before the snapshot date among {@code daily}, or else the account's
     * last_active_date known at an earlier snapshot ({@code prior}: account_id, prior_last_active_date; may be
     * null). Evaluated as a running maximum over each account's days, so many snapshot dates cost one sort.
     */
    static Dataset<Row> lastActive(Dataset<Row> daily, Dataset<Row> keys, Dataset<Row> prior) {
        Dataset<Row> activeDays = daily.where(col("events").gt(0))
                .select(col("account_id"), col("usage_date").as("day"), lit(0).as("marker"));
        Dataset<Row> markers = keys.select(col("account_id"), col("snapshot_date").as("day"), lit(1).as("marker"));
        // activity on the snapshot day itself counts: at equal days activity (0) sorts before the marker (1)
        var upToHere = Window.partitionBy("account_id").orderBy(col("day"), col("marker"))
                .rowsBetween(Window.unboundedPreceding(), Window.currentRow());
        Dataset<Row> known = activeDays.unionByName(markers)
                .withColumn("last_in_range", max(when(col("marker").equalTo(0), col("day"))).over(upToHere))
                .where(col("marker").equalTo(1))
                .select(col("day").as("snapshot_date"), col("account_id"), col("last_in_range"));
        if (prior == null) {
            return known.withColumnRenamed("last_in_range", "last_active_date");
        }
        return known.join(prior, new String[] {"account_id"}, "left")
                .select(col("snapshot_date"), col("account_id"),
                        // greatest skips nulls
                        greatest(col("last_in_range"), col("prior_last_active_date")).as("last_active_date"));
    }
}
