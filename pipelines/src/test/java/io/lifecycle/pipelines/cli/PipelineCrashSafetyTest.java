package io.lifecycle.pipelines.cli;

import io.lifecycle.common.catalog.GoldTables;
import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.catalog.OpsTables;
import io.lifecycle.common.catalog.TableDef;
import io.lifecycle.common.catalog.Tables;
import io.lifecycle.common.run.Progress;
import io.lifecycle.common.testing.Frames;
import io.lifecycle.common.testing.SharedSpark;
import io.lifecycle.jobs.demodata.GeneratorSpec;
import io.lifecycle.jobs.demodata.Scale;
import io.lifecycle.jobs.demodata.WarehouseGenerator;
import io.lifecycle.pipelines.it.PublishedLakehouse;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A night killed with SIGKILL (a crashed driver, an OOM kill, a machine that lost power) at points across the jobs,
 * then run again as an operator would (the same command, no flag): the tables end exactly as a clean run of that
 * date leaves them, BI never sees a half-published night, and the run log records each crash. (About 10 minutes; its
 * name sorts it just before PipelineEndToEndTest, so the two long classes start early, one on each surefire fork.)
 */
class PipelineCrashSafetyTest {
    private static final SparkSession SPARK = SharedSpark.get();
    private static final LocalDate NIGHT = LocalDate.of(2026, 6, 30);
    private static final LocalDate BEFORE = NIGHT.minusDays(1);

    /** Where each crash happens: a line of the run's progress output, and what is under way when it appears. */
    private static final List<Pattern> KILL_POINTS = List.of(
            Pattern.compile("ingest\\s+\\S+\\s+staged"),       // ingest: the first input staged, the others not yet
            Pattern.compile("health\\s+scoring"),              // health: about to write gold_unpublished scores
            Pattern.compile("marts\\s+audited"));              // marts: audited, publishing the gold tables

    @TempDir
    Path tmp;

    private Path config(String lakehouse) throws IOException {
        return PublishedLakehouse.writeConfig(tmp.resolve("conf-" + lakehouse), tmp.resolve("warehouse"),
                tmp.resolve(lakehouse));
    }

    private static void runs(Path conf, LocalDate date) {
        CliRun run = CliRun.of("run", "--date", date.toString(), "--config", conf.toString());
        assertEquals(0, run.status(), run.err());
    }

    /** What BI sees: every _current view, and the published nights. */
    private static Map<String, List<Row>> whatBiSees(Path root) {
        Lakehouse.open(SPARK, root);
        Map<String, List<Row>> seen = new HashMap<>();
        for (TableDef def : Tables.all()) {
            if (def.currentViewName() != null) {
                seen.put(def.currentViewName(), SPARK.table(def.currentViewName()).drop("run_id", "fit_ms")
                        .collectAsList());
            }
        }
        seen.put(GoldTables.PUBLISHED_NIGHTS.qualifiedName(),
                SPARK.table(GoldTables.PUBLISHED_NIGHTS.qualifiedName()).drop("run_id").collectAsList());
        return seen;
    }

    @Test
    void aNightKilledAtAnyPointAndRunAgainEndsAsACleanRunAndBiNeverSeesItHalfDone() throws IOException {
        new WarehouseGenerator(SPARK, Progress.silent())
                .generate(new GeneratorSpec(Scale.TINY, 11, NIGHT, 0), tmp.resolve("warehouse"));
        Path clean = config("clean");
        Path crashed = config("crashed");
        runs(clean, BEFORE);
        PublishedLakehouse.copyRecursively(tmp.resolve("clean"), tmp.resolve("crashed"));
        runs(clean, NIGHT);
        Map<String, List<Row>> expected = PipelineEndToEndTest.contentOfDataTables(tmp.resolve("clean"));
        Map<String, List<Row>> seenBefore = whatBiSees(tmp.resolve("crashed"));
        assertTrue(seenBefore.get("gold.account_health_current").stream()
                .allMatch(r -> r.getAs("snapshot_date").toString().equals(BEFORE.toString())), "BI sees " + BEFORE);

        List<String> crashes = new ArrayList<>();
        for (Pattern at : KILL_POINTS) {
            CliRun killed = CliRun.killedAt(at, "run", "--date", NIGHT.toString(), "--config", crashed.toString());
            assertEquals(137, killed.status(), "killed at '" + at + "' (else it ended by itself):\n" + killed.err());
            crashes.add(at.pattern());
            Map<String, List<Row>> seen = whatBiSees(tmp.resolve("crashed"));
            for (Map.Entry<String, List<Row>> view : seenBefore.entrySet()) {
                Frames.assertSameRows("after the kill at '" + at + "', " + view.getKey(), view.getValue(),
                        seen.get(view.getKey()));
            }
        }

        CliRun again = CliRun.of("run", "--date", NIGHT.toString(), "--config", crashed.toString());
        assertEquals(0, again.status(), again.err());
        Map<String, List<Row>> actual = PipelineEndToEndTest.contentOfDataTables(tmp.resolve("crashed"));
        assertEquals(expected.keySet(), actual.keySet());
        for (String table : expected.keySet()) {
            Frames.assertSameRows(table, expected.get(table), actual.get(table));
        }

        Lakehouse lake = Lakehouse.open(SPARK, tmp.resolve("crashed"));
        Dataset<Row> recorded = lake.read(OpsTables.PIPELINE_RUNS).where("snapshot_date = DATE'" + NIGHT
                + "' AND status = 'failed' AND message LIKE 'crashed%'");
        assertEquals(crashes.size(), recorded.select("run_id").distinct().count(),
                "each killed run is recorded as crashed: " + recorded.collectAsList());
        assertEquals(0, lake.read(OpsTables.PIPELINE_RUNS).where("status = 'running'").count(), "nothing left running");
    }
}
