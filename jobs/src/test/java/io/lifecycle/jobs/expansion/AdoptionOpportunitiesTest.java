package io.lifecycle.jobs.expansion;

import io.lifecycle.common.testing.SharedSpark;
import io.lifecycle.jobs.features.FeaturesConfig;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Unused key features ranked by segment adoption and the health of recent adopters, computed by hand. */
class AdoptionOpportunitiesTest {
    private final SparkSession spark = SharedSpark.get();

    @Test
    void opportunitiesAsComputedByHand() {
        Date d = Date.valueOf("2025-06-30");
        StructType featureSchema = new StructType().add("snapshot_date", DataTypes.DateType)
                .add("account_id", DataTypes.StringType).add("segment", DataTypes.StringType)
                .add("plan_tier", DataTypes.StringType).add("customer_status", DataTypes.StringType);
        Dataset<Row> features = spark.createDataFrame(List.of(
                RowFactory.create(d, "A", "smb", "team", "active"),
                RowFactory.create(d, "B", "smb", "team", "active"),
                RowFactory.create(d, "C", "smb", "team", "active"),
                RowFactory.create(d, "X", "smb", "team", "churned")), featureSchema);
        StructType healthSchema = new StructType().add("snapshot_date", DataTypes.DateType)
                .add("account_id", DataTypes.StringType).add("change_90d", DataTypes.DoubleType);
        Dataset<Row> health = spark.createDataFrame(List.of(RowFactory.create(d, "A", 10.0),
                RowFactory.create(d, "B", 0.0), RowFactory.create(d, "C", -5.0)), healthSchema);
        StructType usageSchema = new StructType().add("account_id", DataTypes.StringType)
                .add("feature", DataTypes.StringType).add("usage_date", DataTypes.DateType);
        Dataset<Row> usage = spark.createDataFrame(List.of(
                RowFactory.create("A", "reports", Date.valueOf("2025-06-20")), // A adopted reports lately
                RowFactory.create("B", "reports", Date.valueOf("2025-03-15")), // B used it in (D-120, D-90] ...
                RowFactory.create("B", "reports", Date.valueOf("2025-06-01")), // ... and now: no adopter
                RowFactory.create("A", "integrations", Date.valueOf("2025-06-01")), // D-29: inside (D-30, D]
                RowFactory.create("B", "integrations", Date.valueOf("2025-05-31"))), // D-30: outside
                usageSchema);
        FeaturesConfig keys = FeaturesConfig.load(Path.of("..", "conf")); // team: the default four key features

        List<String> got = AdoptionOpportunities.of(features, health, usage, keys,
                        new TreeSet<>(List.of(LocalDate.of(2025, 6, 30))), 3)
                .orderBy("account_id", "opportunity_rank").collectAsList().stream()
                .map(r -> String.format(Locale.ROOT, "%s %d %s rate=%.3f adopters=%d lift=%s",
                        r.<String>getAs("account_id"), r.<Integer>getAs("opportunity_rank"), r.<String>getAs("feature"),
                        r.<Double>getAs("segment_adoption_rate"), r.<Long>getAs("segment_adopters_90d"),
                        r.<Double>getAs("health_lift_90d")))
                .toList();
        // reports: used by A, B (2/3), adopter A (+10) vs neither C (-5): lift 15; integrations: A only (1/3),
        // adopter A (+10) vs neither B, C (-2.5): lift 12.5; the other two: nobody, no lift.
        assertEquals(List.of(
                "A 1 automation_rules rate=0.000 adopters=0 lift=null",
                "A 2 collaboration rate=0.000 adopters=0 lift=null",
                "B 1 integrations rate=0.333 adopters=1 lift=12.5",
                "B 2 automation_rules rate=0.000 adopters=0 lift=null",
                "B 3 collaboration rate=0.000 adopters=0 lift=null",
                "C 1 reports rate=0.667 adopters=1 lift=15.0",
                "C 2 integrations rate=0.333 adopters=1 lift=12.5",
                "C 3 automation_rules rate=0.000 adopters=0 lift=null"), got);
    }
}
