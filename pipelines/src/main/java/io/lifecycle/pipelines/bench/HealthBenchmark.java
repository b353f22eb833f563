package io.lifecycle.pipelines.bench;

import io.lifecycle.pipelines.demo.DemoCommand;
import io.lifecycle.common.catalog.GoldTables;
import io.lifecycle.common.catalog.StagingTables;
import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.run.JobContext;
import io.lifecycle.jobs.health.ChurnLabels;
import io.lifecycle.jobs.health.HealthBacktest;
import io.lifecycle.jobs.demodata.WarehouseGenerator;
import io.lifecycle.jobs.health.ScorecardConfig;
import io.lifecycle.pipelines.JobGraph;
import io.lifecycle.pipelines.Runner;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.trunc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * bench health: the pipeline up to health over a generated warehouse's history (month-ends and the days 90, 30, 7
 * and 1 before the night), then one nightly run; prints each job's time, the nightly health step's time, and the
 * backtest per segment against the targets (AUC at 90 days and red vs green churn rate).
 */
final class HealthBenchmark {
    private static final List<String> JOBS = List.of("ingest", "usage", "features", "health");
    private static final long MIN_CHURN_EVENTS = 50;

    private HealthBenchmark() {
    }

    /** Month-ends over the history, and the days the night's scores compare with (7, 30 and 90 days back). */
    static SortedSet<LocalDate> historyDates(LocalDate firstEventDate, LocalDate end) {
        SortedSet<LocalDate> dates = new TreeSet<>();
        for (LocalDate d : DemoCommand.snapshotDates(firstEventDate, end.minusDays(1))) {
            if (d.plusDays(1).getDayOfMonth() == 1) {
                dates.add(d);
            }
        }
        for (int days : new int[] {90, 30, 7, 1}) {
            dates.add(end.minusDays(days));
        }
        return dates;
    }

    /** Each job's time over the history and the night; a job already done in a reused lakehouse says skipped. */
    static void printJobTimes(List<String> jobs, List<Runner.JobOutcome> backfill, List<Runner.JobOutcome> nightly) {
        for (int i = 0; i < jobs.size(); i++) {
            System.out.printf("  %-9s history %10s   nightly %9s%n", jobs.get(i), time(backfill.get(i)),
                    time(nightly.get(i)));
        }
    }

    private static String time(Runner.JobOutcome outcome) {
        return outcome.ranFor().isEmpty() ? "skipped" : String.format("%.1f s", outcome.durationMs() / 1000.0);
    }

    static void run(JobContext ctx, LocalDate firstEventDate, LocalDate end) {
        Runner runner = new Runner(ctx, JobGraph.standard());
        SortedSet<LocalDate> history = historyDates(firstEventDate, end);
        List<Runner.JobOutcome> backfill = runner.run(history, JOBS, false);
        List<Runner.JobOutcome> nightly = runner.run(new TreeSet<>(List.of(end)), JOBS, false);

        Lakehouse lake = ctx.lakehouse();
        int horizon = ScorecardConfig.load(ctx.configDir(), ctx.config()).backtest().horizonDays();
        Dataset<Row> health = lake.read(GoldTables.ACCOUNT_HEALTH_DAILY);
        SortedSet<LocalDate> monthEnds = HealthBacktest.monthEndSnapshots(health);
        Dataset<Row> labels = ChurnLabels.of(lake.read(StagingTables.SUBSCRIPTIONS), monthEnds, horizon, end);
        List<HealthBacktest.SegmentSummary> summary = HealthBacktest.summary(health, labels, horizon, end);

        System.out.printf("bench health: %d history snapshot dates (%s .. %s), then one night (%s)%n",
                history.size(), history.first(), history.last(), end);
        printJobTimes(JOBS, backfill, nightly);
        System.out.printf("  nightly health step: %s (target < 120 s)%n", nightly.get(3).ranFor().isEmpty()
                ? "skipped, already done in this lakehouse" : time(nightly.get(3)));
        System.out.printf("%nBacktest, %d-day churn horizon, month-end snapshots pooled over closed months:%n", horizon);
        System.out.println(HealthBacktest.SegmentSummary.header() + "   red/green  targets");
        for (HealthBacktest.SegmentSummary s : summary) {
            Double ratio = s.churnRateRed() == null || s.churnRateGreen() == null || s.churnRateGreen() == 0 ? null
                    : s.churnRateRed() / s.churnRateGreen();
            String verdict = s.churnEvents() < MIN_CHURN_EVENTS ? "n/a (< " + MIN_CHURN_EVENTS + " churn events)"
                    : (s.rocAuc() != null && s.rocAuc() >= 0.75 && ratio != null && ratio >= 3 ? "met" : "NOT met")
                    + " (auc >= 0.75, red/green >= 3)";
            System.out.printf("%s   %9s  %s%n", s, ratio == null ? "-" : String.format("%.1f", ratio), verdict);
        }
        printCeiling(ctx, health, labels, horizon, end);
    }

    /**
     * The same backtest with the generator's hidden health (month of the snapshot, x 100) in place of the score:
     * what a score that knew each account's true health would reach on these snapshots, for scale.
     */
    private static void printCeiling(JobContext ctx, Dataset<Row> health, Dataset<Row> labels, int horizon,
                                     LocalDate end) {
        Path truth = ctx.config().warehouse().resolve(WarehouseGenerator.GROUND_TRUTH).resolve("health_monthly");
        if (!Files.isDirectory(truth)) {
            return;
        }
        Dataset<Row> hidden = ctx.lakehouse().spark().read().parquet(truth.toString());
        Dataset<Row> oracle = health.withColumn("month", trunc(col("snapshot_date"), "month"))
                .join(hidden, new String[] {"account_id", "month"})
                .withColumn("score", col("hidden_health").multiply(100.0))
                .withColumn("band", lit(null).cast("string")) // no bands: red and green print as -
                .drop("month", "hidden_health");
        System.out.printf("%nFor scale, the generator's hidden health (month of the snapshot) as the score, same "
                + "snapshots:%n");
        System.out.println(HealthBacktest.SegmentSummary.header());
        for (HealthBacktest.SegmentSummary s : HealthBacktest.summary(oracle, labels, horizon, end)) {
            System.out.printf("%s%n", s);
        }
    }
}
