package io.lifecycle.jobs.lifecycle;

import io.lifecycle.common.catalog.Tables;
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

import static org.junit.jupiter.api.Assertions.assertEquals;

/** gold.dormant_accounts on hand-made frames: only dormant accounts, their inactivity, MRR and segment channel. */
class DormantAccountsTest {
    private static final SparkSession spark = SharedSpark.get();

    @Test
    void dormantAccountsWithMrrAtStakeAndTheSegmentsBestChannel() {
        LocalDate d = LocalDate.of(2024, 6, 30);
        StageState dormant = new StageState(d, "a1", null, "smb", LifecycleStage.DORMANT, "no_activity",
                d.minusDays(5), LifecycleStage.ENGAGED, Trigger.WENT_DORMANT, 200, true, d.minusDays(300), 0,
                d.plusDays(100), null, 10, new BigDecimal("250.00"));
        StageState engaged = new StageState(d, "a2", null, "smb", LifecycleStage.ENGAGED, "activated",
                d.minusDays(50), null, null, null, true, d.minusDays(50), 0, d.plusDays(100), null, 5,
                new BigDecimal("50.00"));
        Dataset<Row> daily = spark.createDataFrame(List.of(StateRows.toRow(dormant), StateRows.toRow(engaged)),
                Tables.ACCOUNT_LIFECYCLE_DAILY.schema());
        Dataset<Row> features = spark.createDataFrame(List.of(
                        RowFactory.create(Date.valueOf(d), "a1", Date.valueOf(d.minusDays(35)), 35),
                        RowFactory.create(Date.valueOf(d), "a2", Date.valueOf(d), 0)),
                new StructType().add("snapshot_date", DataTypes.DateType).add("account_id", DataTypes.StringType)
                        .add("last_active_date", DataTypes.DateType).add("days_since_last_activity", DataTypes.IntegerType));
        List<Row> touches = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            touches.add(RowFactory.create("t" + i, "a2", "in_app", null, Timestamp.valueOf("2024-06-01 09:00:00"), i < 2));
            touches.add(RowFactory.create("u" + i, "a1", "email", null, Timestamp.valueOf("2024-06-01 09:00:00"), i < 1));
        }
        Dataset<Row> accounts = spark.createDataFrame(List.of(RowFactory.create("a1", "smb"),
                RowFactory.create("a2", "smb")), new StructType().add("account_id", DataTypes.StringType)
                .add("segment", DataTypes.StringType));
        List<Row> rows = DormantAccounts.of(daily, features,
                spark.createDataFrame(touches, Tables.STAGING_TOUCHPOINTS.schema()), accounts).collectAsList();
        assertEquals(1, rows.size());
        Row r = rows.get(0);
        assertEquals("a1", r.getAs("account_id"));
        assertEquals(Date.valueOf(d.minusDays(5)), r.getAs("dormant_since"));
        assertEquals(35, r.<Integer>getAs("days_inactive"));
        assertEquals(Date.valueOf(d.minusDays(35)), r.getAs("last_active_date"));
        assertEquals(new BigDecimal("250.00"), r.getAs("mrr_at_stake"));
        assertEquals("in_app", r.getAs("best_channel"));
        assertEquals(0.4, r.<Double>getAs("best_channel_response_rate"), 1e-12);
    }
}
