package io.lifecycle.jobs.lifecycle;

import io.lifecycle.jobs.shared.LifecycleStage;
import io.lifecycle.common.catalog.GoldTables;
import io.lifecycle.common.catalog.StagingTables;
import io.lifecycle.common.testing.SharedSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** gold.dormant_accounts on hand-made frames: only dormant accounts, their inactivity, MRR and segment channel. */
class DormantAccountsTest {
    private static final SparkSession spark = SharedSpark.get();

    @Test
    void dormantAccountsWithMrrAtStakeAndTheSegmentsBestChannel() {
        LocalDate d = LocalDate.of(2024, 6, 30);
        StageState dormant = new StageState(d, "a1", null, "smb", LifecycleStage.DORMANT, "no_activity",
                d.minusDays(5), LifecycleStage.ENGAGED, Trigger.WENT_DORMANT, 200, true, d.minusDays(300), 0,
                d.plusDays(100), null, 10, new BigDecimal("250.00"), false);
        StageState engaged = new StageState(d, "a2", null, "smb", LifecycleStage.ENGAGED, "activated",
                d.minusDays(50), null, null, null, true, d.minusDays(50), 0, d.plusDays(100), null, 5,
                new BigDecimal("50.00"), false);
        Dataset<Row> daily = spark.createDataFrame(List.of(StateRows.toRow(dormant), StateRows.toRow(engaged)),
                GoldTables.ACCOUNT_LIFECYCLE_DAILY.schema());
        Dataset<Row> features = spark.createDataFrame(List.of(
                        RowFactory.create(Date.valueOf(d), "a1", "smb", Date.valueOf(d.minusDays(35)), 35),
                        RowFactory.create(Date.valueOf(d), "a2", "smb", Date.valueOf(d), 0)),
                new StructType().add("snapshot_date", DataTypes.DateType).add("account_id", DataTypes.StringType)
                        .add("segment", DataTypes.StringType).add("last_active_date", DataTypes.DateType)
                        .add("days_since_last_activity", DataTypes.IntegerType));
        List<Row> touches = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            touches.add(RowFactory.create("t" + i, "a2", "in_app", null, Timestamp.valueOf("2024-06-01 09:00:00"), i < 2));
            touches.add(RowFactory.create("u" + i, "a1", "email", null, Timestamp.valueOf("2024-06-01 09:00:00"), i < 1));
        }
        List<Row> rows = DormantAccounts.of(daily, features,
                spark.createDataFrame(touches, StagingTables.TOUCHPOINTS.schema()),
                spark.createDataFrame(List.of(), GoldTables.LIFECYCLE_TRANSITIONS.schema())).collectAsList();
        assertEquals(1, rows.size());
        Row r = rows.get(0);
        assertEquals("a1", r.getAs("account_id"));
        assertEquals(Date.valueOf(d.minusDays(5)), r.getAs("dormant_since"));
        assertEquals(35, r.<Integer>getAs("days_inactive"));
        assertEquals(Date.valueOf(d.minusDays(35)), r.getAs("last_active_date"));
        assertEquals(new BigDecimal("250.00"), r.getAs("mrr_at_stake"));
        assertEquals("in_app", r.getAs("best_channel"));
        assertEquals(0.4, r.<Double>getAs("best_channel_response_rate"), 1e-12);
        assertEquals(0L, r.<Long>getAs("segment_reactivations"));
        assertNull(r.getAs("segment_reactivation_retention_90d"));
    }

    /**
     * On 2024-12-31 the reactivations from 2023-10-04 to 2024-10-02 are judged by the stage 90 days after them.
     * smb: b1 relapsed into dormant and came back within 90 days (active on day 90), and that second reactivation
     * stayed; b2 churned within 90 days; b5 went dormant again only after 90 days; b3 (too recent) and b4 (too old)
     * are not judged: 3 of 4. ent: c1 went dormant within 90 days: 0 of 1.
     */
    @Test
    void reactivationOutcomesPerSegment() {
        LocalDate d = LocalDate.of(2024, 12, 31);
        List<Row> daily = new ArrayList<>();
        for (String[] a : new String[][] {{"x1", "smb"}, {"x2", "ent"}, {"x3", "mid"}}) {
            daily.add(StateRows.toRow(new StageState(d, a[0], null, a[1], LifecycleStage.DORMANT, "no_activity",
                    d.minusDays(40), LifecycleStage.ENGAGED, Trigger.WENT_DORMANT, 100, true, d.minusDays(400), 0,
                    d.plusDays(100), null, 5, new BigDecimal("80.00"), false)));
        }
        Dataset<Row> transitions = spark.createDataFrame(List.of(
                move("2024-06-01", "b1", "smb", "dormant", "engaged", "reactivated"),
                move("2024-07-15", "b1", "smb", "engaged", "dormant", "went_dormant"),
                move("2024-08-10", "b1", "smb", "dormant", "engaged", "reactivated"),
                move("2024-09-01", "b2", "smb", "dormant", "engaged", "reactivated"),
                move("2024-10-15", "b2", "smb", "engaged", "churned", "churned"),
                move("2024-10-10", "b3", "smb", "dormant", "engaged", "reactivated"),
                move("2023-09-01", "b4", "smb", "dormant", "engaged", "reactivated"),
                move("2024-03-01", "b5", "smb", "dormant", "renewal", "reactivated"),
                move("2024-07-01", "b5", "smb", "renewal", "dormant", "went_dormant"),
                move("2024-05-01", "c1", "ent", "dormant", "engaged", "reactivated"),
                move("2024-06-15", "c1", "ent", "engaged", "dormant", "went_dormant")),
                GoldTables.LIFECYCLE_TRANSITIONS.schema());
        Dataset<Row> none = spark.createDataFrame(List.of(), new StructType().add("snapshot_date", DataTypes.DateType)
                .add("account_id", DataTypes.StringType).add("segment", DataTypes.StringType)
                .add("last_active_date", DataTypes.DateType).add("days_since_last_activity", DataTypes.IntegerType));
        Map<String, Row> bySegment = new TreeMap<>();
        for (Row r : DormantAccounts.of(spark.createDataFrame(daily, GoldTables.ACCOUNT_LIFECYCLE_DAILY.schema()), none,
                spark.createDataFrame(List.of(), StagingTables.TOUCHPOINTS.schema()), transitions)
                .collectAsList()) {
            bySegment.put(r.getAs("segment"), r);
        }
        assertEquals(4L, bySegment.get("smb").<Long>getAs("segment_reactivations"));
        assertEquals(3L, bySegment.get("smb").<Long>getAs("segment_reactivations_active_90d"));
        assertEquals(0.75, bySegment.get("smb").<Double>getAs("segment_reactivation_retention_90d"), 1e-12);
        assertEquals(1L, bySegment.get("ent").<Long>getAs("segment_reactivations"));
        assertEquals(0L, bySegment.get("ent").<Long>getAs("segment_reactivations_active_90d"));
        assertEquals(0.0, bySegment.get("ent").<Double>getAs("segment_reactivation_retention_90d"), 1e-12);
        assertEquals(0L, bySegment.get("mid").<Long>getAs("segment_reactivations"));
        assertEquals(0L, bySegment.get("mid").<Long>getAs("segment_reactivations_active_90d"));
        assertNull(bySegment.get("mid").getAs("segment_reactivation_retention_90d"));
    }

    private static Row move(String day, String account, String segment, String from, String to, String trigger) {
        return RowFactory.create(Date.valueOf(day), account, null, segment, from, to, trigger, "rule", 30);
    }
}
