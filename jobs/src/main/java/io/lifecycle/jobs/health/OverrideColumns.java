package io.lifecycle.jobs.health;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.sql.Date;
import java.util.ArrayList;
import java.util.List;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

/**
 * Applies the manual overrides in force on each row's snapshot date (startsOn &lt;= date &lt;= expiresOn; the later
 * line of the file wins). An override's band replaces the band; its score replaces the score and, without a band,
 * sets the band from that score with the scorecard's cut-offs.
 */
final class OverrideColumns {
    private static final StructType SCHEMA = new StructType()
            .add("_ov_account_id", DataTypes.StringType).add("_ov_band", DataTypes.StringType)
            .add("_ov_score", DataTypes.DoubleType).add("_ov_reason", DataTypes.StringType)
            .add("_ov_owner", DataTypes.StringType).add("_ov_starts_on", DataTypes.DateType)
            .add("_ov_expires_on", DataTypes.DateType).add("_ov_line", DataTypes.IntegerType);

    private OverrideColumns() {
    }

    /**
     * @param rows scored rows with score, band (after guard-rails) and the scorecard's cut-offs in _red_below and
     *             _green_at_least
     */
    static Dataset<Row> apply(Dataset<Row> rows, List<HealthOverride> overrides) {
        List<Row> data = new ArrayList<>();
        for (HealthOverride o : overrides) {
            data.add(RowFactory.create(o.accountId(), o.band() == null ? null : o.band().label(), o.score(),
                    o.reason(), o.owner(), o.startsOn() == null ? null : Date.valueOf(o.startsOn()),
                    Date.valueOf(o.expiresOn()), o.line()));
        }
        Dataset<Row> table = rows.sparkSession().createDataFrame(data, SCHEMA);
        Column inForce = col("account_id").equalTo(col("_ov_account_id"))
                .and(col("snapshot_date").leq(col("_ov_expires_on")))
                .and(col("_ov_starts_on").isNull().or(col("snapshot_date").geq(col("_ov_starts_on"))));
        Dataset<Row> chosen = rows.select("snapshot_date", "account_id").join(table, inForce)
                .groupBy("snapshot_date", "account_id")
                .agg(max_by(struct(col("_ov_band").as("band"), col("_ov_score").as("score"),
                        col("_ov_reason").as("reason"), col("_ov_owner").as("owner"),
                        col("_ov_expires_on").as("expires_on")), col("_ov_line")).as("_ov"));
        Dataset<Row> joined = rows.join(chosen, scala.jdk.javaapi.CollectionConverters.asScala(
                List.of("snapshot_date", "account_id")).toSeq(), "left");
        Column ovScore = col("_ov.score");
        Column ovBand = col("_ov.band");
        Column bandOfOverrideScore = when(ovScore.lt(col("_red_below")), lit(Band.RED.label()))
                .when(ovScore.geq(col("_green_at_least")), lit(Band.GREEN.label()))
                .otherwise(lit(Band.YELLOW.label()));
        return joined
                .withColumn("override_applied", col("_ov").isNotNull())
                .withColumn("band", when(ovBand.isNotNull(), ovBand)
                        .when(ovScore.isNotNull(), bandOfOverrideScore).otherwise(col("band")))
                .withColumn("score", coalesce(ovScore, col("score")))
                .withColumn("override_reason", col("_ov.reason"))
                .withColumn("override_owner", col("_ov.owner"))
                .withColumn("override_expires_on", col("_ov.expires_on"))
                .drop("_ov");
    }
}
