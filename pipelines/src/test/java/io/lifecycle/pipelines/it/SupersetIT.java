package io.lifecycle.pipelines.it;

import io.lifecycle.pipelines.cli.Folders;
import io.lifecycle.common.catalog.GoldTables;
import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.catalog.Layer;
import io.lifecycle.common.catalog.TableDef;
import io.lifecycle.common.catalog.Tables;
import io.lifecycle.common.config.BiConfig;
import io.lifecycle.common.testing.SharedSpark;
import io.lifecycle.pipelines.cli.LifecycleCli;
import io.lifecycle.pipelines.cli.SupersetLauncher;
import io.lifecycle.pipelines.cluster.ChildProcess;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * BI end to end, on a copy of the shared published lakehouse: bin/lifecycle bi refresh writes the DuckDB file
 * (installing DuckDB's delta extension from PyPI when missing), whose gold views agree with Spark; a run of the
 * expansion and marts jobs (the expansion model trained with test settings, as the TINY history is too short for the
 * shipped ones) publishes and the marts job rewrites the file; then real Apache Superset (pinned, installed from PyPI
 * into a virtual environment under target/) is started as bin/lifecycle bi serve starts it, every chart of the
 * Customer health dashboard is asked for its data through Superset's chart-data API and compared with the same query
 * in Spark SQL, and headless Chromium opens the dashboard, checks every chart drew without an error and saves a
 * screenshot (target/superset-it/dashboard.png).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SupersetIT {
    static final SparkSession SPARK = SharedSpark.get();
    /** Kept between runs of one build folder: Superset's virtual environment and DuckDB's delta extension. */
    static final Path DIR = Path.of(System.getProperty("user.dir"), "target", "superset-it").toAbsolutePath();
    static final List<String> timings = new ArrayList<>();

    static PublishedLakehouse lake;
    static Path conf;
    static BiConfig bi;

    static void time(String step, long startNanos) {
        String line = String.format("%s %.1f s", step, (System.nanoTime() - startNanos) / 1e9);
        timings.add(line);
        System.out.println("SupersetIT: " + line);
    }

    @BeforeAll
    static void lakehouseAndConfig() throws IOException {
        long t0 = System.nanoTime();
        lake = PublishedLakehouse.get();
        time("published lakehouse ready", t0);
        Folders.deleteRecursively(DIR.resolve("lakehouse"));
        lake.copyLakehouse(DIR.resolve("lakehouse"));
        conf = Files.createDirectories(DIR.resolve("conf"));
        try (var files = Files.list(lake.conf())) {
            for (Path f : files.toList()) {
                Files.copy(f, conf.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        replaceIn(conf.resolve("application.yaml"), "lakehouse: " + lake.lakehouse(),
                "lakehouse: " + DIR.resolve("lakehouse"));
        replaceIn(conf.resolve(BiConfig.FILE_NAME), "database:\n",
                "database: " + DIR.resolve("bi/lifecycle.duckdb") + "\n");
        replaceIn(conf.resolve(BiConfig.FILE_NAME), "extensionDirectory: .lifecycle/duckdb-extensions",
                "extensionDirectory: " + DIR.resolve("duckdb-extensions"));
        // Six months of history leave too few labelled snapshots for the shipped validation split and floors; small
        // models keep the run short.
        Path expansion = conf.resolve("expansion.yaml");
        replaceIn(expansion, "horizonDays: 90", "horizonDays: 30");
        replaceIn(expansion, "validationSnapshots: 3", "validationSnapshots: 1");
        replaceIn(expansion, "minTrainingSnapshots: 2", "minTrainingSnapshots: 1");
        replaceIn(expansion, "floors: {minRocAuc: 0.60}", "floors: {minRocAuc: 0.0}");
        replaceIn(expansion, "maxIter: 40, maxDepth: 4", "maxIter: 5, maxDepth: 2");
        bi = BiConfig.load(conf, DIR.resolve("lakehouse"));
        Lakehouse.open(SPARK, DIR.resolve("lakehouse"));
    }

    /** Points the session's gold tables back at the shared lakehouse, for the tests that follow in this JVM. */
    @AfterAll
    static void restoreCatalog() {
        if (lake != null) {
            Lakehouse.open(SPARK, lake.lakehouse());
        }
    }

    static void replaceIn(Path file, String text, String replacement) throws IOException {
        String content = Files.readString(file);
        assertTrue(content.contains(text), file + " has no '" + text + "'");
        Files.writeString(file, content.replace(text, replacement));
    }

    static String cli(String... args) {
        Map.Entry<Integer, String> run = run(args);
        assertEquals(0, run.getKey(), "lifecycle " + String.join(" ", args) + " failed:\n" + run.getValue());
        return run.getValue();
    }

    /** Runs the CLI in this JVM with the test's --config: its exit status and what it printed. */
    static Map.Entry<Integer, String> run(String... args) {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--config", conf.toString())).toArray(String[]::new);
        int status;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            status = LifecycleCli.execute(all);
        } finally {
            System.setOut(out);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        System.out.println("SupersetIT: lifecycle " + String.join(" ", args) + " -> " + status + "\n" + text);
        return Map.entry(status, text);
    }

    /** A read-only connection to the DuckDB file (or an in-memory database), as BI tools open it. */
    static Connection duckdb(Path file) throws SQLException {
        Properties p = new Properties();
        p.setProperty("extension_directory", bi.extensionDirectory().toString());
        p.setProperty("autoinstall_known_extensions", "false");
        if (file != null) {
            p.setProperty("duckdb.read_only", "true");
        }
        Connection c = DriverManager.getConnection("jdbc:duckdb:" + (file == null ? "" : file), p);
        try (Statement s = c.createStatement()) {
            s.execute("LOAD delta");
        }
        return c;
    }

    static long count(Connection c, String relation) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM " + relation)) {
            r.next();
            return r.getLong(1);
        }
    }

    /** Spark's row counts of the gold tables and views, until a job run publishes again. */
    static final Map<String, Long> sparkCounts = new HashMap<>();

    static long sparkCount(String relation) {
        return sparkCounts.computeIfAbsent(relation, r -> SPARK.table(r).count());
    }

    /** Every published gold table and _current view: the same rows in DuckDB as in Spark (counted). */
    static void assertGoldAgreesWithSpark(Connection c) throws SQLException {
        int checked = 0;
        for (TableDef def : Tables.all()) {
            if (def.layer() != Layer.GOLD) {
                continue;
            }
            assertEquals(sparkCount(def.qualifiedName()), count(c, def.qualifiedName()), def.qualifiedName());
            checked++;
            if (def.currentViewName() != null) {
                assertEquals(sparkCount(def.currentViewName()), count(c, def.currentViewName()), def.currentViewName());
                checked++;
            }
        }
        assertTrue(checked > 20, checked + " relations");
        assertTrue(count(c, "gold.account_health_current") > 0);
    }

    @Test
    @Order(1)
    void biRefreshWritesDuckDbViewsThatAgreeWithSpark() throws Exception {
        long t0 = System.nanoTime();
        String out = cli("bi", "refresh");
        time("bi refresh (delta extension installed if missing)", t0);
        assertTrue(out.contains(bi.database().toString()), out);
        try (Connection c = duckdb(bi.database())) {
            assertGoldAgreesWithSpark(c);
        }
        try (var files = Files.list(bi.database().getParent())) {
            assertEquals(List.of(bi.database()), files.toList(), "no temporary file is left beside the database");
        }
    }

    /** materialize: true copies the rows into the file: the same rows, readable without the delta extension. */
    @Test
    @Order(2)
    void materialisedTablesHoldTheSameRows() throws Exception {
        Path tablesConf = Files.createDirectories(DIR.resolve("conf-tables"));
        try (var files = Files.list(conf)) {
            for (Path f : files.toList()) {
                Files.copy(f, tablesConf.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path file = DIR.resolve("bi-tables/lifecycle.duckdb");
        replaceIn(tablesConf.resolve(BiConfig.FILE_NAME), "database: " + bi.database(), "database: " + file);
        replaceIn(tablesConf.resolve(BiConfig.FILE_NAME), "materialize: false", "materialize: true");
        long t0 = System.nanoTime();
        assertEquals(0, LifecycleCli.execute("bi", "refresh", "--config", tablesConf.toString()));
        time("bi refresh, materialised", t0);
        Properties p = new Properties();
        p.setProperty("duckdb.read_only", "true");
        p.setProperty("autoload_known_extensions", "false");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file, p)) {
            assertGoldAgreesWithSpark(c);
        }
    }

    @Test
    @Order(3)
    void theDuckDbDdlRegistersTheSameViews() throws Exception {
        String ddl = cli("tables", "--ddl", "duckdb");
        try (Connection c = duckdb(null); Statement s = c.createStatement()) {
            for (String statement : ddl.split(";\n")) {
                String sql = String.join("\n", statement.lines().filter(l -> !l.startsWith("--")).toList());
                if (!sql.isBlank()) {
                    s.execute(sql);
                }
            }
            assertGoldAgreesWithSpark(c);
        }
    }

    @Test
    @Order(4)
    void theMartsJobRewritesTheFileAfterPublishing() throws Exception {
        // The shared lakehouse already has expansion rows (segments at their base rate where no model passed the
        // shipped floors); the forced run below retrains with floors every model passes and the file must follow.
        long before = Files.getLastModifiedTime(bi.database()).toMillis();
        long t0 = System.nanoTime();
        String out = cli("run", "--date", PublishedLakehouse.END.toString(), "--jobs", "expansion,marts", "--force");
        sparkCounts.clear();
        time("expansion and marts jobs for " + PublishedLakehouse.END, t0);
        assertTrue(Files.getLastModifiedTime(bi.database()).toMillis() > before, "the marts job rewrote the file");
        try (Connection c = duckdb(bi.database())) {
            long rows = count(c, "gold.account_expansion_current");
            assertTrue(rows > 0, out);
            assertEquals(SPARK.table("gold.account_expansion_current").count(), rows);
            assertGoldAgreesWithSpark(c);
        }
    }

    @Test
    @Order(5)
    void supersetServesTheDashboardAndEveryChartAgreesWithSpark() throws Exception {
        Path state = Files.createDirectories(DIR.resolve("superset"));
        Files.deleteIfExists(state.resolve("superset.db")); // a fresh metadata database; the venv is kept
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String password = UUID.randomUUID().toString();
        long t0 = System.nanoTime();
        Path home = Path.of(System.getProperty("user.dir")).getParent();
        try (ChildProcess superset = ChildProcess.start("superset", SupersetLauncher.command(home, bi.database(), port,
                state), Map.of("LIFECYCLE_SUPERSET_PASSWORD", password), DIR.resolve("superset.log"))) {
            superset.awaitLog("Superset: http://", Duration.ofMinutes(8));
            SupersetApi api = new SupersetApi("http://127.0.0.1:" + port);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (!api.healthy()) {
                assertTrue(System.nanoTime() < deadline, "Superset did not answer /health:\n" + superset.tail(40));
                Thread.sleep(1000);
            }
            time("superset installed (if needed), initialised, dashboard imported, serving", t0);
            api.login("admin", password);
            assertChartsAgreeWithSpark(api);
            long t1 = System.nanoTime();
            screenshotShowsEveryChart(api, password);
            time("dashboard opened in headless chromium, screenshot saved", t1);
        } finally {
            System.out.println("SupersetIT timings: " + timings);
        }
    }

    /**
     * A night whose audit fails publishes nothing, and the DuckDB file is not rewritten: BI tools reading it stay on
     * the night published before (the e2e test checks the same through Spark).
     */
    @Test
    @Order(6)
    void aFailedAuditLeavesTheDuckDbViewsOnThePublishedNight() throws Exception {
        String health = "SELECT snapshot_date, account_id, score FROM gold.account_health_current"
                + " ORDER BY account_id";
        List<String> before;
        try (Connection c = duckdb(bi.database())) {
            before = rows(c, health);
        }
        assertTrue(before.size() > 0 && before.stream().allMatch(r -> r.startsWith(PublishedLakehouse.END + ",")),
                before.size() + " rows");
        long written = Files.getLastModifiedTime(bi.database()).toMillis();
        String unpublished = new Lakehouse(SPARK, DIR.resolve("lakehouse")).path(GoldTables.ACCOUNT_HEALTH_DAILY)
                .toString();
        SPARK.sql("UPDATE delta.`" + unpublished + "` SET score = score + 200 WHERE snapshot_date = DATE'"
                + PublishedLakehouse.END + "' AND score IS NOT NULL");

        long t0 = System.nanoTime();
        int status = run("run", "--date", PublishedLakehouse.END.toString(), "--jobs", "marts", "--force").getKey();
        time("marts with a failing audit", t0);
        assertEquals(1, status, "the audit fails on the corrupted scores");
        assertEquals(written, Files.getLastModifiedTime(bi.database()).toMillis(), "the DuckDB file was rewritten");
        try (Connection c = duckdb(bi.database())) {
            assertEquals(before, rows(c, health), "DuckDB shows the published night, not the failed one");
        }
    }

    static List<String> rows(Connection c, String query) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(query)) {
            int n = r.getMetaData().getColumnCount();
            while (r.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    values.add(String.valueOf(r.getObject(i)));
                }
                rows.add(String.join(",", values));
            }
        }
        return rows;
    }

    static void assertChartsAgreeWithSpark(SupersetApi api) throws Exception {
        long t0 = System.nanoTime();
        Map<String, Integer> ids = new HashMap<>();
        for (JsonNode chart : api.get("/api/v1/dashboard/customer-health/charts").path("result")) {
            ids.put(chart.path("slice_name").asText(), chart.path("id").asInt());
        }
        assertEquals(ChartCheck.ALL.stream().map(ChartCheck::chart).distinct().sorted().toList(),
                ids.keySet().stream().sorted().toList(), "every chart of the dashboard is checked");
        Map<String, JsonNode> data = new HashMap<>();
        for (Map.Entry<String, Integer> chart : ids.entrySet()) {
            JsonNode result = api.get("/api/v1/chart/" + chart.getValue() + "/data/").path("result").get(0);
            assertEquals("success", result.path("status").asText(), chart.getKey() + ": " + result);
            assertTrue(result.path("error").isNull() || result.path("error").isMissingNode(), chart.getKey() + ": "
                    + result.path("error"));
            assertTrue(result.path("data").size() > 0, chart.getKey() + " returned no rows");
            data.put(chart.getKey(), result.path("data"));
        }
        for (ChartCheck check : ChartCheck.ALL) {
            Row r = SPARK.sql(check.sparkSql()).first();
            Double expected = r.isNullAt(0) ? null : ((Number) r.get(0)).doubleValue();
            Double actual = check.of(data.get(check.chart()));
            System.out.printf("SupersetIT: %s: Superset %s, Spark SQL %s%n", check, actual, expected);
            if (expected == null || actual == null) {
                assertEquals(expected, actual, check.toString());
            } else {
                assertEquals(expected, actual, 1e-6 * Math.max(1, Math.abs(expected)), check.toString());
            }
        }
        time(ids.size() + " charts' data from Superset's chart-data API checked against Spark SQL ("
                + ChartCheck.ALL.size() + " numbers)", t0);
    }

    /** Opens the dashboard as the admin and waits until every chart has drawn; fails on an error or an empty chart. */
    static void screenshotShowsEveryChart(SupersetApi api, String password) throws Exception {
        String session = api.browserSession("admin", password);
        try (HeadlessChromium chromium = HeadlessChromium.start(DIR.resolve("chromium-profile"),
                DIR.resolve("chromium.log"), 1600, 3600)) {
            chromium.setCookie("session", session, api.base() + "/");
            chromium.navigate(api.base() + "/superset/dashboard/customer-health/?standalone=1");
            String state = null;
            int readyPolls = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            // Charts query again once the native filters have loaded: ready means ready on two polls in a row.
            while (System.nanoTime() < deadline && readyPolls < 2 && (state == null || !state.startsWith("failed"))) {
                Thread.sleep(2000);
                state = chromium.evaluate(CHART_STATES).asText();
                readyPolls = state.startsWith("ready") ? readyPolls + 1 : 0;
            }
            Files.write(DIR.resolve("dashboard.png"), chromium.screenshotPng());
            System.out.println("SupersetIT: screenshot " + DIR.resolve("dashboard.png") + "; charts: " + state);
            assertNotNull(state);
            assertTrue(state.startsWith("ready " + ChartCheck.ALL.stream().map(ChartCheck::chart).distinct().count()
                    + " charts"), "every chart drew without an error: " + state);
        }
    }

    /**
     * In the page: "ready N charts" once every chart holder has drawn (canvas, svg, table or big number) and none is
     * loading; otherwise "waiting" or "failed" with each chart's state.
     */
    static final String CHART_STATES = """
            (() => {
              const holders = [...document.querySelectorAll('[data-test="chart-grid-component"]')];
              const states = holders.map(h => {
                const title = (h.querySelector('[data-test="editable-title"]') || {}).textContent || '?';
                const body = h.querySelector('[data-test="chart-container"], .dashboard-chart');
                if (!body) return 'no body ' + title;
                if (body.querySelector('.ant-alert-error, .ant-alert-warning, [role="alert"]')) return 'error ' + title + ': ' + body.innerText.slice(0, 300);
                if (/No results/i.test(body.innerText)) return 'empty ' + title;
                if (body.querySelector('[data-test="loading-indicator"], .loading')) return 'loading ' + title;
                if (body.querySelector('[data-test="slice-container"] canvas, [data-test="slice-container"] table, [data-test="slice-container"] .header-line')) return 'drawn';
                return 'not drawn ' + title;
              });
              const bad = states.filter(s => s.startsWith('error') || s.startsWith('empty'));
              if (bad.length) return 'failed: ' + bad.join(' | ');
              const filtersLoading = /Loading filter values/.test(document.body.innerText);
              if (holders.length && !filtersLoading && states.every(s => s === 'drawn')) return 'ready ' + holders.length + ' charts';
              return 'waiting: ' + holders.length + ' holders' + (filtersLoading ? ', filters loading' : '') + '; ' + states.filter(s => s !== 'drawn').join(' | ');
            })()""";
}
