package io.lifecycle.pipelines.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.testing.SharedSpark;
import io.lifecycle.pipelines.cli.LifecycleCli;
import io.lifecycle.pipelines.cli.NotebooksCommand;
import io.lifecycle.pipelines.cluster.ChildProcess;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every notebook of notebooks/ runs through `bin/lifecycle notebooks` (in-process CLI, real Python virtual
 * environment from notebooks/requirements.txt under target/) against the published TINY lakehouse, without a cell
 * error; each draws at least the plots its topic needs; and the key numbers each notebook records (read with delta-rs
 * and pandas) equal the same numbers computed by Spark SQL over the same lakehouse.
 */
class NotebooksIT {
    /** Plots each notebook must show at least (image outputs of its executed copy). */
    static final Map<String, Integer> MIN_PLOTS = Map.of("00_start_here", 1, "01_health", 6, "02_lifecycle", 5,
            "03_clv", 4, "04_expansion", 4, "05_segment_kpis", 4);

    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> timings = Collections.synchronizedList(new ArrayList<>());
    static Path lakehouse;
    static Path output;
    static Path venvPython;
    static JsonNode run;
    static SparkSession spark;

    @TempDir
    static Path tmp;

    static void time(String step, long startNanos) {
        String line = String.format("%s %.1f s", step, (System.nanoTime() - startNanos) / 1e9);
        timings.add(line);
        System.out.println("NotebooksIT: " + line);
    }

    @BeforeAll
    static void runTheNotebooks() throws Exception {
        long t0 = System.nanoTime();
        Path target = Path.of(System.getProperty("user.dir"), "target");
        Path venv = target.resolve("notebooks-venv");
        Path requirements = NotebooksCommand.home().resolve("notebooks/requirements.txt");
        // Installing from PyPI waits mostly on the network: do it while Spark builds the lakehouse.
        CompletableFuture<Path> python = CompletableFuture.supplyAsync(() -> {
            long t = System.nanoTime();
            Path p = NotebooksCommand.ensureVenv(venv, requirements, "python3");
            time("virtual environment ready", t);
            return p;
        });
        long t1 = System.nanoTime();
        PublishedLakehouse published = PublishedLakehouse.get();
        lakehouse = published.lakehouse();
        time("published lakehouse ready", t1);
        venvPython = python.get();

        output = target.resolve("notebooks-it");
        long t2 = System.nanoTime();
        int status = LifecycleCli.execute("notebooks", "--config", published.conf().toString(),
                "--lakehouse", lakehouse.toString(), "--venv", venv.toString(), "--output", output.toString());
        time("bin/lifecycle notebooks", t2);
        run = JSON.readTree(output.resolve("run.json").toFile());
        assertEquals(0, status, "every notebook runs without a cell error: " + run.path("failures"));
        spark = SharedSpark.get();
        Lakehouse.open(spark, lakehouse);
        time("NotebooksIT set-up in all", t0);
        System.out.println("NotebooksIT timings: " + timings);
    }

    static JsonNode notebook(String name) {
        for (JsonNode nb : run.path("notebooks")) {
            if (nb.path("notebook").asText().equals(name + ".ipynb")) {
                return nb;
            }
        }
        throw new AssertionError(name + " did not run: " + run);
    }

    static JsonNode checks(String name) {
        JsonNode checks = notebook(name).path("checks");
        assertTrue(checks.size() > 0, name + " recorded its checks: " + checks);
        return checks;
    }

    /** Image outputs of the executed notebook, counted from the .ipynb itself. */
    static int images(Path executed) throws IOException {
        int n = 0;
        for (JsonNode cell : JSON.readTree(executed.toFile()).path("cells")) {
            for (JsonNode out : cell.path("outputs")) {
                if (out.path("data").has("image/png") || out.path("data").has("image/svg+xml")) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void everyNotebookRanAndDrewItsPlots() throws IOException {
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Integer> e : MIN_PLOTS.entrySet()) {
            Path executed = output.resolve(e.getKey() + ".ipynb");
            assertTrue(Files.isRegularFile(executed), executed + " was written");
            assertTrue(Files.size(output.resolve(e.getKey() + ".html")) > 10_000, e.getKey() + ".html was written");
            int plots = images(executed);
            if (plots < e.getValue()) {
                missing.add(e.getKey() + " drew " + plots + " plots, wants " + e.getValue());
            }
        }
        assertTrue(missing.isEmpty(), missing.toString());
        assertEquals(MIN_PLOTS.size(), run.path("notebooks").size(), "every notebook of notebooks/ ran");
    }

    /** A cell error fails the run, naming the notebook and the cell. */
    @Test
    void aCellErrorFailsTheRunNamingNotebookAndCell() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("broken"));
        Files.writeString(dir.resolve("99_broken.ipynb"), """
                {"cells": [
                  {"cell_type": "markdown", "metadata": {}, "source": ["A notebook whose second code cell fails."]},
                  {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": ["x = 1"]},
                  {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [],
                   "source": ["raise ValueError('no such table')"]}],
                 "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
                 "nbformat": 4, "nbformat_minor": 5}
                """);
        Path runner = NotebooksCommand.home().resolve("notebooks/run_notebooks.py");
        Path log = tmp.resolve("broken.log");
        try (ChildProcess p = ChildProcess.start("run_notebooks", List.of(venvPython.toString(), runner.toString(),
                "--lakehouse", lakehouse.toString(), "--output", tmp.resolve("broken-out").toString(),
                "--notebooks", dir.toString()), Map.of(), log)) {
            int status = p.await(Duration.ofMinutes(3));
            assertNotEquals(0, status, p.logText());
            assertTrue(p.logText().contains("99_broken.ipynb FAILED at cell 3 (code cell 2): ValueError: no such table"),
                    p.logText());
        }
    }

    // ---- the numbers each notebook shows, against Spark SQL over the same lakehouse ----

    /** The point-in-time join of features and 90-day churn outcomes gives the rows the health backtest labelled. */
    @Test
    void startHereLabelsTheSameAccountMonthsAsTheHealthBacktest() {
        JsonNode checks = checks("00_start_here");
        Row r = spark.sql("SELECT sum(accounts), sum(churn_events) FROM gold.health_backtest "
                + "WHERE segment = 'all' AND population = 'all' AND horizon_days = 90").first();
        assertTrue(number(r.get(0)) > 0, "the backtest has closed months");
        assertClose(number(r.get(0)), checks.path("labelled_rows").asDouble(), "labelled (account, month) rows");
        assertClose(number(r.get(1)), checks.path("churn_events").asDouble(), "churn events within 90 days");
    }

    @Test
    void healthShowsTheBandCountsAndTheBacktestAucOfSparkSql() {
        JsonNode checks = checks("01_health");
        assertSameMap(sqlMap("SELECT band, count(*) FROM gold.account_health_current GROUP BY band"),
                checks.path("band_counts_latest"), "band counts of the latest date");
        assertSameMap(sqlMap("SELECT segment, roc_auc FROM gold.health_backtest WHERE segment = 'all' "
                        + "AND population = 'all' AND horizon_days = 90 AND snapshot_month = (SELECT max(snapshot_month) "
                        + "FROM gold.health_backtest)"),
                checks.path("roc_auc_newest_closed_month"), "ROC AUC of the newest closed month, recomputed in Python");
    }

    @Test
    void lifecycleShowsTheStageCountsAndFlowsOfSparkSql() {
        JsonNode checks = checks("02_lifecycle");
        assertSameMap(sqlMap("SELECT stage, sum(accounts_in_stage) FROM gold.lifecycle_map_current GROUP BY stage "
                + "HAVING sum(accounts_in_stage) > 0"), checks.path("accounts_in_stage_latest"), "stage counts");
        assertSameMap(sqlMap("SELECT concat(from_stage, '->', to_stage), count(*) FROM gold.lifecycle_transitions "
                        + "WHERE transition_date > date_sub((SELECT max(transition_date) "
                        + "FROM gold.lifecycle_transitions), 90) GROUP BY 1"),
                checks.path("transitions_last_90d"), "transitions of the flow diagram");
    }

    @Test
    void clvShowsTheValuesOfSparkSql() {
        JsonNode checks = checks("03_clv");
        assertSameMap(sqlMap("SELECT segment, count(*) FROM gold.account_clv_current GROUP BY segment"),
                checks.path("clv_accounts_latest"), "accounts valued on the latest date");
        assertSameMap(sqlMap("SELECT segment, sum(subscription_residual_value) FROM gold.account_clv_current "
                + "GROUP BY segment"), checks.path("subscription_value_sum_latest"), "subscription residual value");
    }

    /**
     * The model metrics and scores exist only when the expansion job has trained a model (it needs more labelled
     * history than the TINY lakehouse has): then the notebook shows Spark SQL's numbers, else it shows none.
     */
    @Test
    void expansionShowsTheMetricsScoresAndOpportunitiesOfSparkSql() {
        JsonNode checks = checks("04_expansion");
        String version = "coalesce((SELECT model_version FROM gold.account_expansion_current GROUP BY model_version "
                + "ORDER BY count(*) DESC, model_version LIMIT 1), (SELECT model_version FROM "
                + "gold.expansion_model_metrics ORDER BY trained_as_of DESC, model_version DESC LIMIT 1))";
        List<Row> m = spark.sql("SELECT accounts, expansion_events, roc_auc FROM gold.expansion_model_metrics "
                + "WHERE segment = 'all' AND model_version = " + version).collectAsList();
        Map<String, Double> validation = new LinkedHashMap<>();
        for (Row r : m) {
            validation.put("accounts", number(r.get(0)));
            validation.put("expansion_events", number(r.get(1)));
            validation.put("roc_auc", r.isNullAt(2) ? null : number(r.get(2)));
        }
        assertSameMap(validation, checks.path("validation_all"), "validation metrics of the model", true);
        assertSameMap(sqlMap("SELECT segment, sum(expected_expansion_mrr) FROM gold.account_expansion_current "
                + "GROUP BY segment"), checks.path("expected_expansion_mrr_latest"), "expected expansion MRR", true);
        assertSameMap(sqlMap("SELECT segment, count(*) FROM gold.feature_adoption_opportunities_current "
                + "GROUP BY segment"), checks.path("opportunities_latest"), "adoption opportunities");
    }

    @Test
    void segmentKpisShowTheMovementsAndRetentionOfSparkSql() {
        JsonNode checks = checks("05_segment_kpis");
        Row r = spark.sql("SELECT mrr_30d_ago, mrr_new_30d, mrr_expansion_30d, mrr_reactivation_30d, "
                + "mrr_contraction_30d, mrr_churn_30d, mrr FROM gold.segment_kpis_current WHERE segment = 'all'").first();
        Map<String, Double> movements = new LinkedHashMap<>();
        for (String c : r.schema().fieldNames()) {
            movements.put(c, number(r.getAs(c)));
        }
        assertSameMap(movements, checks.path("mrr_movements_all_latest"), "the waterfall of segment all");
        assertSameMap(sqlMap("SELECT segment, nrr_12m FROM gold.segment_kpis_current"),
                checks.path("nrr_12m_latest"), "NRR of the latest date");
    }

    static Map<String, Double> sqlMap(String query) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (Row r : spark.sql(query).collectAsList()) {
            m.put(String.valueOf(r.get(0)), r.isNullAt(1) ? null : number(r.get(1)));
        }
        return m;
    }

    static double sqlNumber(String query) {
        Row r = spark.sql(query).first();
        return number(r.get(0));
    }

    static double number(Object o) {
        return o instanceof BigDecimal b ? b.doubleValue() : ((Number) o).doubleValue();
    }

    static void assertSameMap(Map<String, Double> expected, JsonNode actual, String what) {
        assertSameMap(expected, actual, what, false);
    }

    static void assertSameMap(Map<String, Double> expected, JsonNode actual, String what, boolean mayBeEmpty) {
        assertTrue(mayBeEmpty || !expected.isEmpty(), what + ": Spark SQL found rows");
        assertTrue(actual.isObject(), what + ": the notebook recorded it: " + actual);
        Map<String, Double> got = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = actual.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            got.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asDouble());
        }
        assertEquals(expected.keySet(), got.keySet(), what + " keys: notebook " + got + ", Spark SQL " + expected);
        for (String k : expected.keySet()) {
            assertClose(expected.get(k), got.get(k), what + " [" + k + "]: notebook " + got + ", Spark SQL " + expected);
        }
    }

    static void assertClose(Double expected, Double actual, String what) {
        if (expected == null || actual == null) {
            assertEquals(expected, actual, what);
            return;
        }
        if (Math.abs(expected - actual) > 1e-6 * Math.max(1, Math.abs(expected))) {
            fail(what);
        }
    }
}
