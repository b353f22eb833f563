package io.lifecycle.jobs.lifecycle;

import io.lifecycle.jobs.shared.LifecycleStage;
import io.lifecycle.common.catalog.GoldTables;
import io.lifecycle.common.testing.SharedSpark;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** gold.advocates on hand-made frames: the accounts with is_advocate (in any stage) only, with their evidence. */
class AdvocatesTest {
    private static final SparkSession spark = SharedSpark.get();

    @Test
    void onlyAdvocatesWithTheirEvidence() {
        LocalDate d = LocalDate.of(2024, 6, 30);
        LocalDate first = LocalDate.of(2022, 1, 10);
        StageState advocate = new StageState(d, "a1", null, "smb", LifecycleStage.ENGAGED, "activated", d.minusDays(3),
                LifecycleStage.RENEWAL, Trigger.RENEWED, 100, true, first.plusDays(20), 2, d.plusDays(200),
                d.minusDays(120), 10, new BigDecimal("300.00"), true);
        StageState window = new StageState(d, "a2", null, "smb", LifecycleStage.RENEWAL, "renewal_window",
                d.minusDays(3), LifecycleStage.ENGAGED, Trigger.RENEWAL_WINDOW_OPENED, 100, true, first, 2,
                d.plusDays(20), d.minusDays(120), 10, new BigDecimal("300.00"), false);
        var daily = spark.createDataFrame(List.of(StateRows.toRow(advocate), StateRows.toRow(window)),
                GoldTables.ACCOUNT_LIFECYCLE_DAILY.schema());
        var features = spark.createDataFrame(List.of(RowFactory.create(Date.valueOf(d), "a1", Date.valueOf(first), 902,
                        10), RowFactory.create(Date.valueOf(d), "a2", Date.valueOf(first), 902, 10)),
                new StructType().add("snapshot_date", DataTypes.DateType).add("account_id", DataTypes.StringType)
                        .add("first_paid_date", DataTypes.DateType).add("tenure_days", DataTypes.IntegerType)
                        .add("latest_nps", DataTypes.IntegerType));
        List<Row> rows = Advocates.of(daily, features).collectAsList();
        assertEquals(1, rows.size());
        Row r = rows.get(0);
        assertEquals("a1", r.getAs("account_id"));
        assertEquals(120, r.<Integer>getAs("days_green"));
        assertEquals(902, r.<Integer>getAs("tenure_days"));
        assertEquals(10, r.<Integer>getAs("latest_nps"));
        assertEquals(2, r.<Integer>getAs("renewals"));
        assertEquals(new BigDecimal("300.00"), r.getAs("mrr"));
    }
}
