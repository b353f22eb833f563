package io.lifecycle.pipelines;

import io.lifecycle.common.LifecycleException;
import io.lifecycle.common.catalog.TableDef;
import io.lifecycle.common.run.Job;
import io.lifecycle.common.run.JobContext;
import io.lifecycle.common.run.JobResult;
import io.lifecycle.common.run.RunLog;

import io.lifecycle.common.run.LakehouseLock;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.ArrayList;

/**
 * Runs jobs in dependency order for a set of snapshot dates, each job once over all its dates (one pass).
 * Dates a job already succeeded for are skipped unless forced, so an interrupted backfill resumes where it
 * stopped. Every outcome goes to ops.pipeline_runs.
 */
public final class Runner {
    private final JobContext context;
    private final JobGraph graph;
    private final RunLog runLog;

    public Runner(JobContext context, JobGraph graph) {
        this.context = context;
        this.graph = graph;
        this.runLog = new RunLog(context.lakehouse());
    }

    /** Outcome of one job in this run: the dates it ran for (empty: skipped, all done before). */
    public record JobOutcome(String job, SortedSet<LocalDate> ranFor, JobResult result, long durationMs) {
    }

    /**
     * Runs the jobs for the dates holding the lakehouse's writer lock ({@link LakehouseLock}): a second run on the
     * same lakehouse waits for this one (up to writerLock.waitMinutes), then fails naming it.
     */
    public List<JobOutcome> run(SortedSet<LocalDate> dates, Collection<String> onlyJobs, boolean force) {
        try (LakehouseLock held = LakehouseLock.acquire(context.lakehouse().root(), context.runId(),
                context.config().writerLockOrDefault(), context.progress())) {
            long abandoned = runLog.failAbandoned(context.runId());
            if (abandoned > 0) {
                context.progress().step("runner", String.format("recorded %,d job-date rows of earlier runs as "
                        + "failed: they were still running, and their processes are gone (a crash)", abandoned));
            }
            return runLocked(dates, onlyJobs, force);
        }
    }

    private List<JobOutcome> runLocked(SortedSet<LocalDate> dates, Collection<String> onlyJobs, boolean force) {
        List<JobOutcome> outcomes = new ArrayList<>();
        for (Job job : graph.select(onlyJobs)) {
            SortedSet<LocalDate> todo = new TreeSet<>(dates);
            if (!force) {
                Set<LocalDate> done = runLog.succeededDates(job.name());
                todo.removeAll(done);
            }
            if (todo.isEmpty()) {
                context.progress().step(job.name(), "already succeeded for " + describe(dates)
                        + "; skipped (use --force to run again)");
                outcomes.add(new JobOutcome(job.name(), todo, null, 0));
                continue;
            }
            for (TableDef table : job.reads()) {
                context.lakehouse().require(table, graph.producerOf(table));
            }
            context.progress().step(job.name(), "running for " + describe(todo));
            Instant started = Instant.now();
            runLog.start(context.runId(), job.name(), todo, started);
            long t0 = System.nanoTime();
            try {
                JobResult result = job.run(context.withForce(force), todo);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                runLog.record(context.runId(), job.name(), todo, RunLog.SUCCEEDED, result, started, ms, null);
                context.progress().step(job.name(), String.format("done in %.1fs (%,d rows in, %,d rows out)",
                        ms / 1000.0, result.rowsIn(), result.rowsOut()));
                outcomes.add(new JobOutcome(job.name(), todo, result, ms));
            } catch (Exception e) {
                long ms = (System.nanoTime() - t0) / 1_000_000;
                String message = e instanceof LifecycleException ? e.getMessage() : String.valueOf(e);
                runLog.record(context.runId(), job.name(), todo, RunLog.FAILED, null, started, ms, message);
                if (e instanceof LifecycleException) {
                    throw new LifecycleException("Job " + job.name() + " failed for " + describe(todo) + ": "
                            + e.getMessage(), e);
                }
                throw new LifecycleException("Job " + job.name() + " failed for " + describe(todo)
                        + " with an internal error: " + e + " (run with --verbose for the stack trace)", e);
            }
        }
        return outcomes;
    }

    static String describe(SortedSet<LocalDate> dates) {
        return dates.size() == 1 ? dates.first().toString()
                : dates.size() + " dates " + dates.first() + " .. " + dates.last();
    }
}
