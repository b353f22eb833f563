package io.lifecycle.pipelines.demo;

import io.lifecycle.pipelines.cli.CommonOptions;
import io.lifecycle.pipelines.cli.Folders;
import io.lifecycle.common.config.AppConfig;
import io.lifecycle.common.run.JobContext;
import io.lifecycle.common.run.Progress;
import io.lifecycle.pipelines.Every;
import io.lifecycle.pipelines.JobGraph;
import io.lifecycle.pipelines.Runner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.SortedSet;
import java.util.stream.Stream;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Generate a demo warehouse, run every job over its history, and print a per-segment summary.")
public final class DemoCommand implements Runnable {
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
        Progress progress = common.progress();
        progress.step("demo", "writing a " + scale + " synthetic warehouse to " + config.warehouse());
        Folders.claim(config.lakehouse(), "demo");
        GenerateCommand.generate(common, "demo", GenerateCommand.parseScale(scale), seed, end, 0, config.warehouse());
        progress.step("demo", "starting a fresh lakehouse at " + config.lakehouse());
        Folders.reset(config.lakehouse(), "demo");
        JobContext ctx = common.jobContext();
        SortedSet<LocalDate> dates = snapshotDates(firstEventDate(config.warehouse().resolve("usage_events"), end), end);
        new Runner(ctx, JobGraph.standard()).run(dates, null, false);
        DemoSummary.print(ctx, end);
    }

    /**
     * Month-ends over the history, the last 35 days, and the day 90 days back: what later jobs build snapshots for
     * (the backtest reads month-ends; the latest health scores compare with 7, 30 and 90 days earlier).
     */
    public static SortedSet<LocalDate> snapshotDates(LocalDate start, LocalDate end) {
        SortedSet<LocalDate> dates = Every.MONTH_END.dates(start, end);
        dates.addAll(Every.DAY.dates(end.minusDays(34), end));
        if (!end.minusDays(90).isBefore(start)) {
            dates.add(end.minusDays(90));
        }
        return dates;
    }

    /** The first day of usage history, from the warehouse's event_date=YYYY-MM-DD partition folders. */
    public static LocalDate firstEventDate(Path usageEvents, LocalDate fallback) {
        try (Stream<Path> folders = Files.list(usageEvents)) {
            return folders.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("event_date="))
                    .map(n -> LocalDate.parse(n.substring("event_date=".length())))
                    .min(LocalDate::compareTo).orElse(fallback);
        } catch (IOException e) {
            return fallback;
        }
    }
}
