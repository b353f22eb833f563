package io.lifecycle.jobs.lifecycle;

import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.catalog.Tables;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

/**
 * gold.dormant_accounts (pure transform): the accounts in stage dormant on each date, with their last activity,
 * the MRR at stake, and their segment's best-responding touchpoint channel over the 90 days ending on the date.
 */
public final class DormantAccounts {
    static final int CHANNEL_WINDOW_DAYS = 90;
    static final int MIN_TOUCHES = 5;

    private DormantAccounts() {
    }

    /**
     * @param daily       gold.account_lifecycle_daily rows of the dates
     * @param features    silver.account_features_daily (snapshot_date, account_id, last_active_date,
     *                    days_since_last_activity) of the dates
     * @param touchpoints staging.touchpoints of the 90 days before the dates
     * @param accounts    staging.accounts (account_id, segment)
     */
    public static Dataset<Row> of(Dataset<Row> daily, Dataset<Row> features, Dataset<Row> touchpoints,
                                  Dataset<Row> accounts) {
        Dataset<Row> dormant = daily.where(col("stage").equalTo(LifecycleStage.DORMANT.code()))
                .select(col("snapshot_date"), col("account_id"), col("segment"), col("entered_on").as("dormant_since"),
                        col("mrr").as("mrr_at_stake"))
                .join(features.select(col("snapshot_date"), col("account_id"), col("last_active_date"),
                        col("days_since_last_activity").as("days_inactive")),
                        new String[] {"snapshot_date", "account_id"}, "left");
        Dataset<Row> dates = daily.select("snapshot_date").distinct();
        Column day = to_date(col("touched_at"));
        Dataset<Row> channels = touchpoints.join(broadcast(accounts.select("account_id", "segment")), "account_id")
                .join(broadcast(dates), day.leq(col("snapshot_date"))
                        .and(day.gt(date_sub(col("snapshot_date"), CHANNEL_WINDOW_DAYS))))
                .groupBy("snapshot_date", "segment", "channel")
                .agg(count(lit(1)).as("touches"), sum(when(col("responded"), 1).otherwise(0)).as("responses"))
                .where(col("touches").geq(MIN_TOUCHES))
                .withColumn("rate", col("responses").cast("double").divide(col("touches")))
                .withColumn("rank", row_number().over(Window.partitionBy("snapshot_date", "segment")
                        .orderBy(col("rate").desc(), col("touches").desc(), col("channel"))))
                .where(col("rank").equalTo(1))
                .select(col("snapshot_date"), col("segment"), col("channel").as("best_channel"),
                        col("rate").as("best_channel_response_rate"));
        return Lakehouse.conform(Tables.DORMANT_ACCOUNTS,
                dormant.join(channels, new String[] {"snapshot_date", "segment"}, "left"));
    }
}
