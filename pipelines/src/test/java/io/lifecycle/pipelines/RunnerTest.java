package io.lifecycle.pipelines;

import java.time.Instant;
import io.lifecycle.common.catalog.OpsTables;
import io.lifecycle.common.LifecycleException;
import java.util.Set;
import org.apache.spark.sql.Row;
import io.lifecycle.common.run.RunLog;
import io.lifecycle.common.config.WriterLockSettings;
import io.lifecycle.common.run.LakehouseLock;
import io.lifecycle.common.catalog.Layer;
import io.lifecycle.common.catalog.TableDef;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.run.Job;
import io.lifecycle.common.run.JobContext;
import io.lifecycle.common.run.JobResult;
import io.lifecycle.common.run.Progress;
import io.lifecycle.common.testing.SharedSpark;
import io.lifecycle.common.testing.TestConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunnerTest {
    @TempDir
    Path tmp;

    /** A one-column silver table for fake jobs to read and write. */
    static TableDef table(String name) {
        return new TableDef(Layer.SILVER, name, "test table", new StructType().add("x", DataTypes.IntegerType),
                List.of(), List.of("x"), null, List.of());
    }

    /**
     * A job that writes table {@code out_<name>}, reads {@code out_<r>} for each r of {@code reads}, records the date
     * sets it was asked to run, and fails while {@code failures} is positive.
     */
    static final class FakeJob implements Job {
        final String name;
        final List<String> reads;
        final List<SortedSet<LocalDate>> calls = new ArrayList<>();
        int failures;

        FakeJob(String name, List<String> reads) {
            this.name = name;
            this.reads = reads;
        }

        public String name() {
            return name;
        }

        public List<TableDef> reads() {
            return reads.stream().map(r -> table("out_" + r)).toList();
        }

        public List<TableDef> writes() {
            return List.of(table("out_" + name));
        }

        public JobResult run(JobContext context, SortedSet<LocalDate> dates) {
            calls.add(new TreeSet<>(dates));
            context.lakehouse().ensure(table("out_" + name));
            if (failures-- > 0) {
                throw new LifecycleException("input broken on purpose");
            }
            return new JobResult(10, dates.size());
        }
    }

    private static SortedSet<LocalDate> range(String from, String to) {
        return new TreeSet<>(LocalDate.parse(from).datesUntil(LocalDate.parse(to).plusDays(1)).toList());
    }

    @Test
    void backfillRunsEachJobOnceOverItsDatesAndResumesAfterAFailure() {
        Lakehouse lake = Lakehouse.open(SharedSpark.get(), tmp.resolve("lake"));
        JobContext ctx = new JobContext(TestConfigs.of(tmp, tmp.resolve("lake")), tmp, lake, "run-1", Progress.silent());
        FakeJob a = new FakeJob("a", List.of());
        FakeJob b = new FakeJob("b", List.of("a"));
        b.failures = 1;
        Runner runner = new Runner(ctx, new JobGraph(List.of(a, b)));
        SortedSet<LocalDate> dates = range("2026-01-01", "2026-01-05");

        LifecycleException e = assertThrows(LifecycleException.class, () -> runner.run(dates, null, false));
        assertTrue(e.getMessage().contains("Job b failed") && e.getMessage().contains("input broken on purpose"),
                e.getMessage());
        assertEquals(List.of(dates), a.calls, "one pass over all five dates");

        Runner resumed = new Runner(new JobContext(ctx.config(), tmp, lake, "run-2", Progress.silent()),
                new JobGraph(List.of(a, b)));
        resumed.run(range("2026-01-01", "2026-01-06"), null, false);
        assertEquals(List.of(dates, range("2026-01-06", "2026-01-06")), a.calls,
                "a only runs the date it has not done yet");
        assertEquals(List.of(dates, range("2026-01-01", "2026-01-06")), b.calls);

        resumed.run(range("2026-01-03", "2026-01-03"), List.of("b"), true);
        assertEquals(3, b.calls.size(), "--force runs again");
        assertEquals(2, a.calls.size(), "--jobs b leaves a alone");

        var runs = lake.read(OpsTables.PIPELINE_RUNS);
        assertEquals(5, runs.where("job = 'b' AND status = 'failed' AND run_id = 'run-1'").count());
        assertEquals(6, runs.where("job = 'b' AND status = 'succeeded' AND run_id = 'run-2'").count(),
                "six dates resumed; the forced re-run of 01-03 in the same run replaced that date's row (one row per "
                + "run, job and date)");
        assertEquals(0, runs.where("status = 'running'").count(), "every job recorded its outcome");
        assertEquals("input broken on purpose",
                runs.where("status = 'failed'").select("message").first().getString(0));
    }

    /** Two runs on one lakehouse: the second waits for the first, then fails naming it; no job of it ran. */
    @Test
    void aSecondRunOnTheSameLakehouseFailsNamingTheRunThatHoldsIt() {
        Lakehouse lake = Lakehouse.open(SharedSpark.get(), tmp.resolve("lake"));
        JobContext ctx = new JobContext(TestConfigs.of(tmp, tmp.resolve("lake"))
                .withWriterLock(new WriterLockSettings(0, 10)), tmp, lake, "second-run", Progress.silent());
        FakeJob a = new FakeJob("a", List.of());
        try (LakehouseLock nightly = LakehouseLock.acquire(lake.root(), "nightly-run", WriterLockSettings.DEFAULT,
                Progress.silent())) {
            LifecycleException e = assertThrows(LifecycleException.class,
                    () -> new Runner(ctx, new JobGraph(List.of(a))).run(range("2026-01-01", "2026-01-01"), null, false));
            assertTrue(e.getMessage().contains("Another run is writing to this lakehouse")
                    && e.getMessage().contains("nightly-run"), e.getMessage());
        }
        assertEquals(List.of(), a.calls, "nothing ran while the other run held the lakehouse");
        new Runner(ctx, new JobGraph(List.of(a))).run(range("2026-01-01", "2026-01-01"), null, false);
        assertEquals(1, a.calls.size(), "runs once the lock is free");
    }

    /**
     * A run killed while a job ran leaves that job's rows running; the next run (holding the writer lock, so the
     * other process is gone) records them as failed, and the job runs those dates again.
     */
    @Test
    void aCrashedRunIsRecordedAsFailedByTheNextRunAndItsDatesRunAgain() {
        Lakehouse lake = Lakehouse.open(SharedSpark.get(), tmp.resolve("lake"));
        JobContext ctx = new JobContext(TestConfigs.of(tmp, tmp.resolve("lake")), tmp, lake, "next-run",
                Progress.silent());
        SortedSet<LocalDate> dates = range("2026-01-01", "2026-01-02");
        RunLog log = new RunLog(lake);
        log.record("killed-run", "a", range("2026-01-01", "2026-01-01"), RunLog.SUCCEEDED, new JobResult(1, 1),
                Instant.now(), 5, null);
        log.start("killed-run", "a", range("2026-01-02", "2026-01-02"), Instant.now());
        assertEquals(Set.of(LocalDate.parse("2026-01-01")), log.succeededDates("a"), "a running date is not done");

        FakeJob a = new FakeJob("a", List.of());
        new Runner(ctx, new JobGraph(List.of(a))).run(dates, null, false);
        var runs = lake.read(OpsTables.PIPELINE_RUNS);
        Row crashed = runs.where("run_id = 'killed-run' AND snapshot_date = DATE'2026-01-02'").first();
        assertEquals(RunLog.FAILED, crashed.getAs("status"));
        String message = crashed.getAs("message");
        assertTrue(message.startsWith("crashed") && message.contains("next-run"), message);
        assertEquals(List.of(range("2026-01-02", "2026-01-02")), a.calls, "the crashed date runs again, the done one not");
        assertEquals(Set.of(LocalDate.parse("2026-01-01"), LocalDate.parse("2026-01-02")), log.succeededDates("a"));
        assertEquals(0, runs.where("status = 'running'").count());
    }

    @Test
    void unknownJobNamesAreRejectedWithTheKnownOnes() {
        LifecycleException e = assertThrows(LifecycleException.class,
                () -> JobGraph.standard().select(List.of("ingest", "helth")));
        assertTrue(e.getMessage().contains("helth") && e.getMessage().contains("ingest, usage"), e.getMessage());
    }

    @Test
    void theOrderFollowsWhatEachJobReadsWhateverOrderTheJobsAreGivenIn() {
        JobGraph graph = new JobGraph(List.of(new FakeJob("c", List.of("a", "b")), new FakeJob("b", List.of("a")),
                new FakeJob("a", List.of())));
        assertEquals(List.of("a", "b", "c"), graph.names());
        assertEquals(List.of("a", "b"), graph.dependsOn("c"));
        assertEquals("b", graph.producerOf(table("out_b")));
    }

    @Test
    void cyclesTablesNobodyWritesAndTwoWritersOfATableAreRefused() {
        IllegalArgumentException cycle = assertThrows(IllegalArgumentException.class,
                () -> new JobGraph(List.of(new FakeJob("a", List.of("b")), new FakeJob("b", List.of("a")))));
        assertTrue(cycle.getMessage().contains("cycle"), cycle.getMessage());
        IllegalArgumentException orphan = assertThrows(IllegalArgumentException.class,
                () -> new JobGraph(List.of(new FakeJob("a", List.of("nobody")))));
        assertTrue(orphan.getMessage().contains("silver.out_nobody"), orphan.getMessage());
        IllegalArgumentException twoWriters = assertThrows(IllegalArgumentException.class,
                () -> new JobGraph(List.of(new FakeJob("a", List.of()), new FakeJob("a", List.of()))));
        assertTrue(twoWriters.getMessage().contains("written by both"), twoWriters.getMessage());
    }

    @Test
    void aJobWhoseInputIsMissingFailsNamingTheTableAndTheJobThatWritesIt() {
        Lakehouse lake = Lakehouse.open(SharedSpark.get(), tmp.resolve("lake"));
        JobContext ctx = new JobContext(TestConfigs.of(tmp, tmp.resolve("lake")), tmp, lake, "run-1", Progress.silent());
        FakeJob a = new FakeJob("a", List.of());
        FakeJob b = new FakeJob("b", List.of("a"));
        LifecycleException e = assertThrows(LifecycleException.class,
                () -> new Runner(ctx, new JobGraph(List.of(a, b))).run(range("2026-01-01", "2026-01-01"), List.of("b"), false));
        assertTrue(e.getMessage().contains("silver.out_a") && e.getMessage().contains("'a' job first"), e.getMessage());
        assertEquals(List.of(), b.calls, "b never ran");
    }
}
