package io.lifecycle.pipelines.cli;

import io.lifecycle.pipelines.it.PublishedLakehouse;
import org.apache.spark.sql.types.StructField;
import java.sql.Date;
import java.util.Arrays;
import org.apache.spark.sql.types.StructType;
import io.lifecycle.common.catalog.Migration;
import io.lifecycle.common.catalog.OpsTables;
import io.lifecycle.common.catalog.GoldTables;
import io.lifecycle.common.catalog.StagingTables;
import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.catalog.Layer;
import io.lifecycle.common.catalog.TableDef;
import io.lifecycle.common.catalog.Tables;
import io.lifecycle.common.run.Progress;
import io.lifecycle.common.testing.Frames;
import io.lifecycle.common.testing.SharedSpark;
import io.lifecycle.jobs.demodata.GeneratorSpec;
import io.lifecycle.jobs.demodata.Scale;
import io.lifecycle.jobs.demodata.WarehouseGenerator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.desc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command line over a generated warehouse with injected bad rows: run, re-run, backfill, sql and tables,
 * as a user would call them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineEndToEndTest {
    static final LocalDate END = LocalDate.of(2026, 6, 30);
    static final SparkSession SPARK = SharedSpark.get();

    @TempDir
    static Path tmp;
    static Path conf;

    @BeforeAll
    static void generateWarehouseAndConfig() throws IOException {
        new WarehouseGenerator(SPARK, Progress.silent())
                .generate(new GeneratorSpec(Scale.TINY, 11, END, 2), tmp.resolve("warehouse"));
        conf = writeConfig(tmp, "conf");
    }

    /** The shipped conf/ (every model YAML), with application.yaml pointed at this test's folders. */
    static Path writeConfig(Path root, String name) throws IOException {
        return PublishedLakehouse.writeConfig(root.resolve(name), root.resolve("warehouse"), root.resolve("lakehouse"));
    }

    private static CliRun cli(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--config";
        all[args.length + 1] = conf.toString();
        return CliRun.of(all);
    }

    private static Lakehouse lake() {
        return Lakehouse.open(SPARK, tmp.resolve("lakehouse"));
    }

    /** What legitimately differs between two runs of the same date: which run wrote it, and how long a fit took. */
    private static Dataset<Row> withoutRunMetadata(Dataset<Row> rows) {
        return rows.drop("run_id", "fit_ms");
    }

    private static Map<String, List<Row>> contentOfDataTables() {
        return contentOfDataTables(tmp.resolve("lakehouse"));
    }

    /** Every data table (not ops) and every published gold table of a lakehouse, without run metadata. */
    static Map<String, List<Row>> contentOfDataTables(Path root) {
        Map<String, List<Row>> content = new HashMap<>();
        Lakehouse lake = Lakehouse.open(SPARK, root);
        for (TableDef def : Tables.all()) {
            if (lake.exists(def) && def.layer() != Layer.OPS) {
                content.put(def.qualifiedName(), withoutRunMetadata(lake.read(def)).collectAsList());
            }
            if (lake.isPublished(def)) {
                content.put("published " + def.qualifiedName(),
                        withoutRunMetadata(lake.readPublished(def)).collectAsList());
            }
        }
        return content;
    }

    /** Runs the CLI in a JVM of its own whose default time zone is {@code zone}, with this test's --config. */
    private static CliRun cliIn(String zone, String... args) {
        String[] all = Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--config";
        all[args.length + 1] = conf.toString();
        return CliRun.inJvm(zone, all);
    }

    /**
     * The first run happens on a driver whose default time zone is 14 hours east of UTC, the forced re-run on one 11
     * hours west of it (each a JVM of its own, as a driver on such a machine): every table is the same, so no date
     * or time computation follows the machine's zone (the snapshot cut-off once did).
     */
    @Test
    @Order(1)
    void runningADateTwiceEastAndWestOfUtcLeavesEveryTableAsAfterTheFirstRun() {
        CliRun first = cliIn("Pacific/Kiritimati", "run", "--date", END.toString());
        assertEquals(0, first.status(), first.err());
        assertTrue(first.err().contains("ingest") && first.err().contains("staged"), "progress is shown: " + first.err());
        Map<String, List<Row>> before = contentOfDataTables();
        assertTrue(before.containsKey("silver.account_daily_usage") && before.containsKey("staging.usage_events"));

        CliRun skipped = cli("run", "--date", END.toString());
        assertEquals(0, skipped.status(), skipped.err());
        assertTrue(skipped.err().contains("already succeeded"), skipped.err());

        CliRun forced = cliIn("Pacific/Pago_Pago", "run", "--date", END.toString(), "--force");
        assertEquals(0, forced.status(), forced.err());
        Map<String, List<Row>> after = contentOfDataTables();
        assertEquals(before.keySet(), after.keySet());
        Lakehouse lake = lake();
        assertTrue(before.containsKey("published gold.account_health_daily")
                && before.containsKey("published gold.segment_kpis_daily"), "the night was published");
        for (String table : before.keySet()) {
            TableDef def = Tables.find(table.replace("published ", "")).orElseThrow();
            Dataset<Row> now = withoutRunMetadata(table.startsWith("published ") ? lake.readPublished(def)
                    : lake.read(def));
            Frames.assertSameRows(table, before.get(table), now.collectAsList());
        }
        assertEquals(2, lake.read(OpsTables.PIPELINE_RUNS).where("job = 'ingest' AND status = 'succeeded'").count());

        String forcedRunId = lake.read(OpsTables.PIPELINE_RUNS).where("job = 'ingest' AND status = 'succeeded'")
                .orderBy(desc("started_at")).first().getAs("run_id");
        String firstLine = forced.err().lines().filter(l -> l.startsWith("lifecycle: ")).findFirst().orElseThrow();
        assertTrue(firstLine.startsWith("lifecycle: run started") && firstLine.endsWith("[run " + forcedRunId + "]"),
                "the run's first message names the run id of ops.pipeline_runs: " + firstLine);
    }

    @Test
    @Order(2)
    void everyInjectedBadRowIsQuarantinedWithItsRuleAndCountsReconcile() {
        Lakehouse lake = lake();
        List<Row> bad = SPARK.read().parquet(tmp.resolve("warehouse/_ground_truth/bad_rows").toString()).collectAsList();
        assertFalse(bad.isEmpty());
        for (Row r : bad) {
            String input = r.getAs("input");
            String rule = r.getAs("rule");
            String key = r.getAs("record_key");
            if (rule.equals("duplicate")) {
                continue;
            }
            // A row with a null or empty key part has no full key to find it by; then the rule must have fired for the input.
            String keyCondition = key == null || key.isEmpty() ? "true" : "record_key = '" + key + "'";
            long found = lake.read(Tables.quarantine(input)).where(keyCondition + " AND rule = '" + rule + "'").count();
            assertTrue(found >= 1, input + " row " + key + " should be quarantined as " + rule);
        }
        for (Row r : lake.read(OpsTables.DQ_RESULTS).where("rule = 'reconciliation'").collectAsList()) {
            long read = r.getAs("rows_read");
            long total = (long) r.getAs("rows_staged") + (long) r.getAs("rows_quarantined")
                    + (long) r.getAs("duplicates_removed");
            assertEquals(read, total, "read = staged + quarantined + duplicates for " + r.getAs("table_name"));
        }
        long duplicates = bad.stream().filter(r -> r.getAs("rule").equals("duplicate")).count();
        long removed = lake.read(OpsTables.DQ_RESULTS).where("rule = 'reconciliation'")
                .agg(org.apache.spark.sql.functions.sum("duplicates_removed")).first().getLong(0);
        assertTrue(removed >= duplicates, "duplicates removed " + removed + " >= injected " + duplicates);
    }

    @Test
    @Order(3)
    void sqlAndTablesAnswerFromTheCatalog() {
        CliRun sql = cli("sql", "SELECT segment, count(*) AS n FROM staging.accounts GROUP BY segment ORDER BY segment",
                "--format", "csv");
        assertEquals(0, sql.status(), sql.err());
        long accounts = lake().read(StagingTables.ACCOUNTS).count();
        long sum = sql.out().lines().skip(1).mapToLong(l -> Long.parseLong(l.split(",")[1])).sum();
        assertTrue(sql.out().startsWith("segment,n"), sql.out());
        assertEquals(accounts, sum);

        CliRun tables = cli("tables");
        assertEquals(0, tables.status(), tables.err());
        assertTrue(tables.out().contains("staging.usage_events") && tables.out().contains(END.toString()), tables.out());
        assertTrue(tables.out().contains("silver.account_daily_usage"), tables.out());

        CliRun one = cli("tables", "staging.usage_events");
        assertEquals(0, one.status(), one.err());
        assertTrue(one.out().contains("event_time") && one.out().contains("timestamp")
                && one.out().contains("When the event happened (UTC)."), one.out());

        // every gold table is published (expansion rows exist even before a model passes its floors: base rates)
        CliRun expansion = cli("sql", "SELECT * FROM gold.account_expansion_current ORDER BY propensity DESC LIMIT 20");
        assertEquals(0, expansion.status(), expansion.err());

        // tables are registered when first named; listing the catalog registers every one first
        CliRun listed = cli("sql", "SHOW TABLES IN gold", "--format", "csv");
        assertEquals(0, listed.status(), listed.err());
        assertTrue(listed.out().contains("gold,account_health_current,false")
                && listed.out().contains("gold,published_nights,false"), listed.out());

        CliRun badQuery = cli("sql", "SELECT * FROM gold.nothing_here");
        assertEquals(1, badQuery.status());
        assertTrue(badQuery.err().contains("not valid") && !badQuery.err().contains("\tat "), badQuery.err());
    }

    @Test
    @Order(4)
    void aNightlyIncrementReadsOnlyTheLateDataWindow() {
        CliRun next = cli("run", "--date", END.plusDays(1).toString(), "--jobs", "ingest,usage");
        assertEquals(0, next.status(), next.err());
        assertTrue(next.err().contains("event dates " + END.minusDays(2) + " .. " + END.plusDays(1)), next.err());
    }

    @Test
    @Order(5)
    void wrongUsageExitsWithTwoAndBadConfigWithOne() throws IOException {
        CliRun usage = cli("run", "--date", "yesterday");
        assertEquals(2, usage.status());
        assertTrue(usage.err().contains("--date"), usage.err());

        Path broken = writeConfig(tmp, "broken-conf");
        Files.writeString(broken.resolve("application.yaml"),
                Files.readString(broken.resolve("application.yaml")).replace("lateDataLookbackDays", "lateDataLookback"));
        CliRun config = CliRun.of("tables", "--config", broken.toString());
        assertEquals(1, config.status());
        assertTrue(config.err().contains("application.yaml") && config.err().contains("lateDataLookback")
                && config.err().contains("lateDataLookbackDays"), config.err());
    }

    /**
     * The audit case on the real pipeline: the next night's health scores are corrupted after the health
     * job wrote them; the marts job's audit stops the night, BI keeps seeing the previous night, the failure names
     * the rule and ops.dq_results counts the rows; rescoring fixes it and the night is published.
     */
    @Test
    @Order(6)
    void aCorruptedScoreFailsTheAuditAndBiKeepsSeeingThePreviousNight() {
        LocalDate next = END.plusDays(1);
        CliRun upToChurn = cli("run", "--date", next.toString(), "--jobs",
                "ingest,usage,features,health,lifecycle,clv,expansion,churn");
        assertEquals(0, upToChurn.status(), upToChurn.err());
        Lakehouse lake = lake();
        String unpublished = lake.path(GoldTables.ACCOUNT_HEALTH_DAILY).toString();
        String three = String.join(", ", SPARK.sql("SELECT account_id FROM delta.`" + unpublished
                + "` WHERE snapshot_date = DATE'" + next + "' AND score IS NOT NULL ORDER BY account_id LIMIT 3")
                .collectAsList().stream().map(r -> "'" + r.getString(0) + "'").toList());
        SPARK.sql("UPDATE delta.`" + unpublished + "` SET score = score + 200 WHERE snapshot_date = DATE'" + next
                + "' AND account_id IN (" + three + ")");
        Map<String, List<Row>> published = new HashMap<>();
        for (TableDef def : Tables.all()) {
            if (lake.isPublished(def)) {
                published.put(def.qualifiedName(), lake.readPublished(def).collectAsList());
            }
        }

        CliRun marts = cli("run", "--date", next.toString(), "--jobs", "marts");
        assertEquals(1, marts.status(), marts.err());
        assertTrue(marts.err().contains("nothing was published")
                && marts.err().contains("gold.account_health_daily check_score_0_100 on " + next + ": 3 row(s)")
                && !marts.err().contains("\tat "), marts.err());
        lake = lake();
        for (Map.Entry<String, List<Row>> table : published.entrySet()) {
            Dataset<Row> now = lake.readPublished(Tables.find(table.getKey()).orElseThrow());
            Frames.assertSameRows("published " + table.getKey(), table.getValue(), now.collectAsList());
        }
        CliRun current = cli("sql", "SELECT max(snapshot_date) AS d FROM gold.account_health_current", "--format", "csv");
        assertEquals(0, current.status(), current.err());
        assertTrue(current.out().contains(END.toString()), "BI still sees " + END + ": " + current.out());
        Row failed = lake.read(OpsTables.DQ_RESULTS).where("job = 'marts' AND snapshot_date = DATE'" + next
                + "' AND table_name = 'gold.account_health_daily' AND rule = 'check_score_0_100'").first();
        assertEquals(3L, failed.<Long>getAs("failing_rows"));
        assertFalse(failed.<Boolean>getAs("passed"));

        CliRun rescored = cli("run", "--date", next.toString(), "--jobs", "health,marts", "--force");
        assertEquals(0, rescored.status(), rescored.err());
        CliRun after = cli("sql", "SELECT max(snapshot_date) AS d FROM gold.account_health_current", "--format", "csv");
        assertTrue(after.out().contains(next.toString()), after.out());
        lake = lake();
        Frames.assertSameRows(lake.read(GoldTables.ACCOUNT_HEALTH_DAILY), lake.readPublished(GoldTables.ACCOUNT_HEALTH_DAILY));
    }

    /** tables --ddl: the statements register the published gold layer, from its folder alone, in another schema. */
    @Test
    @Order(7)
    void theDdlRegistersThePublishedGoldTablesFromTheFolder() {
        CliRun ddl = cli("tables", "--ddl", "spark", "--schema", "bi");
        assertEquals(0, ddl.status(), ddl.err());
        String sql = String.join("\n", ddl.out().lines().filter(l -> !l.startsWith("--")).toList());
        for (String statement : sql.split(";\n?")) {
            if (!statement.isBlank()) {
                SPARK.sql(statement);
            }
        }
        for (String table : List.of("account_health_current", "segment_kpis_daily", "account_lifecycle_current")) {
            assertEquals(SPARK.sql("SELECT * FROM gold." + table).count(), SPARK.sql("SELECT * FROM bi." + table).count(),
                    table);
        }
        assertTrue(SPARK.sql("SELECT * FROM bi.account_health_current").count() > 0);

        CliRun wrong = cli("tables", "--ddl", "trino");
        assertEquals(1, wrong.status());
        assertTrue(wrong.err().contains("spark, duckdb"), wrong.err());
    }

    /**
     * A lakehouse written by an older catalog, in which gold.account_health_daily had no trend column and tables
     * carried no catalog version: migrate shows the additive change, the next night runs, and every row published
     * before is still there.
     */
    @Test
    @Order(8)
    void aLakehouseOfAnOlderCatalogIsUpgradedAndTheNextNightRunsWithNothingPublishedLost() {
        TableDef current = GoldTables.ACCOUNT_HEALTH_DAILY;
        StructType olderSchema = new StructType(Arrays.stream(current.schema().fields())
                .filter(f -> !f.name().equals("trend")).toArray(StructField[]::new));
        TableDef older = new TableDef(current.layer(), current.name(), current.comment(), olderSchema,
                current.partitionColumns(), current.keys(), current.dateColumn(), List.of());
        // not opened: an opened lakehouse would apply the additive change the moment this test reads the table
        Lakehouse lake = new Lakehouse(SPARK, tmp.resolve("lakehouse"));
        for (Path copy : List.of(lake.path(current), lake.publishedPath(current))) {
            Migration.rewrite(older, 1, "as the older catalog wrote it", rows -> rows.drop("trend")).step()
                    .apply(SPARK, copy.toString());
        }
        List<Row> before = lake.readPublished(current).orderBy("snapshot_date", "account_id").collectAsList();
        assertFalse(List.of(lake.readPublished(current).columns()).contains("trend"), "the older table");
        assertTrue(before.size() > 0);

        CliRun plan = cli("migrate");
        assertEquals(0, plan.status(), plan.err());
        assertTrue(plan.out().contains("gold.account_health_daily (published): add column trend")
                && plan.out().contains("record catalog version 1"), plan.out());

        LocalDate next = END.plusDays(1);
        CliRun night = cli("run", "--date", next.toString(), "--jobs", "health,marts", "--force");
        assertEquals(0, night.status(), night.err());
        Dataset<Row> after = lake().readPublished(current);
        assertTrue(List.of(after.columns()).contains("trend"));
        Dataset<Row> kept = after.where("snapshot_date < DATE'" + next + "'").drop("trend")
                .orderBy("snapshot_date", "account_id");
        Frames.assertSameRows(SPARK.createDataFrame(before.stream()
                .filter(r -> r.<Date>getAs("snapshot_date").toLocalDate().isBefore(next)).toList(),
                kept.schema()), kept);
        assertTrue(after.where("snapshot_date = DATE'" + next + "'").count() > 0, "the night was published");
        CliRun clean = cli("migrate");
        assertTrue(clean.out().contains("nothing to migrate"), clean.out());
    }
}
