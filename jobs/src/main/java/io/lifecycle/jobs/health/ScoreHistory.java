package io.lifecycle.jobs.health;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

/**
 * Point-in-time score changes: the score the same account had on exactly D-7, D-30 and D-90, taken from the rows
 * of this pass (a backfill scores many dates at once) or else from earlier rows of gold.account_health_daily.
 */
final class ScoreHistory {
    static final int[] LOOKBACK_DAYS = {7, 30, 90};

    private ScoreHistory() {
    }

    /**
     * @param rows      this pass's rows with snapshot_date, account_id and the final score
     * @param earlier   earlier rows (snapshot_date, account_id, score); rows of dates this pass computes are ignored
     * @param tolerance trend is flat while |change_30d| &lt;= tolerance
     */
    static Dataset<Row> add(Dataset<Row> rows, Dataset<Row> earlier, double tolerance) {
        Dataset<Row> batch = rows.select("snapshot_date", "account_id", "score");
        Dataset<Row> known = earlier.select("snapshot_date", "account_id", "score")
                .join(batch.select("snapshot_date").distinct(),
                        scala.jdk.javaapi.CollectionConverters.asScala(java.util.List.of("snapshot_date")).toSeq(),
                        "left_anti")
                .unionByName(batch);
        for (int days : LOOKBACK_DAYS) {
            String ago = "score_" + days + "d_ago";
            Dataset<Row> prior = known.select(col("account_id").as("_prior_account_id"),
                    date_add(col("snapshot_date"), days).as("_prior_for_date"), col("score").cast("double").as(ago));
            rows = rows.join(prior, col("account_id").equalTo(col("_prior_account_id"))
                            .and(col("snapshot_date").equalTo(col("_prior_for_date"))), "left")
                    .drop("_prior_account_id", "_prior_for_date")
                    .withColumn("change_" + days + "d", col("score").minus(col(ago)));
        }
        Column change = col("change_30d");
        return rows.withColumn("trend", when(change.isNull(), lit(null).cast("string"))
                .when(change.gt(lit(tolerance)), lit("up"))
                .when(change.lt(lit(-tolerance)), lit("down"))
                .otherwise(lit("flat")));
    }
}
