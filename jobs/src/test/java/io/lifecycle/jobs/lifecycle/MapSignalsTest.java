package io.lifecycle.jobs.lifecycle;

import io.lifecycle.common.catalog.StagingTables;
import io.lifecycle.common.testing.SharedSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The lifecycle map's drivers (Cohen's d) and best channel on hand-made frames. */
class MapSignalsTest {
    private static final SparkSession spark = SharedSpark.get();
    private static final Date D = Date.valueOf("2024-06-30");
    private static final Date C = Date.valueOf("2024-04-01");

    /** The drivers of (snapshot_date, cohort_date, segment, stage, account_id, outcome) members and their features. */
    private static List<Row> drivers(List<Row> members, List<Row> features) {
        Dataset<Row> m = spark.createDataFrame(members, new StructType().add("snapshot_date", DataTypes.DateType)
                .add("cohort_date", DataTypes.DateType).add("segment", DataTypes.StringType)
                .add("stage", DataTypes.StringType).add("account_id", DataTypes.StringType)
                .add("outcome", DataTypes.StringType));
        Dataset<Row> f = LifecycleMapTest.withDriverColumns(spark.createDataFrame(features, new StructType()
                .add("snapshot_date", DataTypes.DateType).add("account_id", DataTypes.StringType)
                .add("seat_utilisation", DataTypes.DoubleType).add("active_users_30d", DataTypes.LongType)));
        return MapSignals.drivers(m, f).first().getList(3);
    }

    @Test
    void theFeatureThatSeparatesAdvancersFromExitersLeadsWithItsCohensD() {
        List<Row> members = new ArrayList<>();
        List<Row> features = new ArrayList<>();
        double[] advancers = {0.6, 0.7, 0.8, 0.9, 1.0};
        double[] exiters = {0.1, 0.2, 0.3, 0.4, 0.5};
        for (int i = 0; i < 5; i++) {
            members.add(RowFactory.create(D, C, "smb", "onboarding", "a" + i, "advance"));
            members.add(RowFactory.create(D, C, "smb", "onboarding", "e" + i, "exit"));
            features.add(RowFactory.create(C, "a" + i, advancers[i], 10L + (i % 2)));
            features.add(RowFactory.create(C, "e" + i, exiters[i], 10L + ((i + 1) % 2)));
        }
        members.add(RowFactory.create(D, C, "smb", "onboarding", "s0", "stay"));
        features.add(RowFactory.create(C, "s0", 0.0, 99L));
        List<Row> drivers = drivers(members, features);
        // seat utilisation: means 0.8 vs 0.3, both sample variances 0.025, so d = 0.5 / sqrt(0.025)
        assertEquals("seat_utilisation", drivers.get(0).getString(0));
        assertEquals(0.5 / Math.sqrt(0.025), drivers.get(0).getDouble(1), 1e-9);
        assertEquals("higher_advances", drivers.get(0).getString(2));
        assertEquals("active_users_30d", drivers.get(1).getString(0));
        assertEquals(2, drivers.size(), "features without values are not drivers");
    }

    @Test
    void aFeatureWithTheSameValueForEveryoneIsNoDriverAndNoDivisionByZero() {
        List<Row> members = new ArrayList<>();
        List<Row> features = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            members.add(RowFactory.create(D, C, "smb", "onboarding", "a" + i, "advance"));
            members.add(RowFactory.create(D, C, "smb", "onboarding", "e" + i, "exit"));
            features.add(RowFactory.create(C, "a" + i, 0.6 + i / 10.0, 10L));
            features.add(RowFactory.create(C, "e" + i, 0.1 + i / 10.0, 10L));
        }
        List<Row> drivers = drivers(members, features);
        assertEquals(1, drivers.size(), "active_users_30d is 10 for all: pooled standard deviation 0");
        assertEquals("seat_utilisation", drivers.get(0).getString(0));
    }

    @Test
    void theBestChannelHasTheHighestResponseRateAmongChannelsWithEnoughTouches() {
        Dataset<Row> today = spark.createDataFrame(List.of(RowFactory.create(D, "a1", "smb", "dormant"),
                RowFactory.create(D, "a2", "smb", "dormant")), new StructType().add("snapshot_date", DataTypes.DateType)
                .add("account_id", DataTypes.StringType).add("segment", DataTypes.StringType)
                .add("stage", DataTypes.StringType));
        List<Row> touches = new ArrayList<>();
        Timestamp recent = Timestamp.valueOf("2024-06-15 10:00:00");
        for (int i = 0; i < 6; i++) {
            touches.add(RowFactory.create("e" + i, "a1", "email", null, recent, i < 3));  // 3/6
            touches.add(RowFactory.create("c" + i, "a2", "call", null, recent, i < 4));   // 4/6
            touches.add(RowFactory.create("o" + i, "a2", "webinar", null, Timestamp.valueOf("2024-01-01 10:00:00"),
                    true));                                                                // outside 90 days
        }
        touches.add(RowFactory.create("x", "a1", "event", null, recent, true));           // 1/1: too few
        Row best = MapSignals.channels(today, spark.createDataFrame(touches, StagingTables.TOUCHPOINTS.schema()))
                .first();
        assertEquals("call", best.getAs("best_channel"));
        assertEquals(4 / 6.0, best.<Double>getAs("best_channel_response_rate"), 1e-12);
    }
}
