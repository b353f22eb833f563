package io.lifecycle.pipelines.cli;

import io.lifecycle.common.LifecycleException;
import io.lifecycle.common.catalog.GoldTables;
import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.catalog.SilverTables;
import io.lifecycle.common.catalog.StagingTables;
import io.lifecycle.jobs.health.ChurnLabels;
import io.lifecycle.jobs.health.HealthBacktest;
import io.lifecycle.jobs.health.HealthBacktest.SegmentSummary;
import io.lifecycle.jobs.health.Scorecard;
import io.lifecycle.jobs.health.ScorecardConfig;
import io.lifecycle.jobs.health.ScorecardTuning;
import io.lifecycle.jobs.health.ScorecardYaml;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedSet;
import java.util.TreeSet;

import static org.apache.spark.sql.functions.max;

/**
 * bin/lifecycle health tune: fits weights and linear cut-offs per segment on the lakehouse's month-end history
 * ({@link ScorecardTuning}), prints the current and the proposed scorecard's backtest on the newer months side by
 * side, and writes the proposal as a scorecards.yaml to review. Reads the lakehouse only; never writes conf/.
 */
@Command(name = "tune", mixinStandardHelpOptions = true,
        description = "Fit scorecard weights and linear cut-offs per segment to this lakehouse's month-end history "
                + "(fit on the older month-ends, checked on the newest third), print the backtest of the current and "
                + "the proposed scorecards side by side, and write the proposal as a scorecards.yaml to review and "
                + "copy into conf/ yourself.")
final class HealthTuneCommand implements Runnable {
    @Mixin
    CommonOptions common;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write the proposal (default: "
            + "tuned/scorecards-<last date>.yaml beside the lakehouse). Never a file in the config folder.")
    Path out;

    @Option(names = "--min-month-ends", defaultValue = "12", paramLabel = "N",
            description = "Refuse to tune on fewer month-end snapshots with a closed churn horizon (default: "
                    + "${DEFAULT-VALUE}; at least 3).")
    int minMonthEnds;

    @Override
    public void run() {
        ScorecardConfig config = ScorecardConfig.load(common.configDir(), common.config());
        int horizon = config.backtest().horizonDays();
        Lakehouse lake = common.lakehouse();
        if (!lake.exists(GoldTables.ACCOUNT_HEALTH_DAILY)) {
            throw new LifecycleException("No health scores in " + common.config().lakehouse()
                    + ": run the pipeline (bin/lifecycle run or backfill) before tuning.");
        }
        Dataset<Row> health = lake.read(GoldTables.ACCOUNT_HEALTH_DAILY);
        Row last = health.agg(max("snapshot_date")).first();
        if (last.isNullAt(0)) {
            throw new LifecycleException("gold.account_health_daily is empty: run the pipeline before tuning.");
        }
        LocalDate dataEnd = last.getDate(0).toLocalDate();
        ScorecardTuning.Split split = ScorecardTuning.split(HealthBacktest.monthEndSnapshots(health), horizon,
                dataEnd, minMonthEnds);
        Path target = target(dataEnd);
        SortedSet<LocalDate> closed = new TreeSet<>(split.closed());
        Dataset<Row> features = lake.read(SilverTables.ACCOUNT_FEATURES_DAILY)
                .where(Lakehouse.onDates("snapshot_date", closed)).cache();
        Dataset<Row> labels = ChurnLabels.of(lake.read(StagingTables.SUBSCRIPTIONS), closed, horizon, dataEnd).cache();
        ScorecardTuning.Result result = ScorecardTuning.tune(features, labels, config, split, horizon, dataEnd);
        print(result, horizon);
        write(result, target, horizon, dataEnd);
        System.out.println();
        System.out.println("Proposal written to " + target);
        System.out.println("Review it, then copy it to " + common.configDir().toAbsolutePath().normalize()
                .resolve(ScorecardConfig.FILE_NAME) + " to score with it from the next run.");
    }

    private Path target(LocalDate dataEnd) {
        Path file = (out != null ? out : common.config().lakehouse().resolveSibling("tuned")
                .resolve("scorecards-" + dataEnd + ".yaml")).toAbsolutePath().normalize();
        Path conf = common.configDir().toAbsolutePath().normalize();
        if (file.startsWith(conf)) {
            throw new LifecycleException("health tune does not write into the config folder (" + conf + "): give "
                    + "--out a file elsewhere, review it, and copy it to conf/ yourself.");
        }
        return file;
    }

    private static void print(ScorecardTuning.Result r, int horizon) {
        ScorecardTuning.Split s = r.split();
        System.out.printf("health tune: %d month-ends with a closed %d-day horizon; fit on %d (%s .. %s), "
                        + "report on %d (%s .. %s)%n", s.closed().size(), horizon, s.fit().size(), s.fit().get(0),
                s.fit().get(s.fit().size() - 1), s.report().size(), s.report().get(0),
                s.report().get(s.report().size() - 1));
        r.tuned().forEach((segment, card) -> System.out.printf("  %-14s -> %s: %s%n", segment, card.name(),
                describe(card)));
        r.kept().forEach((segment, why) -> System.out.printf("  %-14s %s%n", segment, why));
        System.out.printf("%nBacktest on the report month-ends (pooled), current vs proposed scorecard:%n");
        System.out.printf(Locale.ROOT, "%-14s %-10s %8s %6s  %7s %7s  %6s %6s  %9s %9s%n", "segment", "population",
                "accounts", "churn", "auc cur", "auc new", "lift c", "lift n", "r/g cur", "r/g new");
        for (ScorecardTuning.Comparison c : r.comparisons()) {
            SegmentSummary cur = c.current();
            SegmentSummary neu = c.proposed();
            System.out.printf(Locale.ROOT, "%-14s %-10s %8d %6d  %7s %7s  %6s %6s  %9s %9s%n", c.segment(),
                    c.population(), cur.accounts(), cur.churnEvents(), SegmentSummary.fmt(cur.rocAuc(), "%.3f"),
                    neu == null ? "-" : SegmentSummary.fmt(neu.rocAuc(), "%.3f"),
                    SegmentSummary.fmt(cur.topDecileLift(), "%.2f"),
                    neu == null ? "-" : SegmentSummary.fmt(neu.topDecileLift(), "%.2f"),
                    SegmentSummary.fmt(cur.redGreenRatio(), "%.1f"),
                    neu == null ? "-" : SegmentSummary.fmt(neu.redGreenRatio(), "%.1f"));
        }
        System.out.println("auc: P(a churner scored below a retained account); lift: churn rate of the lowest-scored "
                + "10% / overall; r/g: churn rate red / green (-: no red or no green account, or none churned in "
                + "green). Captured share of the ceiling needs the generator's ground truth: see bench health.");
    }

    /** Group and measure shares in one line, e.g. "support 45 (avg_csat_90d 30, tickets_90d 15), billing 55 (...)". */
    private static String describe(Scorecard card) {
        List<String> groups = new ArrayList<>();
        for (Scorecard.Group g : card.groups()) {
            List<String> measures = new ArrayList<>();
            g.measures().forEach(m -> measures.add(m.measureName() + " " + ScorecardYaml.num(m.weight())));
            groups.add(g.name() + " " + ScorecardYaml.num(g.weight()) + " (" + String.join(", ", measures) + ")");
        }
        return String.join(", ", groups);
    }

    private static void write(ScorecardTuning.Result r, Path target, int horizon, LocalDate dataEnd) {
        ScorecardTuning.Split s = r.split();
        List<String> comments = List.of(
                "Proposed by bin/lifecycle health tune on " + dataEnd + ": a scorecards.yaml to review, then copy",
                "into conf/ yourself. Nothing reads this file until you do.",
                "",
                "Per segment, scorecard tuned_<segment> is the scorecard the segment had, with linear cut-offs at",
                "the 10th and 90th percentile of its own accounts and measure weights learned from its churn",
                String.format("within %d days, fitted on the month-ends %s .. %s (%d) and checked on %s .. %s (%d).",
                        horizon, s.fit().get(0), s.fit().get(s.fit().size() - 1), s.fit().size(), s.report().get(0),
                        s.report().get(s.report().size() - 1), s.report().size()),
                "Weights are shares of the whole score in percent. The other scorecards and settings are the",
                "configuration tune read; docs/models.md explains every key.");
        try {
            Files.createDirectories(target.getParent());
            Files.writeString(target, ScorecardYaml.write(r.proposal(), comments));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
