package io.lifecycle.jobs.churn;

import io.lifecycle.common.testing.SharedSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.sql.Date;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The forecast backtest on a hand-made window: forecast and actual GRR per segment and for all, by hand. */
class RetentionBacktestTest {
    private final SparkSession spark = SharedSpark.get();

    @Test
    void forecastAndActualRetentionAsComputedByHand() {
        Date w = Date.valueOf("2025-01-01");
        StructType riskSchema = new StructType().add("snapshot_date", DataTypes.DateType)
                .add("account_id", DataTypes.StringType).add("segment", DataTypes.StringType)
                .add("mrr", DataTypes.DoubleType).add("expected_churned_mrr", DataTypes.DoubleType)
                .add("expected_contracted_mrr", DataTypes.DoubleType).add("model_version", DataTypes.StringType);
        Dataset<Row> risk = spark.createDataFrame(List.of(
                RowFactory.create(w, "A", "smb", 100.0, 10.0, 5.0, "v1"),
                RowFactory.create(w, "B", "smb", 300.0, 30.0, 0.0, "v1"),
                RowFactory.create(w, "C", "enterprise", 1000.0, 100.0, 20.0, "v1"),
                RowFactory.create(w, "D", "enterprise", 500.0, null, 0.0, "v1")), riskSchema);
        StructType targetSchema = new StructType().add("snapshot_date", DataTypes.DateType)
                .add("account_id", DataTypes.StringType).add("retained_mrr", DataTypes.DoubleType);
        Dataset<Row> targets = spark.createDataFrame(List.of(
                RowFactory.create(w, "A", 0.0),
                RowFactory.create(w, "B", 300.0),
                RowFactory.create(w, "C", 900.0),
                RowFactory.create(w, "D", 500.0)), targetSchema);
        List<Row> rows = RetentionBacktest.of(risk, targets, 90).orderBy("segment").collectAsList();
        assertEquals(List.of("all", "enterprise", "smb"), rows.stream().map(r -> r.<String>getAs("segment")).toList());
        Row smb = rows.get(2);
        assertEquals(2L, smb.<Long>getAs("accounts"));
        assertEquals(400.0, smb.<Double>getAs("start_mrr"), 1e-9);
        // (100 - 10 - 5) + (300 - 30 - 0) = 355; actual 0 + 300 = 300
        assertEquals(355.0 / 400, smb.<Double>getAs("forecast_grr"), 1e-12);
        assertEquals(300.0 / 400, smb.<Double>getAs("actual_grr"), 1e-12);
        assertEquals(55.0 / 400, smb.<Double>getAs("error"), 1e-12);
        assertEquals(Date.valueOf("2025-04-01"), smb.getAs("window_end"));
        // D has no churn probability: the segment's (and all's) forecast is unknown, its actual is not
        Row enterprise = rows.get(1);
        assertNull(enterprise.getAs("forecast_grr"));
        assertEquals(1400.0 / 1500, enterprise.<Double>getAs("actual_grr"), 1e-12);
        assertNull(rows.get(0).getAs("forecast_grr"));
        assertEquals(1700.0 / 1900, rows.get(0).<Double>getAs("actual_grr"), 1e-12);
        assertEquals("v1", rows.get(0).getAs("model_version"));
    }
}
