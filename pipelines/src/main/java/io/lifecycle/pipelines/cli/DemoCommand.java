package io.lifecycle.pipelines.cli;

import io.lifecycle.common.config.AppConfig;
import io.lifecycle.common.run.JobContext;
import io.lifecycle.common.run.Progress;
import io.lifecycle.pipelines.JobGraph;
import io.lifecycle.pipelines.Runner;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.SortedSet;
import java.util.TreeSet;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Generate a demo warehouse, run every job over its history, and print a per-segment summary.")
final class DemoCommand implements Runnable {
    @Mixin
    CommonOptions common;

    @Option(names = "--scale", defaultValue = "small", description = "small, medium or large (default: ${DEFAULT-VALUE}).")
    String scale;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public void run() {
        AppConfig config = common.config();
        LocalDate end = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        Progress progress = Progress.stderr();
        progress.step("demo", "writing a " + scale + " synthetic warehouse to " + config.warehouse());
        GenerateCommand.generate(common, GenerateCommand.parseScale(scale), seed, end, 0, config.warehouse());
        progress.step("demo", "starting a fresh lakehouse at " + config.lakehouse());
        Folders.deleteRecursively(config.lakehouse());
        JobContext ctx = common.jobContext();
        SortedSet<LocalDate> dates = snapshotDates(ctx.spark().read().parquet(
                config.warehouse().resolve("accounts").toString()), end);
        new Runner(ctx, JobGraph.standard()).run(dates, null, false);
        DemoSummary.print(ctx, end);
    }

    /** Month-ends over the history plus the last 35 days: what later jobs build snapshots for. */
    static SortedSet<LocalDate> snapshotDates(Dataset<Row> accounts, LocalDate end) {
        Row first = accounts.selectExpr("min(to_date(created_at))").first();
        LocalDate start = first.isNullAt(0) ? end : first.getDate(0).toLocalDate();
        SortedSet<LocalDate> dates = new TreeSet<>();
        for (LocalDate d = start.withDayOfMonth(1).plusMonths(1).minusDays(1); !d.isAfter(end);
             d = d.plusDays(1).plusMonths(1).minusDays(1)) {
            dates.add(d);
        }
        end.minusDays(34).datesUntil(end.plusDays(1)).forEach(dates::add);
        return dates;
    }
}
