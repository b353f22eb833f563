package io.lifecycle.jobs.marts;

import io.lifecycle.common.catalog.StagingTables;
import io.lifecycle.common.testing.SharedSpark;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The MRR movements over D - 30 .. D classify expansion and contraction as the expansion label does
 * (RevenueChange): in the account's own currency, with what exchange rates moved apart in mrr_fx.
 */
class MrrMovementsTest {
    private static final LocalDate D = LocalDate.of(2025, 3, 31);
    private final SparkSession spark = SharedSpark.get();

    private static Row term(String id, String account, String product, String start, String end, int seats,
                            double mrr, String currency, double mrrReporting) {
        return RowFactory.create(id, account, product, Date.valueOf(start), end == null ? null : Date.valueOf(end),
                end == null ? "active" : "expired", seats, BigDecimal.valueOf(mrr).setScale(2), currency, "monthly",
                BigDecimal.valueOf(mrrReporting).setScale(2));
    }

    @Test
    void expansionIsBuyingMoreInTheOwnCurrencyAndFxIsApart() {
        List<Row> terms = List.of(
                // B1: seats 10 -> 12 on 03-10: expansion +20
                term("S1", "B1", "core", "2025-01-01", "2025-03-09", 10, 100, "USD", 100),
                term("S2", "B1", "core", "2025-03-10", null, 12, 120, "USD", 120),
                // B2: add-on bought 03-05: expansion +10
                term("S3", "B2", "core", "2025-01-01", null, 5, 50, "USD", 50),
                term("S4", "B2", "analytics", "2025-03-05", null, 5, 10, "USD", 10),
                // B3: plan pro -> cheaper starter on 03-15 with more seats: contraction -36
                term("S5", "B3", "pro", "2025-01-01", "2025-03-14", 5, 100, "USD", 100),
                term("S6", "B3", "starter", "2025-03-15", null, 8, 64, "USD", 64),
                // B4: renewal at the same EUR price, new rate: unchanged, +10 of fx
                term("S7", "B4", "core", "2025-01-01", "2025-03-14", 3, 90, "EUR", 100),
                term("S8", "B4", "core", "2025-03-15", null, 3, 90, "EUR", 110),
                // B5: seats 10 -> 11 at the same GBP price while the pound fell: expansion +12 (10 GBP at the new
                // rate 1.2), fx -10 (100 GBP were worth 130, now 120)
                term("S9", "B5", "core", "2025-01-01", "2025-03-14", 10, 100, "GBP", 130),
                term("S10", "B5", "core", "2025-03-15", null, 11, 110, "GBP", 132));
        Map<String, String> got = new TreeMap<>();
        for (Row r : MrrMovements.of(spark, spark.createDataFrame(terms, StagingTables.SUBSCRIPTIONS.schema()),
                new TreeSet<>(List.of(D))).collectAsList()) {
            BigDecimal change = ((BigDecimal) r.getAs("mrr")).subtract(r.getAs("mrr_30d_ago"));
            BigDecimal movement = r.getAs("mrr_movement");
            BigDecimal fx = r.getAs("mrr_fx");
            assertEquals(0, change.compareTo(movement.add(fx)), "movement + fx = MRR change: " + r);
            got.put(r.getAs("account_id"), r.getAs("movement") + " " + movement.setScale(2) + " " + fx.setScale(2));
        }
        assertEquals(Map.of(
                "B1", "expansion 20.00 0.00",
                "B2", "expansion 10.00 0.00",
                "B3", "contraction -36.00 0.00",
                "B4", "unchanged 0.00 10.00",
                "B5", "expansion 12.00 -10.00"), got);
    }
}
