package io.lifecycle.jobs.expansion;

import io.lifecycle.common.catalog.StagingTables;
import io.lifecycle.common.testing.Frames;
import io.lifecycle.common.testing.SharedSpark;
import io.lifecycle.jobs.demodata.WarehouseGenerator;
import io.lifecycle.jobs.testing.GeneratedLakehouse;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.TreeSet;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExpansionLabelsTest {
    private final SparkSession spark = SharedSpark.get();

    @TempDir
    Path tmp;

    private static Row term(String id, String account, String product, String start, String end, String status,
                            int seats, double mrrReporting) {
        return term(id, account, product, start, end, status, seats, mrrReporting, "USD", mrrReporting);
    }

    /** A term billed in {@code currency}: mrr in it, mrr_reporting at the rate of its start. */
    private static Row term(String id, String account, String product, String start, String end, String status,
                            int seats, double mrr, String currency, double mrrReporting) {
        return RowFactory.create(id, account, product, Date.valueOf(start), end == null ? null : Date.valueOf(end),
                status, seats, BigDecimal.valueOf(mrr).setScale(2), currency, "monthly",
                BigDecimal.valueOf(mrrReporting).setScale(2), null);
    }

    private Dataset<Row> subscriptions() {
        return spark.createDataFrame(List.of(
                // A1: seats 10 -> 12 on 02-15 (same price per seat: MRR +20 %, but seats name the kind)
                term("S1", "A1", "core", "2025-01-01", "2025-02-14", "expired", 10, 100),
                term("S2", "A1", "core", "2025-02-15", null, "active", 12, 120),
                // A2: add-on bought 03-01 while core runs on
                term("S3", "A2", "core", "2025-01-01", null, "active", 5, 50),
                term("S4", "A2", "analytics", "2025-03-01", null, "active", 5, 10),
                // A3: plan upgrade 02-01, same product and seats, price per seat 12 -> 29 (own currency): plan
                term("S5", "A3", "core", "2025-01-01", "2025-01-31", "expired", 4, 48),
                term("S6", "A3", "core", "2025-02-01", null, "active", 4, 116),
                // A4: renewal 02-01 at the same EUR price; the new rate lifts mrr_reporting by 10 %: no expansion
                term("S7", "A4", "core", "2024-02-01", "2025-01-31", "expired", 3, 90, "EUR", 100),
                term("S8", "A4", "core", "2025-02-01", null, "active", 3, 90, "EUR", 110),
                // A5: trial then first purchase (nothing paid on the day before): no expansion; contraction later
                term("S9", "A5", "core", "2025-01-01", "2025-01-14", "trial", 5, 0),
                term("S10", "A5", "core", "2025-01-15", "2025-02-09", "expired", 5, 50),
                term("S11", "A5", "core", "2025-02-10", null, "active", 3, 30),
                // A6: churned 01-20, bought again 02-20: a purchase after churn, no expansion
                term("S12", "A6", "core", "2025-01-01", "2025-01-20", "cancelled", 5, 50),
                term("S13", "A6", "core", "2025-02-20", null, "active", 6, 60),
                // A7: seats up on 04-02, exactly 91 days after 2025-01-01... see labels
                term("S14", "A7", "core", "2024-12-01", "2025-04-01", "expired", 2, 20),
                term("S15", "A7", "core", "2025-04-02", null, "active", 3, 30),
                // A8: moves 02-01 from plan 'pro' to the cheaper plan 'starter' (a new product, 8 seats instead of
                // 5): a contraction, no expansion, although a product is new and seats went up
                term("S16", "A8", "pro", "2025-01-01", "2025-01-31", "expired", 5, 100),
                term("S17", "A8", "starter", "2025-02-01", null, "active", 8, 64),
                // A9: seats 10 -> 11 on 02-01 at the same GBP price per seat while the pound fell: mrr_reporting
                // drops, yet the customer buys more: a seats expansion worth 10 GBP at the new rate (+ 12.00)
                term("S18", "A9", "core", "2025-01-01", "2025-01-31", "expired", 10, 100, "GBP", 130),
                term("S19", "A9", "core", "2025-02-01", null, "active", 11, 110, "GBP", 132)),
                StagingTables.SUBSCRIPTIONS.schema());
    }

    @Test
    void eventsAsComputedByHand() {
        StructType schema = new StructType().add("account_id", DataTypes.StringType, false)
                .add("event_date", DataTypes.DateType, false).add("kind", DataTypes.StringType, true)
                .add("mrr_before", DataTypes.DoubleType, true).add("mrr_after", DataTypes.DoubleType, true)
                .add("mrr_change", DataTypes.DoubleType, true);
        Dataset<Row> expected = spark.createDataFrame(List.of(
                RowFactory.create("A1", Date.valueOf("2025-02-15"), "seats", 100.0, 120.0, 20.0),
                RowFactory.create("A2", Date.valueOf("2025-03-01"), "product", 50.0, 60.0, 10.0),
                RowFactory.create("A3", Date.valueOf("2025-02-01"), "plan", 48.0, 116.0, 68.0),
                RowFactory.create("A7", Date.valueOf("2025-04-02"), "seats", 20.0, 30.0, 10.0),
                RowFactory.create("A9", Date.valueOf("2025-02-01"), "seats", 130.0, 132.0, 12.0)), schema);
        Dataset<Row> actual = ExpansionLabels.events(subscriptions());
        Frames.assertSameRows(expected, spark.createDataFrame(actual.collectAsList(), schema));
    }

    @Test
    void labelsLookForwardOverTheHorizonFromPayingAccountsOfClosedSnapshots() {
        TreeSet<LocalDate> dates = new TreeSet<>(List.of(LocalDate.of(2025, 1, 1), LocalDate.of(2025, 1, 31),
                LocalDate.of(2025, 3, 15)));
        // data end 05-01: 01-01 and 01-31 are closed (+90 days <= 05-01), 03-15 is not
        List<Row> rows = ExpansionLabels.of(subscriptions(), dates, 90, LocalDate.of(2025, 5, 1))
                .orderBy("snapshot_date", "account_id").collectAsList();
        StringBuilder got = new StringBuilder();
        for (Row r : rows) {
            got.append(r.getDate(0)).append(' ').append(r.getString(1)).append(' ').append(r.getBoolean(2))
                    .append(' ').append(r.get(3)).append(' ').append(r.getDouble(4)).append('\n');
        }
        assertEquals("""
                2025-01-01 A1 true 2025-02-15 20.0
                2025-01-01 A2 true 2025-03-01 10.0
                2025-01-01 A3 true 2025-02-01 68.0
                2025-01-01 A4 false null 0.0
                2025-01-01 A6 false null 0.0
                2025-01-01 A7 false null 0.0
                2025-01-01 A8 false null 0.0
                2025-01-01 A9 true 2025-02-01 12.0
                2025-01-31 A1 true 2025-02-15 20.0
                2025-01-31 A2 true 2025-03-01 10.0
                2025-01-31 A3 true 2025-02-01 68.0
                2025-01-31 A4 false null 0.0
                2025-01-31 A5 false null 0.0
                2025-01-31 A7 true 2025-04-02 10.0
                2025-01-31 A8 false null 0.0
                2025-01-31 A9 true 2025-02-01 12.0
                """, got.toString(), "A7 on 01-01: 04-02 is D + 91; A5 on 01-01 is in trial; A6 on 01-31 has churned");
    }

    @Test
    void eventsMatchTheGeneratorsGroundTruth() {
        GeneratedLakehouse generated = GeneratedLakehouse.get();
        Dataset<Row> subscriptions = generated.copy(tmp).lakehouse().read(StagingTables.SUBSCRIPTIONS);
        Dataset<Row> truth = spark.read().parquet(generated.warehouse().resolve(WarehouseGenerator.GROUND_TRUTH)
                .resolve("expansion_events").toString());
        Dataset<Row> found = ExpansionLabels.events(subscriptions);
        long truthCount = truth.count();
        assertTrue(truthCount >= 10, "the tiny warehouse has expansions: " + truthCount);
        List<String> expected = keys(truth.select(col("account_id"), col("event_date"), col("kind")));
        assertEquals(expected, keys(found.select("account_id", "event_date", "kind")));
    }

    private static List<String> keys(Dataset<Row> rows) {
        return rows.collectAsList().stream().map(r -> r.get(0) + " " + r.get(1) + " " + r.get(2)).sorted().toList();
    }
}
