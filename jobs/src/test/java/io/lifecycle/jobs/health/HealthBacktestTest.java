package io.lifecycle.jobs.health;

import io.lifecycle.common.catalog.GoldTables;
import io.lifecycle.common.catalog.Tables;
import io.lifecycle.common.testing.Frames;
import io.lifecycle.common.testing.SharedSpark;
import io.lifecycle.jobs.health.HealthBacktest.SegmentSummary;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class HealthBacktestTest {
    private final SparkSession spark = SharedSpark.get();

    /** The measures array element of gold.account_health_daily. */
    static final StructType MEASURE = new StructType(new StructField[] {
            DataTypes.createStructField("measure", DataTypes.StringType, false),
            DataTypes.createStructField("group", DataTypes.StringType, false),
            DataTypes.createStructField("feature", DataTypes.StringType, false),
            DataTypes.createStructField("raw_value", DataTypes.DoubleType, true),
            DataTypes.createStructField("score", DataTypes.DoubleType, true),
            DataTypes.createStructField("weight", DataTypes.DoubleType, false),
            DataTypes.createStructField("effective_weight", DataTypes.DoubleType, false),
            DataTypes.createStructField("contribution", DataTypes.DoubleType, true),
            DataTypes.createStructField("points_lost", DataTypes.DoubleType, true)});

    /** The schema of gold.account_health_daily as the health scoring writes it (not in this branch). */
    static final StructType HEALTH = new StructType(new StructField[] {
            DataTypes.createStructField("snapshot_date", DataTypes.DateType, false),
            DataTypes.createStructField("account_id", DataTypes.StringType, false),
            DataTypes.createStructField("segment", DataTypes.StringType, false),
            DataTypes.createStructField("score", DataTypes.DoubleType, true),
            DataTypes.createStructField("band", DataTypes.StringType, false),
            DataTypes.createStructField("mrr", Tables.MONEY, false),
            DataTypes.createStructField("scorecard", DataTypes.StringType, false),
            DataTypes.createStructField("scorecard_version", DataTypes.StringType, false),
            DataTypes.createStructField("measures", DataTypes.createArrayType(MEASURE, false), false),
            DataTypes.createStructField("coverage", DataTypes.DoubleType, true)});

    static final StructType LABELS = new StructType(new StructField[] {
            DataTypes.createStructField("snapshot_date", DataTypes.DateType, false),
            DataTypes.createStructField("account_id", DataTypes.StringType, false),
            DataTypes.createStructField("churned_within_horizon", DataTypes.BooleanType, false),
            DataTypes.createStructField("churn_date", DataTypes.DateType, true)});

    static final StructType RENEWALS = new StructType(new StructField[] {
            DataTypes.createStructField("snapshot_date", DataTypes.DateType, false),
            DataTypes.createStructField("account_id", DataTypes.StringType, false),
            DataTypes.createStructField("renewal_date", DataTypes.DateType, true),
            DataTypes.createStructField("billing_period", DataTypes.StringType, true)});

    static Row health(String date, String account, String segment, double score, String band, double mrr,
                      String version, List<Row> measures) {
        return RowFactory.create(Date.valueOf(date), account, segment, score, band, BigDecimal.valueOf(mrr).setScale(2),
                "sc_" + segment, version, measures, 1.0);
    }

    private static Row h(String date, String account, String segment, double score, String band, double mrr, String version) {
        return health(date, account, segment, score, band, mrr, version, List.of());
    }

    private static Row label(String date, String account, boolean churned) {
        return RowFactory.create(Date.valueOf(date), account, churned, null);
    }

    private static Row renewal(String date, String account, String renewalDate, String billingPeriod) {
        return RowFactory.create(Date.valueOf(date), account, renewalDate == null ? null : Date.valueOf(renewalDate),
                billingPeriod);
    }

    private static Row expected(String segment, String month, long accounts, long churn, Double auc, Double lift,
                                Double red, Double yellow, Double green, long nRed, long nYellow, long nGreen,
                                String churnedMrr, Double share, String version) {
        return expected(segment, month, "all", accounts, churn, auc, lift, red, yellow, green, nRed, nYellow, nGreen,
                churnedMrr, share, version);
    }

    private static Row expected(String segment, String month, String population, long accounts, long churn,
                                Double auc, Double lift, Double red, Double yellow, Double green, long nRed,
                                long nYellow, long nGreen, String churnedMrr, Double share, String version) {
        return RowFactory.create(segment, Date.valueOf(month), 30, population, accounts, churn, auc, lift, red, yellow, green,
                nRed, nYellow, nGreen, new BigDecimal(churnedMrr), share, version, Date.valueOf("2025-03-31"));
    }

    private Dataset<Row> healthFrame() {
        return spark.createDataFrame(List.of(
                // January: 01-15 is not the month's last scored day, 01-31 is
                h("2025-01-15", "a1", "S1", 99.0, "green", 100, "v0"),
                h("2025-01-31", "a1", "S1", 10.0, "red", 100, "v1"),
                h("2025-01-31", "a2", "S1", 30.0, "red", 200, "v1"),
                h("2025-01-31", "a3", "S1", 50.0, "yellow", 300, "v1"),
                h("2025-01-31", "a4", "S1", 80.0, "green", 400, "v1"),
                h("2025-01-31", "a5", "S1", 80.0, "unknown", 50, "v1"),
                h("2025-01-31", "b1", "S2", 40.0, "yellow", 10, "v2"),
                h("2025-01-31", "b2", "S2", 60.0, "green", 20, "v2"),
                // February: the last scored day is 02-27 (no rows on 02-28)
                h("2025-02-27", "a1", "S1", 20.0, "red", 100, "v1"),
                h("2025-02-27", "a2", "S1", 20.0, "red", 250, "v2"),
                h("2025-02-27", "a3", "S1", 90.0, "green", 300, "v2"),
                // March: 03-31 + 30 days is after the run's data end 03-31: not closed
                h("2025-03-31", "a1", "S1", 20.0, "red", 100, "v2")), HEALTH);
    }

    private Dataset<Row> labelFrame() {
        return spark.createDataFrame(List.of(
                label("2025-01-15", "a1", true),
                label("2025-01-31", "a1", true), label("2025-01-31", "a2", false), label("2025-01-31", "a3", true),
                label("2025-01-31", "a4", true), label("2025-01-31", "a5", false),
                label("2025-01-31", "b1", false), label("2025-01-31", "b2", false),
                label("2025-02-27", "a1", false), label("2025-02-27", "a2", true), label("2025-02-27", "a3", false)),
                LABELS);
    }

    /**
     * Horizon 30 days. January (D = 01-31, D + 30 = 03-02): a1 monthly; a3 annual renewing 02-20; a5 renewing on
     * 03-02 (the horizon's last day counts); a2 and the S2 accounts renew after the horizon; a4 has no features row.
     * February (D = 02-27): only a1 (monthly) renews inside the horizon.
     */
    private Dataset<Row> renewalFrame() {
        return spark.createDataFrame(List.of(
                renewal("2025-01-31", "a1", "2025-02-28", "monthly"),
                renewal("2025-01-31", "a2", "2025-12-01", "annual"),
                renewal("2025-01-31", "a3", "2025-02-20", "annual"),
                renewal("2025-01-31", "a5", "2025-03-02", "annual"),
                renewal("2025-01-31", "b1", "2025-06-01", "annual"),
                renewal("2025-01-31", "b2", "2025-03-03", "annual"),
                renewal("2025-02-27", "a1", "2025-02-28", "monthly"),
                renewal("2025-02-27", "a2", "2025-12-01", "annual"),
                renewal("2025-02-27", "a3", "2026-02-20", "annual")), RENEWALS);
    }

    @Test
    void backtestRowsAsComputedByHand() {
        Dataset<Row> actual = HealthBacktest.of(healthFrame(), labelFrame(), renewalFrame(), 30,
                LocalDate.of(2025, 3, 31));
        List<Row> rows = new ArrayList<>();
        // S1 January (01-31): churned scores {10, 50, 80}, retained {30, 80 (unknown band)}.
        // AUC of -score: 10 below 30 and 80 -> 2; 50 below 80 -> 1; 80 ties 80 -> 1/2; = 3.5 / 6.
        // Lift: 10% of 5 accounts = 0.5 slot, filled from a1 (10, churned): rate 1 / overall 3/5 = 5/3.
        // Bands: red 1 of 2, yellow 1 of 1, green 1 of 1 (a5 unknown: in no band).
        // Churned MRR 100 + 300 + 400 = 800, red or yellow 100 + 300 = 400 -> 0.5.
        rows.add(expected("S1", "2025-01-01", 5, 3, 3.5 / 6, 5.0 / 3, 0.5, 1.0, 1.0, 2, 1, 1, "800.00", 0.5, "v1"));
        // S2 January: no churn -> AUC, lift and MRR share null; no red account -> red rate null.
        rows.add(expected("S2", "2025-01-01", 2, 0, null, null, null, 0.0, 0.0, 0, 1, 1, "0.00", null, "v2"));
        // all January: churned {10, 50, 80}, retained {30, 80, 40, 60}: 10 -> 4, 50 -> 2 (60, 80), 80 -> 1/2 = 6.5 / 12.
        // Lift: 0.7 slot, all from a1 (churned): 1 / (3/7) = 7/3. Bands: each 1 of 2. Version v1 (5 accounts) over v2 (2).
        rows.add(expected("all", "2025-01-01", 7, 3, 6.5 / 12, 7.0 / 3, 0.5, 0.5, 0.5, 2, 2, 2, "800.00", 0.5, "v1"));
        // S1 February (02-27): churned {20 (a2)}, retained {20 (a1), 90}: tie 1/2 + 1 = 1.5 / 2.
        // Lift: 0.3 slot from the tied group at 20 (churn rate 1/2): 0.5 / (1/3) = 1.5.
        // red 1 of 2, no yellow, green 0 of 1; churned MRR 250 (red) -> share 1; version v2 (2 accounts) over v1 (1).
        rows.add(expected("S1", "2025-02-01", 3, 1, 0.75, 1.5, 0.5, null, 0.0, 2, 0, 1, "250.00", 1.0, "v2"));
        rows.add(expected("all", "2025-02-01", 3, 1, 0.75, 1.5, 0.5, null, 0.0, 2, 0, 1, "250.00", 1.0, "v2"));
        // renewing, S1 January: a1 (10, red, churned, monthly), a3 (50, yellow, churned), a5 (80, unknown, retained;
        // renews on D + 30). Not a2 (renews in December), nor a4 (no renewal known). AUC: 10 and 50 below 80 = 1.
        // Lift: 0.3 slot from a1: 1 / (2/3) = 1.5. Churned MRR 100 + 300, all red or yellow.
        rows.add(expected("S1", "2025-01-01", "renewing", 3, 2, 1.0, 1.5, 1.0, 1.0, null, 1, 1, 0, "400.00", 1.0, "v1"));
        rows.add(expected("all", "2025-01-01", "renewing", 3, 2, 1.0, 1.5, 1.0, 1.0, null, 1, 1, 0, "400.00", 1.0, "v1"));
        // renewing, February: a1 alone (monthly, retained); no S2 account renews, so S2 has no renewing row.
        rows.add(expected("S1", "2025-02-01", "renewing", 1, 0, null, null, 0.0, null, null, 1, 0, 0, "0.00", null, "v1"));
        rows.add(expected("all", "2025-02-01", "renewing", 1, 0, null, null, 0.0, null, null, 1, 0, 0, "0.00", null, "v1"));
        Frames.assertApproximatelySameRows(spark.createDataFrame(rows, GoldTables.HEALTH_BACKTEST.schema()), actual, 1e-12);
    }

    @Test
    void summaryPoolsEveryClosedMonthPerSegment() {
        List<SegmentSummary> all = HealthBacktest.summary(healthFrame(), labelFrame(), renewalFrame(), 30,
                LocalDate.of(2025, 3, 31));
        assertEquals(List.of("S1/all", "S1/renewing", "S2/all", "all/all", "all/renewing"),
                all.stream().map(s -> s.segment() + "/" + s.population()).toList());
        SegmentSummary renewingS1 = all.get(1);
        assertEquals(4, renewingS1.accounts(), "a1, a3, a5 in January, a1 in February");
        assertEquals(2, renewingS1.churnEvents());
        // churned {10, 50}, retained {80, 20}: 10 -> 2, 50 -> 1 = 3 / 4
        assertEquals(0.75, renewingS1.rocAuc(), 1e-12);
        List<SegmentSummary> summary = all.stream().filter(s -> s.population().equals("all")).toList();
        assertEquals(List.of("S1", "S2", "all"), summary.stream().map(SegmentSummary::segment).toList());
        SegmentSummary s1 = summary.get(0);
        assertEquals(8, s1.accounts());
        assertEquals(4, s1.churnEvents());
        // churned {10, 50, 80, 20}, retained {30, 80, 20, 90}: 10 -> 4; 50 -> 2; 80 -> 1/2 + 1; 20 -> 1/2 + 3 = 11 / 16
        assertEquals(11.0 / 16, s1.rocAuc(), 1e-12);
        assertEquals(0.5, s1.churnRateRed(), 1e-12, "2 of 4 red");
        assertEquals(0.5, s1.churnRateGreen(), 1e-12, "1 of 2 green");
        SegmentSummary s2 = summary.get(1);
        assertNull(s2.rocAuc());
        assertNull(s2.churnRateRed());
        assertEquals(0.0, s2.churnRateGreen(), 1e-12);
        assertEquals(10, summary.get(2).accounts());
        System.out.println(SegmentSummary.header());
        summary.forEach(System.out::println);
    }

    @Test
    void monthEndSnapshotsAreEachMonthsLastScoredDay() {
        assertEquals(new TreeSet<>(List.of(LocalDate.of(2025, 1, 31), LocalDate.of(2025, 2, 27), LocalDate.of(2025, 3, 31))),
                HealthBacktest.monthEndSnapshots(healthFrame()));
    }
}
