package io.lifecycle.jobs.health;

import io.lifecycle.common.catalog.GoldTables;
import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.catalog.SilverTables;
import io.lifecycle.common.catalog.TableDef;
import io.lifecycle.common.run.JobContext;
import io.lifecycle.jobs.demodata.WarehouseGenerator;
import io.lifecycle.jobs.features.FeaturesJob;
import io.lifecycle.jobs.testing.GeneratedLakehouse;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.util.Map;

/**
 * Features and health over a generated TINY warehouse's month-ends and last days, as the demo runs them: the
 * backtest covers exactly the months whose 90-day horizon has closed, and its churn counts agree with the
 * generator's ground-truth churn dates (a term ends on the churn day, so churn within (D, D + 90] means a churn
 * date in [D, D + 89]).
 */
class HealthBacktestJobTest {
    private static final LocalDate END = GeneratedLakehouse.END;
    private static final SortedSet<LocalDate> DATES = new TreeSet<>(List.of(LocalDate.of(2025, 7, 31),
            LocalDate.of(2025, 8, 31), LocalDate.of(2025, 9, 30), LocalDate.of(2025, 10, 31),
            LocalDate.of(2025, 11, 30), END.minusDays(90), END.minusDays(30), END.minusDays(7), END));

    @TempDir
    static Path tmp;
    private static JobContext ctx;

    @BeforeAll
    static void scoreHistory() {
        ctx = GeneratedLakehouse.get().copy(tmp);
        new FeaturesJob().run(ctx, DATES);
        new HealthJob().run(ctx, DATES);
    }

    @Test
    void backtestCoversClosedMonthsAndCountsChurnLikeTheGroundTruth() {
        Dataset<Row> backtest = ctx.lakehouse().read(GoldTables.HEALTH_BACKTEST).where("segment = 'all' AND population = 'all'");
        List<LocalDate> months = backtest.orderBy("snapshot_month").collectAsList().stream()
                .map(r -> ((Date) r.getAs("snapshot_month")).toLocalDate()).toList();
        assertEquals(List.of(LocalDate.of(2025, 7, 1), LocalDate.of(2025, 8, 1), LocalDate.of(2025, 9, 1)), months,
                "2025-09-30 + 90 days = 2025-12-29 <= END; 2025-10-31 + 90 is after END");

        Dataset<Row> truth = ctx.spark().read().parquet(GeneratedLakehouse.get().warehouse()
                .resolve(WarehouseGenerator.GROUND_TRUTH).resolve("churn_events").toString());
        Dataset<Row> scored = ctx.lakehouse().read(GoldTables.ACCOUNT_HEALTH_DAILY);
        long churnedTotal = 0;
        for (LocalDate monthEnd : List.of(LocalDate.of(2025, 7, 31), LocalDate.of(2025, 8, 31), LocalDate.of(2025, 9, 30))) {
            Dataset<Row> atD = scored.where(col("snapshot_date").equalTo(lit(Date.valueOf(monthEnd))));
            long accounts = atD.count();
            long churned = atD.join(truth, "account_id")
                    .where(col("churn_date").geq(lit(Date.valueOf(monthEnd)))
                            .and(col("churn_date").lt(date_add(lit(Date.valueOf(monthEnd)), 90))))
                    .select("account_id").distinct().count();
            Row row = backtest.where(col("snapshot_month").equalTo(lit(Date.valueOf(monthEnd.withDayOfMonth(1)))))
                    .first();
            assertEquals(accounts, (long) row.getAs("accounts"), monthEnd.toString());
            assertEquals(churned, (long) row.getAs("churn_events"), monthEnd.toString());
            assertEquals(90, (int) row.getAs("horizon_days"));
            churnedTotal += churned;
            Double auc = row.getAs("roc_auc");
            assertTrue(auc == null || (auc >= 0 && auc <= 1), "auc " + auc);
        }
        assertTrue(churnedTotal > 0, "the tiny warehouse has churn within the closed months");
        assertTrue(ctx.lakehouse().read(GoldTables.HEALTH_WEIGHT_SUGGESTIONS)
                .where(col("computed_at_snapshot").equalTo(lit(Date.valueOf(END)))).count() > 0);
    }

    /**
     * A monthly account renews inside the 90-day horizon, so it is in both populations; an annual account whose
     * renewal is after D + 90 is only in 'all'. Checked on the features of the generated accounts at 2025-07-31.
     */
    @Test
    void renewingHoldsTheMonthlyAccountsAndTheAnnualOnesRenewingInsideTheHorizon() {
        Date d = Date.valueOf(LocalDate.of(2025, 7, 31));
        Dataset<Row> features = ctx.lakehouse().read(SilverTables.ACCOUNT_FEATURES_DAILY)
                .where(col("snapshot_date").equalTo(lit(d)).and(col("customer_status").equalTo("active")));
        long monthly = features.where("billing_period = 'monthly'").count();
        long annualInside = features.where(col("billing_period").equalTo("annual")
                .and(col("renewal_date").leq(date_add(lit(d), 90)))).count();
        long annualOutside = features.where(col("billing_period").equalTo("annual")
                .and(col("renewal_date").gt(date_add(lit(d), 90)))).count();
        assertTrue(monthly > 0 && annualInside > 0 && annualOutside > 0,
                monthly + " monthly, " + annualInside + " annual inside, " + annualOutside + " outside");
        Dataset<Row> july = ctx.lakehouse().read(GoldTables.HEALTH_BACKTEST)
                .where("segment = 'all' AND snapshot_month = DATE'2025-07-01'");
        assertEquals(monthly + annualInside + annualOutside,
                (long) july.where("population = 'all'").first().getAs("accounts"));
        assertEquals(monthly + annualInside, (long) july.where("population = 'renewing'").first().getAs("accounts"));
    }

    /**
     * A lakehouse of an older Lifecycle holds gold.health_backtest without population. Opening it adds the column
     * (null in the old rows); the next health run rewrites the whole table, so no row is left without a population
     * and the key (segment, month, horizon, population) is unique again, with the 'all' rows as before.
     */
    @Test
    void rerunningOnALakehouseWrittenBeforePopulationsLeavesNoOldRow() throws Exception {
        JobContext old = ctx;
        Path table = old.lakehouse().path(GoldTables.HEALTH_BACKTEST);
        List<Row> before = old.lakehouse().read(GoldTables.HEALTH_BACKTEST).where("population = 'all'")
                .drop("population", "computed_at_snapshot").orderBy("segment", "snapshot_month").collectAsList();
        TableDef def = GoldTables.HEALTH_BACKTEST;
        TableDef older = new TableDef(def.layer(), def.name(), def.comment(), new StructType(java.util.Arrays
                .stream(def.schema().fields()).filter(f -> !f.name().equals("population")).toArray(StructField[]::new)),
                def.partitionColumns(), List.of("segment", "snapshot_month", "horizon_days"), def.dateColumn(),
                def.checks().stream().filter(c -> !c.name().equals("population_known")).toList());
        Dataset<Row> oldRows = ctx.spark().createDataFrame(old.lakehouse().read(def).where("population = 'all'")
                .drop("population").collectAsList(), older.schema());
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(table)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        new Lakehouse(ctx.spark(), old.lakehouse().root(), List.of(older), List.of()).overwrite(older, oldRows);

        JobContext reopened = new JobContext(old.config(), old.configDir(),
                Lakehouse.open(ctx.spark(), old.lakehouse().root()), "test", old.progress());
        Dataset<Row> opened = reopened.lakehouse().read(GoldTables.HEALTH_BACKTEST);
        assertEquals(before.size(), opened.where(col("population").isNull()).count(), "old rows: population null");

        new HealthJob().run(reopened, new TreeSet<>(List.of(END)));
        Dataset<Row> after = reopened.lakehouse().read(GoldTables.HEALTH_BACKTEST);
        assertEquals(0, after.where(col("population").isNull()).count());
        assertEquals(after.count(), after.select("segment", "snapshot_month", "horizon_days", "population")
                .distinct().count(), "key unique");
        assertEquals(before, after.where("population = 'all'").drop("population", "computed_at_snapshot")
                .orderBy("segment", "snapshot_month").collectAsList());
        assertTrue(after.where("population = 'renewing'").count() > 0);
    }

    @Test
    void changesCompareWithTheScoresOfExactlySevenThirtyAndNinetyDaysEarlier() {
        Dataset<Row> health = ctx.lakehouse().read(GoldTables.ACCOUNT_HEALTH_DAILY);
        Dataset<Row> today = health.where(col("snapshot_date").equalTo(lit(Date.valueOf(END))));
        for (int days : new int[] {7, 30, 90}) {
            Dataset<Row> earlier = health.where(col("snapshot_date").equalTo(lit(Date.valueOf(END.minusDays(days)))))
                    .select(col("account_id"), col("score").as("earlier"));
            List<Row> joined = today.join(earlier, "account_id")
                    .select(col("account_id"), col("score"), col("earlier"), col("score_" + days + "d_ago"),
                            col("change_" + days + "d")).collectAsList();
            assertTrue(joined.size() > 20, days + " days: " + joined.size());
            for (Row r : joined) {
                assertEquals(r.getDouble(2), r.getDouble(3), 1e-9, r.toString());
                assertEquals(r.getDouble(1) - r.getDouble(2), r.getDouble(4), 1e-9, r.toString());
            }
        }
        ctx.lakehouse().publish(GoldTables.ACCOUNT_HEALTH_DAILY, null, Map.of());
        assertEquals(today.count(), ctx.spark().sql("SELECT count(*) FROM gold.account_health_current").first()
                .getLong(0), "the _current view holds the latest published snapshot only");
        long withTrend = today.where(col("trend").isin("up", "down", "flat")).count();
        assertTrue(withTrend > 20, "trend from change_30d: " + withTrend);
    }
}
