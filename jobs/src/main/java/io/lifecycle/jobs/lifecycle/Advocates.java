package io.lifecycle.jobs.lifecycle;

import io.lifecycle.common.catalog.GoldTables;
import io.lifecycle.common.catalog.Lakehouse;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.datediff;

/** gold.advocates (pure transform): the accounts with is_advocate on a date, in any stage, with the evidence. */
public final class Advocates {
    private Advocates() {
    }

    /**
     * @param daily    gold.account_lifecycle_daily rows of the dates
     * @param features silver.account_features_daily (snapshot_date, account_id, first_paid_date, tenure_days,
     *                 latest_nps) of the dates
     */
    public static Dataset<Row> of(Dataset<Row> daily, Dataset<Row> features) {
        Dataset<Row> advocates = daily.where(col("is_advocate"))
                .select(col("snapshot_date"), col("account_id"), col("segment"), col("green_since"),
                        datediff(col("snapshot_date"), col("green_since")).as("days_green"), col("renewals"),
                        col("mrr"))
                .join(features.select("snapshot_date", "account_id", "first_paid_date", "tenure_days", "latest_nps"),
                        new String[] {"snapshot_date", "account_id"}, "left");
        return Lakehouse.conform(GoldTables.ADVOCATES, advocates);
    }
}
