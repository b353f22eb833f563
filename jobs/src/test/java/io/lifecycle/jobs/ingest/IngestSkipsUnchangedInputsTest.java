package io.lifecycle.jobs.ingest;

import io.lifecycle.common.catalog.OpsTables;
import io.lifecycle.common.catalog.StagingTables;
import io.delta.tables.DeltaTable;
import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.catalog.Layer;
import io.lifecycle.common.catalog.TableDef;
import io.lifecycle.common.catalog.Tables;
import io.lifecycle.common.config.AppConfig;
import io.lifecycle.common.config.Inputs;
import io.lifecycle.common.run.JobContext;
import io.lifecycle.common.run.Progress;
import io.lifecycle.common.testing.Frames;
import io.lifecycle.common.testing.SharedSpark;
import io.lifecycle.common.testing.TestConfigs;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static io.lifecycle.jobs.ingest.TinyWarehouse.SNAPSHOT;
import static io.lifecycle.jobs.ingest.TinyWarehouse.ts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.sql.Date;

/** A night does not stage again an input whose source (and what its checks depend on) did not change. */
class IngestSkipsUnchangedInputsTest {
    private static final LocalDate NEXT = SNAPSHOT.plusDays(1);
    /** Inputs whose check result cannot depend on the snapshot date. */
    private static final List<String> SKIPPABLE = List.of(Inputs.FX_RATES, Inputs.ACCOUNTS, Inputs.USERS,
            Inputs.SUPPORT_TICKETS, Inputs.NPS_RESPONSES, Inputs.TOUCHPOINTS, Inputs.LEADS);

    private final SparkSession spark = SharedSpark.get();

    @TempDir
    Path tmp;

    /** The good warehouse plus a user of a not-yet-known account, an NPS score out of range and a duplicate ticket. */
    private static TinyWarehouse warehouse() {
        TinyWarehouse w = TinyWarehouse.good();
        w.add(Inputs.USERS, "U9", "A4", ts("2026-03-20 10:00:00"), null);
        w.add(Inputs.NPS_RESPONSES, "N9", "A1", null, ts("2026-03-05 10:00:00"), 11);
        w.add(Inputs.SUPPORT_TICKETS, "T1", "A1", ts("2026-03-03 10:00:00"), null, "urgent", 2);
        return w;
    }

    private AppConfig config() {
        return TestConfigs.of(tmp.resolve("wh"), tmp.resolve("lake"));
    }

    /** Runs ingest for one date; returns its progress output. */
    private String run(LocalDate date, boolean force) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Progress progress = new Progress(new PrintStream(out, true, StandardCharsets.UTF_8));
        new IngestJob().run(new JobContext(config(), tmp, Lakehouse.open(spark, tmp.resolve("lake")),
                "run-" + date + (force ? "-forced" : ""),
                progress, force), new TreeSet<>(List.of(date)));
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The lakehouse to read tables by path (opening it, which checks every table, is for a run). */
    private Lakehouse lake() {
        return new Lakehouse(spark, tmp.resolve("lake"));
    }

    private Map<String, Long> stagingVersions() {
        Map<String, Long> versions = new HashMap<>();
        for (String input : Inputs.ALL) {
            String path = lake().path(Tables.staging(input)).toString();
            versions.put(input, DeltaTable.forPath(spark, path).history(1).select("version").first().getLong(0));
        }
        return versions;
    }

    private Map<String, List<Row>> dataTables() {
        Map<String, List<Row>> content = new HashMap<>();
        for (TableDef def : Tables.all()) {
            if (lake().exists(def) && def.layer() != Layer.OPS) {
                content.put(def.qualifiedName(), lake().read(def).drop("run_id").collectAsList());
            }
        }
        return content;
    }

    private void assertSameTables(Map<String, List<Row>> before) {
        for (Map.Entry<String, List<Row>> e : before.entrySet()) {
            Dataset<Row> now = lake().read(Tables.find(e.getKey()).orElseThrow()).drop("run_id");
            Frames.assertSameRows(spark.createDataFrame(e.getValue(), now.schema()), now);
        }
    }

    private Dataset<Row> dqOf(LocalDate date) {
        return lake().read(OpsTables.DQ_RESULTS).where("snapshot_date = DATE'" + date + "'")
                .drop("run_id", "snapshot_date");
    }

    private static void assertSkipped(String progress, List<String> inputs) {
        for (String input : Inputs.ALL) {
            boolean said = progress.lines().anyMatch(l -> l.contains(input + " ") && l.contains("unchanged"));
            assertEquals(inputs.contains(input), said, input + " skipped as unchanged? progress:\n" + progress);
        }
    }

    @Test
    void aSecondNightSkipsUnchangedInputsAndStillReconcilesWithItsQuarantine() {
        warehouse().write(spark, tmp.resolve("wh"));
        run(SNAPSHOT, false);
        Map<String, List<Row>> staging = new HashMap<>(dataTables());
        staging.keySet().removeIf(name -> !name.startsWith("staging."));
        Map<String, Long> versions = stagingVersions();

        String progress = run(NEXT, false);

        assertSkipped(progress, SKIPPABLE);
        Map<String, Long> after = stagingVersions();
        for (String input : SKIPPABLE) {
            assertEquals(versions.get(input), after.get(input), "staging." + input + " was not written again");
        }
        assertTrue(after.get(Inputs.SUBSCRIPTIONS) > versions.get(Inputs.SUBSCRIPTIONS), "money depends on the date");
        assertTrue(after.get(Inputs.INVOICES) > versions.get(Inputs.INVOICES));
        assertSameTables(staging);

        // The skipped night still has its quarantine rows and its counts, under its own date and run.
        Row u9 = lake().read(Tables.quarantine(Inputs.USERS)).where("snapshot_date = DATE'" + NEXT + "'").first();
        assertEquals("U9", u9.getAs("record_key"));
        assertEquals("unknown_account", u9.getAs("rule"));
        assertEquals("run-" + NEXT, u9.getAs("run_id"));
        assertEquals(1, lake().read(Tables.quarantine(Inputs.NPS_RESPONSES))
                .where("snapshot_date = DATE'" + NEXT + "'").count());
        for (String input : Inputs.ALL) {
            Row r = lake().read(OpsTables.DQ_RESULTS).where("snapshot_date = DATE'" + NEXT + "' AND table_name = '"
                    + input + "' AND rule = 'reconciliation'").first();
            assertEquals((long) r.getAs("rows_read"), (long) r.getAs("rows_staged")
                    + (long) r.getAs("rows_quarantined") + (long) r.getAs("duplicates_removed"), input);
            assertEquals("run-" + NEXT, r.getAs("run_id"));
        }
        Row tickets = lake().read(OpsTables.DQ_RESULTS).where("snapshot_date = DATE'" + NEXT
                + "' AND table_name = 'support_tickets' AND rule = 'reconciliation'").first();
        assertEquals(1L, (long) tickets.getAs("duplicates_removed"));
        // Every rule of every input but the incremental events counts as on the night before.
        Frames.assertSameRows(dqOf(SNAPSHOT).where("table_name <> 'usage_events'"),
                dqOf(NEXT).where("table_name <> 'usage_events'"));
        Row ledger = lake().read(OpsTables.SOURCE_FINGERPRINTS).where("input = 'accounts'").first();
        assertEquals(Date.valueOf(SNAPSHOT), ledger.getAs("snapshot_date"), "last staged for the first night");
    }

    @Test
    void aChangedInputIsStagedAgainWithTheInputsCheckedAgainstIt() {
        TinyWarehouse w = warehouse();
        w.write(spark, tmp.resolve("wh"));
        run(SNAPSHOT, false);
        Map<String, Long> versions = stagingVersions();

        w.add(Inputs.ACCOUNTS, "A4", "Delta", "retail", "amer", "1-10", "starter", ts("2026-03-20 09:00:00"), null);
        w.write(spark, tmp.resolve("wh"), Inputs.ACCOUNTS);
        String progress = run(NEXT, false);

        assertSkipped(progress, List.of(Inputs.FX_RATES));
        Map<String, Long> after = stagingVersions();
        assertEquals(versions.get(Inputs.FX_RATES), after.get(Inputs.FX_RATES));
        for (String input : List.of(Inputs.ACCOUNTS, Inputs.USERS, Inputs.SUPPORT_TICKETS, Inputs.NPS_RESPONSES,
                Inputs.TOUCHPOINTS, Inputs.LEADS)) {
            assertTrue(after.get(input) > versions.get(input), input + " staged again");
        }
        assertEquals(4, lake().read(StagingTables.ACCOUNTS).count());
        assertEquals(1, lake().read(StagingTables.USERS).where("user_id = 'U9'").count(), "A4 is known now");
        assertEquals(0, lake().read(Tables.quarantine(Inputs.USERS)).where("snapshot_date = DATE'" + NEXT + "'").count());
        assertEquals(1, lake().read(Tables.quarantine(Inputs.USERS)).where("snapshot_date = DATE'" + SNAPSHOT + "'")
                .count(), "the first night's quarantine stays as it was");
        Row ledger = lake().read(OpsTables.SOURCE_FINGERPRINTS).where("input = 'users'").first();
        assertEquals(Date.valueOf(NEXT), ledger.getAs("snapshot_date"));
    }

    @Test
    void rerunningASkippingNightChangesNothing() {
        warehouse().write(spark, tmp.resolve("wh"));
        run(SNAPSHOT, false);
        run(NEXT, false);
        Map<String, List<Row>> before = dataTables();
        List<Row> dq = dqOf(NEXT).collectAsList();
        Map<String, Long> versions = stagingVersions();

        String progress = run(NEXT, false);

        assertSkipped(progress, SKIPPABLE);
        assertSameTables(before);
        Frames.assertSameRows(spark.createDataFrame(dq, dqOf(NEXT).schema()), dqOf(NEXT));
        Map<String, Long> after = stagingVersions();
        for (String input : SKIPPABLE) {
            assertEquals(versions.get(input), after.get(input), input);
        }
    }

    @Test
    void aForcedRunStagesEveryInput() {
        warehouse().write(spark, tmp.resolve("wh"));
        run(SNAPSHOT, false);
        Map<String, List<Row>> before = dataTables();
        before.keySet().removeIf(name -> !name.startsWith("staging."));
        Map<String, Long> versions = stagingVersions();

        String progress = run(NEXT, true);

        assertSkipped(progress, List.of());
        assertTrue(progress.contains("forced"), progress);
        Map<String, Long> after = stagingVersions();
        for (String input : Inputs.ALL) {
            assertTrue(after.get(input) > versions.get(input), input + " staged again");
        }
        assertSameTables(before);
        assertFalse(lake().read(OpsTables.SOURCE_FINGERPRINTS).where("snapshot_date <> DATE'" + NEXT + "'")
                .count() > 0, "every input recorded as staged for the forced night");
    }
}
