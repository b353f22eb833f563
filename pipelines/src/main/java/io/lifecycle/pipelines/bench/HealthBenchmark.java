package io.lifecycle.pipelines.bench;

import io.lifecycle.pipelines.demo.DemoCommand;
import io.lifecycle.common.catalog.GoldTables;
import io.lifecycle.common.catalog.SilverTables;
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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * bench health: the pipeline up to health over a generated warehouse's history (month-ends and the days 90, 30, 7
 * and 1 before the night), then one nightly run; prints each job's time, the nightly health step's time, and the
 * backtest per segment and population (all, renewing) against the targets: captured share of the generator's
 * ceiling (the hidden health's AUC on the same snapshots) and red vs green churn rate.
 */
final class HealthBenchmark {
    private static final List<String> JOBS = List.of("ingest", "usage", "features", "health");
    private static final long MIN_CHURN_EVENTS = 50;
    private static final double MIN_CAPTURED_SHARE = 0.85;
    private static final double MIN_RED_GREEN_RATIO = 3;

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
        Dataset<Row> renewals = HealthBacktest.renewals(lake.read(SilverTables.ACCOUNT_FEATURES_DAILY)
                .where(Lakehouse.onDates("snapshot_date", monthEnds)));
        List<HealthBacktest.SegmentSummary> summary = HealthBacktest.summary(health, labels, renewals, horizon, end);
        Map<List<String>, Double> ceilings = ceilings(ctx, health, labels, renewals, horizon, end);

        System.out.printf("bench health: %d history snapshot dates (%s .. %s), then one night (%s)%n",
                history.size(), history.first(), history.last(), end);
        printJobTimes(JOBS, backfill, nightly);
        System.out.printf("  nightly health step: %s (target < 120 s)%n", nightly.get(3).ranFor().isEmpty()
                ? "skipped, already done in this lakehouse" : time(nightly.get(3)));
        System.out.printf("%nBacktest, %d-day churn horizon, month-end snapshots pooled over closed months. ceiling = "
                + "AUC of the generator's hidden health on the same snapshots; captured = (auc - 0.5) / (ceiling - 0.5)."
                + "%nPopulations: all = every scored account; renewing = renewal inside the horizon (monthly billing "
                + "included).%n", horizon);
        System.out.println(HealthBacktest.SegmentSummary.header() + String.format(Locale.ROOT, " %7s %8s %9s  %s",
                "ceiling", "captured", "red/green", "targets"));
        for (HealthBacktest.SegmentSummary s : summary) {
            Double ceiling = ceilings.get(List.of(s.segment(), s.population()));
            Double captured = capturedShare(s.rocAuc(), ceiling);
            Double ratio = s.redGreenRatio();
            System.out.printf(Locale.ROOT, "%s %7s %8s %9s  %s%n", s, HealthBacktest.SegmentSummary.fmt(ceiling, "%.3f"),
                    HealthBacktest.SegmentSummary.fmt(captured, "%.2f"),
                    HealthBacktest.SegmentSummary.fmt(ratio, "%.1f"), verdict(s.churnEvents(), captured, ratio));
        }
        System.out.printf("Targets (segments with >= %d churn events): captured >= %.2f, red churn >= %.0f x green.%n",
                MIN_CHURN_EVENTS, MIN_CAPTURED_SHARE, MIN_RED_GREEN_RATIO);
    }

    /** (auc - 0.5) / (ceiling - 0.5): the share of what the data allows above chance that the score reaches. */
    static Double capturedShare(Double auc, Double ceiling) {
        return auc == null || ceiling == null || !(ceiling > 0.5) ? null : (auc - 0.5) / (ceiling - 0.5);
    }

    static String verdict(long churnEvents, Double captured, Double redGreen) {
        if (churnEvents < MIN_CHURN_EVENTS) {
            return "n/a (< " + MIN_CHURN_EVENTS + " churn events)";
        }
        boolean met = captured != null && captured >= MIN_CAPTURED_SHARE && redGreen != null
                && redGreen >= MIN_RED_GREEN_RATIO;
        return met ? "met" : "NOT met";
    }

    /**
     * Per (segment, population), the AUC of the generator's hidden health (month of the snapshot, x 100) in place of
     * the score: what a score that knew each account's true health would reach on these snapshots. Empty when the
     * warehouse has no ground truth.
     */
    private static Map<List<String>, Double> ceilings(JobContext ctx, Dataset<Row> health, Dataset<Row> labels,
                                                      Dataset<Row> renewals, int horizon, LocalDate end) {
        Map<List<String>, Double> out = new HashMap<>();
        Path truth = ctx.config().warehouse().resolve(WarehouseGenerator.GROUND_TRUTH).resolve("health_monthly");
        if (!Files.isDirectory(truth)) {
            return out;
        }
        Dataset<Row> hidden = ctx.lakehouse().spark().read().parquet(truth.toString());
        Dataset<Row> oracle = health.withColumn("month", trunc(col("snapshot_date"), "month"))
                .join(hidden, new String[] {"account_id", "month"})
                .withColumn("score", col("hidden_health").multiply(100.0))
                .withColumn("band", lit(null).cast("string"))
                .drop("month", "hidden_health");
        for (HealthBacktest.SegmentSummary s : HealthBacktest.summary(oracle, labels, renewals, horizon, end)) {
            out.put(List.of(s.segment(), s.population()), s.rocAuc());
        }
        return out;
    }
}
