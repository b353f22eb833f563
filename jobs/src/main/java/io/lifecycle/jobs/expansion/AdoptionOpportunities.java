package io.lifecycle.jobs.expansion;

import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.jobs.features.FeaturesConfig;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * Rows of gold.feature_adoption_opportunities (pure transform): per snapshot date D and account active on D, the
 * key features of its plan it did not use in the 30 days ending on D, ranked by how widely the segment uses them
 * and how the health of the segment's recent adopters moved.
 *
 * <p>Per (D, segment, key feature), over the segment's active accounts whose plan has the feature as key feature:
 * adoption rate = accounts using it in (D − 30, D] / accounts; adopters = those using it in (D − 30, D] but not in
 * (D − 120, D − 90]; health lift = mean change_90d of the adopters − mean change_90d of those using it in neither
 * window (gold.account_health_daily on D). Ranked by adoption rate, then health lift (nulls last), then name.
 */
public final class AdoptionOpportunities {
    private AdoptionOpportunities() {
    }

    public static Dataset<Row> of(Dataset<Row> features, Dataset<Row> health, Dataset<Row> featureUsage,
                                  FeaturesConfig keyFeatures, SortedSet<LocalDate> dates, int maxPerAccount) {
        Dataset<Row> active = features.where(Lakehouse.onDates("snapshot_date", dates))
                .where(col("customer_status").equalTo("active"))
                .select("snapshot_date", "account_id", "segment", "plan_tier");
        Dataset<Row> candidates = active.join(keyFeaturesByPlan(active, keyFeatures), "plan_tier");
        Dataset<Row> usage = featureUsage.where(col("usage_date").geq(lit(Date.valueOf(dates.first().minusDays(119))))
                        .and(col("usage_date").leq(lit(Date.valueOf(dates.last())))))
                .select("account_id", "feature", "usage_date");
        String[] keys = {"snapshot_date", "account_id", "feature"};
        Dataset<Row> flagged = candidates.join(usageFlags(candidates, usage), keys)
                .join(health.where(Lakehouse.onDates("snapshot_date", dates))
                        .select("snapshot_date", "account_id", "change_90d"), new String[] {"snapshot_date",
                        "account_id"}, "left");
        Column adopter = col("used_now").and(not(col("used_before")));
        Column neither = not(col("used_now")).and(not(col("used_before")));
        Dataset<Row> stats = flagged.groupBy("snapshot_date", "segment", "feature").agg(
                sum(when(col("used_now"), 1).otherwise(0)).divide(count(lit(1))).as("segment_adoption_rate"),
                sum(when(adopter, 1).otherwise(0)).cast("long").as("segment_adopters_90d"),
                avg(when(adopter, col("change_90d"))).as("health_change_adopters_90d"),
                avg(when(neither, col("change_90d"))).as("health_change_others_90d"))
                .withColumn("health_lift_90d", col("health_change_adopters_90d").minus(col("health_change_others_90d")));
        Column rank = row_number().over(Window.partitionBy("snapshot_date", "account_id").orderBy(
                col("segment_adoption_rate").desc(), col("health_lift_90d").desc_nulls_last(), col("feature")));
        return flagged.where(not(col("used_now")))
                .join(stats, new String[] {"snapshot_date", "segment", "feature"})
                .withColumn("opportunity_rank", rank)
                .where(col("opportunity_rank").leq(maxPerAccount));
    }

    /** (plan_tier, feature): the key features of every plan tier among the active accounts. */
    private static Dataset<Row> keyFeaturesByPlan(Dataset<Row> active, FeaturesConfig keyFeatures) {
        List<Row> rows = new ArrayList<>();
        for (Row r : active.select("plan_tier").distinct().collectAsList()) {
            for (String f : keyFeatures.keyFeaturesOf(r.getString(0))) {
                rows.add(RowFactory.create(r.getString(0), f));
            }
        }
        StructType schema = new StructType().add("plan_tier", DataTypes.StringType, false)
                .add("feature", DataTypes.StringType, false);
        return active.sparkSession().createDataFrame(rows, schema);
    }

    /**
     * (snapshot_date, account_id, feature, used_now, used_before) for the candidate rows, without a range join: an
     * as-of lookup. Usage days and probe rows (one at D, one at D − 90 per candidate) are sorted together per
     * (account, feature); each probe takes the latest usage day on or before its date. used_now = that day at D is
     * after D − 30; used_before = that day at D − 90 is after D − 120.
     */
    static Dataset<Row> usageFlags(Dataset<Row> candidates, Dataset<Row> usage) {
        Column noDate = lit(null).cast("date");
        Dataset<Row> days = usage.select(col("account_id"), col("feature"), col("usage_date").as("day"),
                noDate.as("snapshot_date"), lit(0).as("probe"));
        Dataset<Row> probes = candidates.select(col("account_id"), col("feature"), col("snapshot_date").as("day"),
                        col("snapshot_date"), lit(1).as("probe"))
                .unionByName(candidates.select(col("account_id"), col("feature"),
                        date_sub(col("snapshot_date"), 90).as("day"), col("snapshot_date"), lit(2).as("probe")));
        // Usage rows sort before probes of the same day, so a probe on day X sees usage on X.
        Column lastUsage = max(when(col("probe").equalTo(0), col("day"))).over(Window.partitionBy("account_id",
                "feature").orderBy(col("day"), col("probe")).rowsBetween(Window.unboundedPreceding(), 0));
        Dataset<Row> looked = days.unionByName(probes).withColumn("last_usage", lastUsage).where(col("probe").gt(0));
        Column inWindow = col("last_usage").isNotNull().and(datediff(col("day"), col("last_usage")).lt(30));
        return looked.groupBy("snapshot_date", "account_id", "feature").agg(
                max(when(col("probe").equalTo(1), inWindow)).as("used_now"),
                max(when(col("probe").equalTo(2), inWindow)).as("used_before"));
    }

}
