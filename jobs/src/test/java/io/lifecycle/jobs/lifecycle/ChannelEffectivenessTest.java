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
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * gold.channel_effectiveness on hand-made frames for 2024-06-30: touches from 2024-03-03 to 2024-05-31 count, each
 * in its stage on the newest snapshot on or before the touch; the comparison group is the accounts untouched in
 * [2024-05-01, 2024-06-30] around the snapshot 2024-05-31.
 */
class ChannelEffectivenessTest {
    private static final SparkSession spark = SharedSpark.get();
    private static final String D = "2024-06-30";
    private static final String APR = "2024-04-30";
    private static final String MAY = "2024-05-31";

    @Test
    void touchesResponseRatesAndActivityChangeAgainstUntouchedAccounts() {
        Dataset<Row> stages = spark.createDataFrame(List.of(
                stage(APR, "a1", "smb", "engaged"), stage(MAY, "a1", "smb", "engaged"),
                stage(D, "a1", "smb", "dormant"),
                stage(APR, "a2", "smb", "engaged"), stage(MAY, "a2", "smb", "engaged"),
                stage(MAY, "a3", "smb", "engaged"),
                stage(MAY, "a4", "smb", "engaged"),
                stage(MAY, "a5", "smb", "engaged"),
                stage(MAY, "a6", "smb", "engaged"),
                stage(MAY, "a7", "smb", "dormant"),
                stage(APR, "a8", "ent", "onboarding"), stage(MAY, "a8", "ent", "engaged"),
                RowFactory.create(Date.valueOf(MAY), null, "smb", "awareness")),
                new StructType().add("snapshot_date", DataTypes.DateType).add("account_id", DataTypes.StringType)
                        .add("segment", DataTypes.StringType).add("stage", DataTypes.StringType));
        Dataset<Row> touches = spark.createDataFrame(List.of(
                touch("t1", "a1", "email", "2024-05-10", true),
                touch("t2", "a2", "email", "2024-05-15", false),
                // on D - 30, the last day whose 30 days after have passed
                touch("t3", "a3", "in_app", MAY, true),
                // D - 29: its 30 days after have not passed, so it does not count (but a4 is no comparison account)
                touch("t4", "a4", "email", "2024-06-01", true),
                // D - 120: before the window
                touch("t5", "a7", "email", "2024-03-02", true),
                // in the window but no stage snapshot in the 31 days before it
                touch("t6", "a7", "email", "2024-03-20", true),
                touch("t7", "a8", "call", "2024-05-20", true)), StagingTables.TOUCHPOINTS.schema());
        List<Row> usage = new ArrayList<>();
        // a1 (touched 05-10): before [04-10, 05-09] 2 days, after [05-11, 06-09] 4 days; touch day and 06-10 not counted
        for (String day : List.of("2024-04-09", "2024-04-20", "2024-04-25", "2024-05-10", "2024-05-11", "2024-05-12",
                "2024-05-20", "2024-06-09", "2024-06-10")) {
            usage.add(active("a1", day));
        }
        // a3 (touched 05-31): before 3 days, after none
        for (String day : List.of("2024-05-01", "2024-05-02", "2024-05-30")) {
            usage.add(active("a3", day));
        }
        // a5 (untouched, around 05-31): before 1 day, after 3 days; a6 untouched and never active
        for (String day : List.of("2024-05-05", "2024-06-02", "2024-06-03", "2024-06-04")) {
            usage.add(active("a5", day));
        }
        // a8 (touched 05-20): after 1 day
        usage.add(active("a8", "2024-05-25"));
        Dataset<Row> usageFrame = spark.createDataFrame(usage, new StructType().add("account_id", DataTypes.StringType)
                .add("usage_date", DataTypes.DateType).add("events", DataTypes.LongType));
        Dataset<Row> dates = spark.createDataFrame(List.of(RowFactory.create(Date.valueOf(D))),
                new StructType().add("snapshot_date", DataTypes.DateType, false));

        Map<String, Row> rows = new TreeMap<>();
        for (Row r : ChannelEffectiveness.of(dates, stages, touches, usageFrame).collectAsList()) {
            assertEquals(Date.valueOf(D), r.getAs("snapshot_date"));
            rows.put(r.getAs("segment") + "/" + r.getAs("stage") + "/" + r.getAs("channel"), r);
        }
        assertEquals(List.of("ent/onboarding/call", "smb/engaged/email", "smb/engaged/in_app"),
                new ArrayList<>(rows.keySet()));

        // a1 answered (+2), a2 did not; untouched a5 (+2) and a6 (0): mean +1
        Row email = rows.get("smb/engaged/email");
        assertEquals(2L, email.<Long>getAs("touches"));
        assertEquals(1L, email.<Long>getAs("responded_touches"));
        assertEquals(0.5, email.<Double>getAs("response_rate"), 1e-12);
        assertEquals(2.0, email.<Double>getAs("responded_activity_change"), 1e-12);
        assertEquals(2L, email.<Long>getAs("untouched_accounts"));
        assertEquals(1.0, email.<Double>getAs("untouched_activity_change"), 1e-12);
        assertEquals(1.0, email.<Double>getAs("activity_uplift"), 1e-12);

        Row inApp = rows.get("smb/engaged/in_app");
        assertEquals(1L, inApp.<Long>getAs("touches"));
        assertEquals(1.0, inApp.<Double>getAs("response_rate"), 1e-12);
        assertEquals(-3.0, inApp.<Double>getAs("responded_activity_change"), 1e-12);
        assertEquals(-4.0, inApp.<Double>getAs("activity_uplift"), 1e-12);

        // a8 was onboarding on the snapshot before its touch (engaged only on 05-31): nobody to compare with
        Row call = rows.get("ent/onboarding/call");
        assertEquals(1L, call.<Long>getAs("touches"));
        assertEquals(1.0, call.<Double>getAs("responded_activity_change"), 1e-12);
        assertEquals(0L, call.<Long>getAs("untouched_accounts"));
        assertNull(call.getAs("untouched_activity_change"));
        assertNull(call.getAs("activity_uplift"));
    }

    private static Row stage(String date, String account, String segment, String stage) {
        return RowFactory.create(Date.valueOf(date), account, segment, stage);
    }

    private static Row touch(String id, String account, String channel, String day, boolean responded) {
        return RowFactory.create(id, account, channel, null, Timestamp.valueOf(day + " 10:00:00"), responded);
    }

    private static Row active(String account, String day) {
        return RowFactory.create(account, Date.valueOf(day), 3L);
    }
}
