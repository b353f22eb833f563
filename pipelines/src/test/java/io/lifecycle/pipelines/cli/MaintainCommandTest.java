package io.lifecycle.pipelines.cli;

import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.catalog.OpsTables;
import io.lifecycle.common.config.WriterLockSettings;
import io.lifecycle.common.run.JobResult;
import io.lifecycle.common.run.LakehouseLock;
import io.lifecycle.common.run.Progress;
import io.lifecycle.common.run.RunLog;
import io.lifecycle.common.testing.SharedSpark;
import io.lifecycle.pipelines.it.PublishedLakehouse;
import io.delta.tables.DeltaTable;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * bin/lifecycle maintain compacts a daily table written in many small commits (fewer files, the same rows), vacuums
 * with the configured retention, prints the footprint per table, refuses a retention under Delta's 7-day default,
 * and never runs beside a writer.
 */
class MaintainCommandTest {
    @TempDir
    Path tmp;

    @Test
    void compactsADailyTableKeepsItsRowsAndPrintsTheFootprint() throws IOException {
        Path conf = PublishedLakehouse.writeConfig(tmp.resolve("conf"), tmp.resolve("warehouse"), tmp.resolve("lake"));
        Lakehouse lake = Lakehouse.open(SharedSpark.get(), tmp.resolve("lake"));
        RunLog log = new RunLog(lake);
        for (int i = 1; i <= 6; i++) {
            List<LocalDate> day = List.of(LocalDate.of(2026, 1, i));
            log.start("run-" + i, "ingest", day, Instant.now());
            log.record("run-" + i, "ingest", day, RunLog.SUCCEEDED, new JobResult(i, i), Instant.now(), 10, null);
        }
        String path = lake.path(OpsTables.PIPELINE_RUNS).toString();
        long filesBefore = numFiles(path);
        Set<Row> rowsBefore = new HashSet<>(lake.read(OpsTables.PIPELINE_RUNS).collectAsList());
        assertTrue(filesBefore >= 6, "one file per commit: " + filesBefore);

        CliRun run = CliRun.of("maintain", "--config", conf.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("ops/pipeline_runs") && run.out().contains("retention 168 hours"), run.out());
        assertEquals(1, numFiles(path), "compacted into one file");
        assertEquals(rowsBefore, new HashSet<>(lake.read(OpsTables.PIPELINE_RUNS).collectAsList()), "the same rows");

        Files.writeString(conf.resolve("maintenance.yaml"), "vacuumRetentionHours: 24\noptimize: true\n");
        CliRun tooShort = CliRun.of("maintain", "--config", conf.toString());
        assertEquals(1, tooShort.status());
        assertTrue(tooShort.err().contains("vacuumRetentionHours") && tooShort.err().contains("168"), tooShort.err());
    }

    @Test
    void waitsForTheWriterThenFailsNamingIt() throws IOException {
        Path conf = PublishedLakehouse.writeConfig(tmp.resolve("conf"), tmp.resolve("warehouse"), tmp.resolve("lake"));
        Files.writeString(conf.resolve("application.yaml"), Files.readString(conf.resolve("application.yaml"))
                .replace("writerLock: {waitMinutes: 60, staleAfterMinutes: 10}",
                        "writerLock: {waitMinutes: 0, staleAfterMinutes: 10}"));
        try (LakehouseLock night = LakehouseLock.acquire(tmp.resolve("lake"), "nightly-7", WriterLockSettings.DEFAULT,
                Progress.silent())) {
            CliRun run = CliRun.of("maintain", "--config", conf.toString());
            assertEquals(1, run.status());
            assertTrue(run.err().contains("nightly-7"), run.err());
        }
    }

    private static long numFiles(String path) {
        return DeltaTable.forPath(SharedSpark.get(), path).detail().select("numFiles").first().getLong(0);
    }
}
