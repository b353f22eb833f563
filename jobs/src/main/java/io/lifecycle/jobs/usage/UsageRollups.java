package io.lifecycle.jobs.usage;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

/**
 * Daily usage rollups from staged usage events (pure transforms, no IO). Days are UTC event dates. Output is
 * grouped by day so each day's partition is written as one file.
 */
public final class UsageRollups {
    private UsageRollups() {
    }

    /** account x day: distinct active users, events, summed quantity, distinct features. */
    public static Dataset<Row> accountDaily(Dataset<Row> events) {
        return events.groupBy(col("account_id"), col("event_date").as("usage_date"))
                .agg(count_distinct(col("user_id")).as("active_users"),
                        count(lit(1)).as("events"),
                        sum(col("quantity")).as("quantity"),
                        count_distinct(col("feature")).as("distinct_features"))
                .repartition(col("usage_date"));
    }

    /** account x user x day: events of each identified user (events without a user are left out). */
    public static Dataset<Row> accountUserDaily(Dataset<Row> events) {
        return events.where(col("user_id").isNotNull())
                .groupBy(col("account_id"), col("user_id"), col("event_date").as("usage_date"))
                .agg(count(lit(1)).as("events"))
                .repartition(col("usage_date"));
    }

    /** account x feature x day: distinct users and events. */
    public static Dataset<Row> accountFeatureDaily(Dataset<Row> events) {
        return events.groupBy(col("account_id"), col("feature"), col("event_date").as("usage_date"))
                .agg(count_distinct(col("user_id")).as("users"), count(lit(1)).as("events"))
                .repartition(col("usage_date"));
    }
}
