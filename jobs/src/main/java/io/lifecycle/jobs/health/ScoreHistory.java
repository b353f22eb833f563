package io.lifecycle.jobs.health;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

/**
 * Point-in-time score changes: the score the same account had on exactly D-7, D-30 and D-90, taken from the rows
 * of this pass (a backfill scores many dates at once) or else from earlier rows of gold.account_health_daily.
 * One window over the union of both (partitioned by account, ordered by day number, a frame of exactly N days
 * back), so the pass's rows are computed once.
 */
final class ScoreHistory {
    static final int[] LOOKBACK_DAYS = {7, 30, 90};
    private static final String EARLIER = "_earlier";

    private ScoreHistory() {
    }

    /**
     * @param rows       this pass's rows with snapshot_date, account_id and the final score
     * @param batchDates the snapshot dates this pass computes (one column snapshot_date); earlier rows of these
     *                   dates are ignored, since the pass replaces them
     * @param earlier    earlier rows (snapshot_date, account_id, score)
     * @param tolerance  trend is flat while |change_30d| &lt;= tolerance
     */
    static Dataset<Row> add(Dataset<Row> rows, Dataset<Row> batchDates, Dataset<Row> earlier, double tolerance) {
        Dataset<Row> known = earlier.select(col("snapshot_date"), col("account_id"), col("score").cast("double"))
                .join(batchDates.distinct(), scala.jdk.javaapi.CollectionConverters.asScala(
                        List.of("snapshot_date")).toSeq(), "left_anti")
                .withColumn(EARLIER, lit(true));
        Dataset<Row> all = rows.withColumn(EARLIER, lit(false)).unionByName(known, true);
        Column day = datediff(col("snapshot_date"), to_date(lit("1970-01-01")));
        WindowSpec byAccount = Window.partitionBy(col("account_id")).orderBy(day);
        for (int days : LOOKBACK_DAYS) {
            String ago = "score_" + days + "d_ago";
            all = all.withColumn(ago, max(col("score")).over(byAccount.rangeBetween(-days, -days)))
                    .withColumn("change_" + days + "d", col("score").minus(col(ago)));
        }
        Column change = col("change_30d");
        return all.where(col(EARLIER).equalTo(lit(false))).drop(EARLIER)
                .withColumn("trend", when(change.isNull(), lit(null).cast("string"))
                        .when(change.gt(lit(tolerance)), lit("up"))
                        .when(change.lt(lit(-tolerance)), lit("down"))
                        .otherwise(lit("flat")));
    }
}
