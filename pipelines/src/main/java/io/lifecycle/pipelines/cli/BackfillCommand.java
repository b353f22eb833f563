package io.lifecycle.pipelines.cli;

import io.lifecycle.common.LifecycleException;
import io.lifecycle.pipelines.Every;
import io.lifecycle.pipelines.JobGraph;
import io.lifecycle.pipelines.Runner;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.time.LocalDate;
import java.util.List;
import java.util.SortedSet;

@Command(name = "backfill", mixinStandardHelpOptions = true,
        description = "Run every date of a range, each job in one pass over the dates it still lacks (resumable).")
final class BackfillCommand implements Runnable {
    @Mixin
    CommonOptions common;

    @Option(names = "--from", required = true, paramLabel = "YYYY-MM-DD", description = "First snapshot date.")
    LocalDate from;

    @Option(names = "--to", required = true, paramLabel = "YYYY-MM-DD", description = "Last snapshot date.")
    LocalDate to;

    @Option(names = "--every", defaultValue = "day", paramLabel = "day|week|month-end", converter = EveryConverter.class,
            description = "Which dates of the range: every day (default), the last day of each week (Sunday) or of "
                    + "each month; the --to date is always included.")
    Every every;

    @Option(names = "--jobs", split = ",", paramLabel = "JOB", description = "Only these jobs (default: all).")
    List<String> jobs;

    @Option(names = "--force", description = "Run dates again even if they already succeeded.")
    boolean force;

    @Override
    public void run() {
        if (to.isBefore(from)) {
            throw new LifecycleException("--to " + to + " is before --from " + from + ".");
        }
        SortedSet<LocalDate> dates = every.dates(from, to);
        new Runner(common.jobContext(), JobGraph.standard()).run(dates, jobs, force);
        System.out.println("Backfill done for " + from + " .. " + to + " (" + dates.size() + " dates, every "
                + every.label() + ").");
    }

    /** Accepts the schedule names as users type them (month-end has a dash). */
    static final class EveryConverter implements ITypeConverter<Every> {
        @Override
        public Every convert(String value) {
            try {
                return Every.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
