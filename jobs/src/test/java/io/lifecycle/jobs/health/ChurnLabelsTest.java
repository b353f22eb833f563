package io.lifecycle.jobs.health;

import io.lifecycle.common.catalog.StagingTables;
import io.lifecycle.common.testing.Frames;
import io.lifecycle.common.testing.SharedSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ChurnLabelsTest {
    private final SparkSession spark = SharedSpark.get();

    static Row term(String id, String account, String start, String end, String status, double mrrReporting) {
        BigDecimal mrr = BigDecimal.valueOf(mrrReporting).setScale(2);
        return RowFactory.create(id, account, "core", Date.valueOf(start), end == null ? null : Date.valueOf(end),
                status, 5, mrr, "EUR", "monthly", mrr, null);
    }

    private static Row label(String date, String account, boolean churned, String churnDate) {
        return RowFactory.create(Date.valueOf(date), account, churned, churnDate == null ? null : Date.valueOf(churnDate));
    }

    @Test
    void labelsChurnWithinTheHorizonAsComputedByHand() {
        Dataset<Row> subs = spark.createDataFrame(List.of(
                // A1: three terms merge into one span 01-01..03-15 (02-01 starts the day after 01-31 ends; 02-10 overlaps)
                term("S1", "A1", "2025-01-01", "2025-01-31", "expired", 100),
                term("S2", "A1", "2025-02-01", "2025-02-20", "expired", 100),
                term("S3", "A1", "2025-02-10", "2025-03-15", "cancelled", 100),
                // A2: one uncovered day (02-11) between two terms is churn
                term("S4", "A2", "2025-01-01", "2025-02-10", "expired", 50),
                term("S5", "A2", "2025-02-12", null, "active", 50),
                // A3: open-ended; its status is not read
                term("S6", "A3", "2024-06-01", null, "cancelled", 70),
                // A4: a trial is no paid term: not in force on 01-31
                term("S7", "A4", "2025-01-01", "2025-01-31", "trial", 100),
                term("S8", "A4", "2025-02-01", null, "active", 100),
                // A5: a zero-MRR term is no paid term either
                term("S9", "A5", "2025-01-01", null, "active", 0),
                term("S10", "A5", "2025-01-01", "2025-02-15", "cancelled", 30),
                // A6: a nested term must not cut the span short (running max of ends, not the previous end)
                term("S11", "A6", "2025-01-01", "2025-03-31", "expired", 20),
                term("S12", "A6", "2025-01-10", "2025-01-20", "expired", 20),
                term("S13", "A6", "2025-04-01", "2025-04-30", "expired", 20),
                // A7 / A8: first uncovered day exactly D + h (churn) and D + h + 1 (no churn) for D = 01-31, h = 30
                term("S14", "A7", "2025-01-01", "2025-03-01", "expired", 10),
                term("S15", "A8", "2025-01-01", "2025-03-02", "expired", 10)),
                StagingTables.SUBSCRIPTIONS.schema());
        TreeSet<LocalDate> dates = new TreeSet<>(List.of(LocalDate.of(2025, 1, 31), LocalDate.of(2025, 2, 28),
                LocalDate.of(2025, 3, 31)));

        // 03-31 + 30 > data end 03-31: not closed, no labels
        Dataset<Row> actual = ChurnLabels.of(subs, dates, 30, LocalDate.of(2025, 3, 31));

        Dataset<Row> expected = spark.createDataFrame(List.of(
                label("2025-01-31", "A1", false, null), // span ends 03-15: 43 days later
                label("2025-02-28", "A1", true, "2025-03-16"),
                label("2025-01-31", "A2", true, "2025-02-11"),
                label("2025-02-28", "A2", false, null),
                label("2025-01-31", "A3", false, null),
                label("2025-02-28", "A3", false, null),
                label("2025-02-28", "A4", false, null),
                label("2025-01-31", "A5", true, "2025-02-16"), // A5 has no paid term on 02-28: no label
                label("2025-01-31", "A6", false, null), // covered until 04-30
                label("2025-02-28", "A6", false, null),
                label("2025-01-31", "A7", true, "2025-03-02"),
                label("2025-02-28", "A7", true, "2025-03-02"),
                label("2025-01-31", "A8", false, null),
                label("2025-02-28", "A8", true, "2025-03-03")), actual.schema());
        Frames.assertSameRows(expected, actual);
    }

    @Test
    void noClosedSnapshotNoLabels() {
        Dataset<Row> subs = spark.createDataFrame(List.of(term("S1", "A1", "2025-01-01", null, "active", 10)),
                StagingTables.SUBSCRIPTIONS.schema());
        assertEquals(0, ChurnLabels.of(subs, new TreeSet<>(List.of(LocalDate.of(2025, 3, 1))), 90,
                LocalDate.of(2025, 5, 29)).count());
        assertEquals(1, ChurnLabels.of(subs, new TreeSet<>(List.of(LocalDate.of(2025, 3, 1))), 90,
                LocalDate.of(2025, 5, 30)).count(), "03-01 + 90 days = 05-30");
    }
}
