package io.lifecycle.jobs.ingest;

import io.lifecycle.common.catalog.OpsTables;
import io.lifecycle.common.catalog.StagingTables;
import io.lifecycle.common.LifecycleException;
import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.catalog.Tables;
import io.lifecycle.common.config.AppConfig;
import io.lifecycle.common.config.Inputs;
import io.lifecycle.common.config.SourceConfig;
import io.lifecycle.common.run.JobContext;
import io.lifecycle.common.run.Progress;
import io.lifecycle.common.testing.Frames;
import io.lifecycle.common.testing.SharedSpark;
import io.lifecycle.common.testing.TestConfigs;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static io.lifecycle.jobs.ingest.TinyWarehouse.SNAPSHOT;
import static io.lifecycle.jobs.ingest.TinyWarehouse.date;
import static io.lifecycle.jobs.ingest.TinyWarehouse.money;
import static io.lifecycle.jobs.ingest.TinyWarehouse.ts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.lifecycle.common.catalog.Layer;
import java.io.IOException;
import java.io.UncheckedIOException;

class IngestJobTest {
    private final SparkSession spark = SharedSpark.get();

    @TempDir
    Path tmp;

    private Lakehouse run(TinyWarehouse w, LocalDate date) {
        return run(TestConfigs.of(tmp.resolve("wh"), tmp.resolve("lake")), w, date);
    }

    private Lakehouse run(AppConfig config, TinyWarehouse w, LocalDate date) {
        if (w != null) {
            w.write(spark, config.warehouse());
        }
        Lakehouse lake = Lakehouse.open(spark, config.lakehouse());
        new IngestJob().run(new JobContext(config, tmp, lake, "run-" + date, Progress.silent()),
                new TreeSet<>(List.of(date)));
        return lake;
    }

    private Map<String, String> quarantineRules(Lakehouse lake, String input) {
        Map<String, String> byKey = new HashMap<>();
        for (Row r : lake.read(Tables.quarantine(input)).collectAsList()) {
            byKey.put(String.valueOf((Object) r.getAs("record_key")), r.getAs("rule"));
        }
        return byKey;
    }

    @Test
    void goodRowsAreStagedWithSegmentsAndReportingCurrency() {
        Lakehouse lake = run(TinyWarehouse.good(), SNAPSHOT);
        Map<String, String> segments = new HashMap<>();
        lake.read(StagingTables.ACCOUNTS).collectAsList().forEach(r -> segments.put(r.getAs("account_id"), r.getAs("segment")));
        assertEquals(Map.of("A1", "enterprise", "A2", "smb", "A3", "mid_market"), segments);
        Row eur = lake.read(StagingTables.SUBSCRIPTIONS).where("subscription_id = 'S2'").first();
        assertEquals(new BigDecimal("99.00"), eur.getAs("mrr_reporting"), "90 EUR at 1.1 USD/EUR");
        Row usd = lake.read(StagingTables.SUBSCRIPTIONS).where("subscription_id = 'S1'").first();
        assertEquals(new BigDecimal("2000.00"), usd.getAs("mrr_reporting"));
        assertEquals(5, lake.read(StagingTables.USAGE_EVENTS).count());
        assertEquals(0, lake.read(Tables.quarantine(Inputs.USAGE_EVENTS)).count());
        assertEquals(2, lake.read(StagingTables.LEADS).count(), "an unconverted lead has no account and is fine");
        // SQL works on the registered names.
        assertEquals(3L, spark.sql("SELECT count(*) FROM staging.accounts").first().getLong(0));
    }

    @Test
    void eachBrokenRuleQuarantinesTheRowWithItsRule() {
        TinyWarehouse w = TinyWarehouse.good();
        w.add(Inputs.ACCOUNTS, "", "NoKey", "x", "x", "1-10", "starter", ts("2025-01-01 00:00:00"), null);
        w.add(Inputs.USERS, "U9", "A404", ts("2025-01-01 00:00:00"), null);
        w.add(Inputs.SUBSCRIPTIONS, "S9", "A1", "core", date("2025-01-10"), null, "active", 2, money("-5.00"), "USD", "monthly");
        w.add(Inputs.SUBSCRIPTIONS, "S10", "A1", "core", date("2025-01-10"), null, "active", -1, money("5.00"), "USD", "monthly");
        w.add(Inputs.SUBSCRIPTIONS, "S11", "A1", "core", date("2025-01-10"), null, "active", 2, money("5.00"), "XXQ", "monthly");
        w.add(Inputs.SUBSCRIPTIONS, "S12", "A1", "core", date("2025-01-10"), null, "active", 2, money("5.00"), "JPY", "monthly");
        w.add(Inputs.SUBSCRIPTIONS, "S13", "A1", "core", date("2025-01-10"), null, "paused", 2, money("5.00"), "USD", "monthly");
        w.add(Inputs.INVOICES, "I9", "A1", ts("2026-01-10 00:00:00"), date("2026-02-10"), null, money("-1.00"), "USD", "one_off", "open");
        w.add(Inputs.NPS_RESPONSES, "N9", "A1", null, ts("2026-03-05 10:00:00"), 11);
        w.add(Inputs.SUPPORT_TICKETS, "T9", "A1", ts("2026-03-02 10:00:00"), null, "low", 0);
        w.add(Inputs.USAGE_EVENTS, "E9", "A1", "U1", ts("2026-04-02 10:00:00"), "reports", 1.0);
        w.add(Inputs.USAGE_EVENTS, null, "A1", "U1", ts("2026-03-30 10:00:00"), "reports", 1.0);
        w.add(Inputs.USAGE_EVENTS, "E10", "A404", "U1", ts("2026-03-30 10:00:00"), "reports", 1.0);
        w.add(Inputs.USAGE_EVENTS, "E11", "A1", "U1", ts("2026-03-30 10:00:00"), "reports", -2.0);
        w.add(Inputs.FX_RATES, date("2026-01-01"), "XXQ", new BigDecimal("1.00000000"));
        // The future event sits in the snapshot day's partition, as a skewed clock would put it.
        TinyWarehouse future = w;
        future.write(spark, tmp.resolve("wh"));
        moveFutureEventIntoSnapshotPartition(tmp.resolve("wh"));
        Lakehouse lake = run(TestConfigs.of(tmp.resolve("wh"), tmp.resolve("lake")), null, SNAPSHOT);

        assertEquals("null_key", quarantineRules(lake, Inputs.ACCOUNTS).get("null"));
        assertEquals("unknown_account", quarantineRules(lake, Inputs.USERS).get("U9"));
        Map<String, String> subs = quarantineRules(lake, Inputs.SUBSCRIPTIONS);
        assertEquals(Map.of("S9", "negative_value", "S10", "negative_value", "S11", "unknown_currency",
                "S12", "missing_fx_rate", "S13", "invalid_value"), subs);
        assertEquals(Map.of("I9", "negative_value"), quarantineRules(lake, Inputs.INVOICES));
        assertEquals(Map.of("N9", "out_of_range"), quarantineRules(lake, Inputs.NPS_RESPONSES));
        assertEquals(Map.of("T9", "out_of_range"), quarantineRules(lake, Inputs.SUPPORT_TICKETS));
        assertEquals(Map.of("E9", "event_after_snapshot", "null", "null_key", "E10", "unknown_account",
                "E11", "negative_value"), quarantineRules(lake, Inputs.USAGE_EVENTS));
        assertEquals(1, lake.read(Tables.quarantine(Inputs.FX_RATES)).count(), "XXQ is not ISO 4217");
        assertEquals(5, lake.read(StagingTables.USAGE_EVENTS).count(), "only the good events are staged");

        Row detail = lake.read(Tables.quarantine(Inputs.SUBSCRIPTIONS)).where("record_key = 'S9'").first();
        assertTrue(((String) detail.getAs("detail")).contains("mrr=-5"), (String) detail.getAs("detail"));
        assertTrue(((String) detail.getAs("record")).contains("\"subscription_id\":\"S9\""));
        assertEquals("run-" + SNAPSHOT, detail.getAs("run_id"));
        // ops.dq_results counts the failures per rule.
        Row dq = lake.read(OpsTables.DQ_RESULTS)
                .where("table_name = 'subscriptions' AND rule = 'negative_value'").first();
        assertEquals(2L, (long) dq.getAs("failing_rows"));
        assertFalse((boolean) dq.getAs("passed"));
    }

    private static void moveFutureEventIntoSnapshotPartition(Path warehouse) {
        try {
            Path from = warehouse.resolve("usage_events/event_date=2026-04-02");
            Path to = warehouse.resolve("usage_events/event_date=" + SNAPSHOT);
            try (var files = Files.list(from)) {
                for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".parquet")).toList()) {
                    Files.move(f, to.resolve("future-" + f.getFileName()));
                }
            }
            try (var rest = Files.list(from)) {
                for (Path f : rest.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(from);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void duplicatesKeepTheLatestVersionAndCountsReconcile() {
        TinyWarehouse w = TinyWarehouse.good();
        w.add(Inputs.USAGE_EVENTS, "E1", "A1", "U1", ts("2026-03-30 10:00:00"), "reports", 1.0);
        w.add(Inputs.SUPPORT_TICKETS, "T1", "A1", ts("2026-03-03 10:00:00"), ts("2026-03-04 10:00:00"), "urgent", 2);
        w.add(Inputs.NPS_RESPONSES, "N8", "A1", null, ts("2026-03-05 10:00:00"), 42);
        Lakehouse lake = run(w, SNAPSHOT);
        assertEquals(5, lake.read(StagingTables.USAGE_EVENTS).count());
        Row ticket = lake.read(StagingTables.SUPPORT_TICKETS).where("ticket_id = 'T1'").first();
        assertEquals(2, (int) ticket.getAs("csat"), "the later version (opened 03-03) wins");
        for (Row r : lake.read(OpsTables.DQ_RESULTS).where("rule = 'reconciliation'").collectAsList()) {
            long read = r.getAs("rows_read");
            long staged = r.getAs("rows_staged");
            long quarantined = r.getAs("rows_quarantined");
            long duplicates = r.getAs("duplicates_removed");
            assertEquals(read, staged + quarantined + duplicates, "reconciliation of " + r.getAs("table_name"));
            assertTrue((boolean) r.getAs("passed"));
        }
        Row events = lake.read(OpsTables.DQ_RESULTS).where("rule = 'reconciliation' AND table_name = 'usage_events'").first();
        assertEquals(6L, (long) events.getAs("rows_read"));
        assertEquals(1L, (long) events.getAs("duplicates_removed"));
        Row nps = lake.read(OpsTables.DQ_RESULTS).where("rule = 'reconciliation' AND table_name = 'nps_responses'").first();
        assertEquals(1L, (long) nps.getAs("rows_quarantined"));
    }

    @Test
    void csvSourceWithAnUnparseableTimestampQuarantinesThatRow() throws Exception {
        Path csv = tmp.resolve("csv/tickets.csv");
        Files.createDirectories(csv.getParent());
        Files.writeString(csv, """
                ticket_id,account_id,opened_at,closed_at,priority,csat
                T1,A1,2026-03-02 10:00:00,,urgent,
                T2,A2,yesterday-ish,,low,4
                T3,A2,2026-03-04T08:00:00Z,2026-03-05 08:00:00,high,3
                """);
        AppConfig config = TestConfigs.of(tmp.resolve("wh"), tmp.resolve("lake"))
                .withSource(Inputs.SUPPORT_TICKETS, new SourceConfig("csv", csv.toString(), null, null, null, null,
                        null, null, null, null, null));
        Lakehouse lake = run(config, TinyWarehouse.good(), SNAPSHOT);
        assertEquals(Map.of("T2", "unparseable"), quarantineRules(lake, Inputs.SUPPORT_TICKETS));
        Row t3 = lake.read(StagingTables.SUPPORT_TICKETS).where("ticket_id = 'T3'").first();
        assertEquals(ts("2026-03-04 08:00:00"), t3.getAs("opened_at"));
        assertEquals(3, (int) t3.getAs("csat"));
    }

    @Test
    void missingOrMistypedColumnFailsNamingInputAndColumnAndLeavesStagingUntouched() {
        Lakehouse first = run(TinyWarehouse.good(), SNAPSHOT);
        long accountsBefore = first.read(StagingTables.ACCOUNTS).count();
        spark.read().parquet(tmp.resolve("wh/leads").toString()).drop("source_channel")
                .write().mode("overwrite").parquet(tmp.resolve("wh2/leads").toString());
        copyAllBut(tmp.resolve("wh"), tmp.resolve("wh2"), "leads");
        AppConfig config = TestConfigs.of(tmp.resolve("wh2"), tmp.resolve("lake"));
        LifecycleException e = assertThrows(LifecycleException.class, () -> run(config, null, SNAPSHOT.plusDays(1)));
        assertTrue(e.getMessage().contains("leads") && e.getMessage().contains("source_channel"), e.getMessage());

        spark.read().parquet(tmp.resolve("wh/leads").toString())
                .withColumn("created_at", org.apache.spark.sql.functions.lit("not a time"))
                .write().mode("overwrite").parquet(tmp.resolve("wh2/leads").toString());
        LifecycleException typed = assertThrows(LifecycleException.class, () -> run(config, null, SNAPSHOT.plusDays(1)));
        assertTrue(typed.getMessage().contains("created_at") && typed.getMessage().contains("string")
                && typed.getMessage().contains("timestamp"), typed.getMessage());
        assertEquals(accountsBefore, first.read(StagingTables.ACCOUNTS).count());
        assertEquals(1, spark.read().format("delta").load(first.path(StagingTables.ACCOUNTS).toString())
                .sparkSession().sql("DESCRIBE HISTORY delta.`" + first.path(StagingTables.ACCOUNTS) + "`")
                .where("operation <> 'CREATE TABLE'").count(), "no second write happened");
    }

    @Test
    void missingEmptyOrCorruptInputFailsClearly() throws Exception {
        TinyWarehouse.good().write(spark, tmp.resolve("wh"));
        AppConfig config = TestConfigs.of(tmp.resolve("wh"), tmp.resolve("lake"));
        Path invoices = tmp.resolve("wh/invoices");
        Path saved = tmp.resolve("saved-invoices");
        Files.move(invoices, saved);
        LifecycleException missing = assertThrows(LifecycleException.class, () -> run(config, null, SNAPSHOT));
        assertTrue(missing.getMessage().contains("invoices") && missing.getMessage().contains("does not exist"),
                missing.getMessage());

        Files.createDirectories(invoices);
        LifecycleException empty = assertThrows(LifecycleException.class, () -> run(config, null, SNAPSHOT));
        assertTrue(empty.getMessage().contains("invoices") && empty.getMessage().contains("empty"), empty.getMessage());

        Files.delete(invoices);
        Files.move(saved, invoices);
        try (var files = Files.list(invoices)) {
            Path part = files.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
            Files.write(tmp.resolve("wh/invoices/corrupt.parquet"), new byte[]{'P', 'A', 'R', '1', 1, 2, 3, 'P', 'A', 'R', '1'});
            assertTrue(Files.exists(part));
        }
        LifecycleException corrupt = assertThrows(LifecycleException.class, () -> run(config, null, SNAPSHOT));
        assertTrue(corrupt.getMessage().contains("invoices"), corrupt.getMessage());
        assertFalse(Lakehouse.open(spark, tmp.resolve("lake")).exists(StagingTables.ACCOUNTS),
                "nothing was staged: every input is checked before any write");
    }

    @Test
    void rerunningTheSameDateGivesTheSameTables() {
        TinyWarehouse w = TinyWarehouse.good();
        w.add(Inputs.USAGE_EVENTS, "E1", "A1", "U1", ts("2026-03-30 10:00:00"), "reports", 1.0);
        w.add(Inputs.NPS_RESPONSES, "N8", "A1", null, ts("2026-03-05 10:00:00"), 42);
        Lakehouse lake = run(w, SNAPSHOT);
        var before = new HashMap<String, List<Row>>();
        for (var def : Tables.all()) {
            if (lake.exists(def) && def.layer() != Layer.OPS) {
                before.put(def.qualifiedName(), lake.read(def).drop("run_id").collectAsList());
            }
        }
        run(null, SNAPSHOT);
        for (var def : Tables.all()) {
            if (before.containsKey(def.qualifiedName())) {
                Frames.assertSameRows(spark.createDataFrame(before.get(def.qualifiedName()),
                        lake.read(def).drop("run_id").schema()), lake.read(def).drop("run_id"));
            }
        }
    }

    private static void copyAllBut(Path from, Path to, String except) {
        try (var inputs = Files.list(from)) {
            for (Path input : inputs.toList()) {
                if (input.getFileName().toString().equals(except)) {
                    continue;
                }
                try (var tree = Files.walk(input)) {
                    for (Path p : tree.toList()) {
                        Path target = to.resolve(from.relativize(p));
                        if (Files.isDirectory(p)) {
                            Files.createDirectories(target);
                        } else {
                            Files.copy(p, target);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
