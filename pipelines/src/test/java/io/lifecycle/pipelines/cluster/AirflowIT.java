package io.lifecycle.pipelines.cluster;

import io.lifecycle.pipelines.it.PublishedLakehouse;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.catalog.TableDef;
import io.lifecycle.common.catalog.Tables;
import io.lifecycle.common.run.Progress;
import io.lifecycle.common.testing.SharedSpark;
import io.lifecycle.jobs.demodata.GeneratorSpec;
import io.lifecycle.jobs.demodata.Scale;
import io.lifecycle.jobs.demodata.WarehouseGenerator;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.nio.file.StandardCopyOption;
import java.sql.Date;

/**
 * Real Apache Airflow 3 (pinned, installed from PyPI into a virtual environment that this test owns) runs the
 * Lifecycle DAG: `airflow standalone` on 127.0.0.1 with a temporary AIRFLOW_HOME and the project's DAG folder, its
 * tasks spark-submitting the shaded job jar (local mode) over a generated warehouse, driven by the Lifecycle CLI's
 * `airflow` commands. Second case: a broken input fails a task, `trigger --wait` names it, the input is fixed,
 * `airflow clear` re-runs the failed tasks and the run succeeds. Every process started here is stopped by pid.
 * Part of mvn verify (and CI); -Dlifecycle.airflow.it=false leaves it out of a local run, and
 * pipelines/airflow/it/run-airflow-it.sh runs it alone.
 */
@EnabledIfSystemProperty(named = "lifecycle.airflow.it", matches = "true")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // dates in calendar order, as a deployment moves
class AirflowIT {
    static final String AIRFLOW_VERSION = "3.3.2";
    static final LocalDate DATE = LocalDate.of(2026, 6, 30);
    static final SparkSession SPARK = SharedSpark.get();

    @TempDir
    static Path tmp;
    static SparkCluster spark;
    static ChildProcess airflow;
    static Map<String, String> clientEnv;
    static final List<String> timings = new ArrayList<>();

    static void time(String step, long startNanos) {
        String line = String.format("%s %.1f s", step, (System.nanoTime() - startNanos) / 1e9);
        timings.add(line);
        System.out.println("AirflowIT: " + line);
    }

    /** The virtual environment with Airflow, under target/ (kept between runs of the same build folder). */
    static Path venv() throws IOException, InterruptedException {
        Path venv = Path.of(System.getProperty("user.dir"), "target", "airflow-" + AIRFLOW_VERSION + "-venv");
        Path marker = venv.resolve("installed");
        if (Files.exists(marker)) {
            return venv;
        }
        long t0 = System.nanoTime();
        run(List.of("python3", "-m", "venv", "--clear", venv.toString()), Duration.ofMinutes(2));
        run(List.of(venv.resolve("bin/pip").toString(), "install", "-q", "--disable-pip-version-check",
                "apache-airflow==" + AIRFLOW_VERSION), Duration.ofMinutes(20));
        Files.writeString(marker, AIRFLOW_VERSION);
        time("pip install apache-airflow==" + AIRFLOW_VERSION, t0);
        return venv;
    }

    static void run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        Path log = Files.createTempFile(tmp, "cmd", ".log");
        try (ChildProcess p = ChildProcess.start(command.get(0), command, Map.of(), log)) {
            int status = p.await(timeout);
            assertEquals(0, status, String.join(" ", command) + " failed:\n" + p.tail(40));
        }
    }

    @BeforeAll
    static void installAndStartAirflow() throws Exception {
        Path venv = venv();
        long t0 = System.nanoTime();
        new WarehouseGenerator(SPARK, Progress.silent())
                .generate(new GeneratorSpec(Scale.TINY, 5, DATE, 0), tmp.resolve("warehouse"));
        time("warehouse generated", t0);

        spark = new SparkCluster(tmp.resolve("spark-home"));
        Path submit = tmp.resolve("spark-submit");
        // The tasks' Spark settings (one core, interpreted expressions) come from the test config (writeConfig).
        Files.writeString(submit, "#!/bin/sh\nexec " + String.join(" ", spark.java("1g",
                "org.apache.spark.deploy.SparkSubmit").stream().map(AirflowIT::quote).toList()) + " \"$@\"\n");
        Files.setPosixFilePermissions(submit, PosixFilePermissions.fromString("rwxr-xr-x"));

        int port = SparkCluster.freePort();
        String url = "http://127.0.0.1:" + port;
        Path home = Files.createDirectories(tmp.resolve("airflow-home"));
        Map<String, String> env = new HashMap<>(spark.env());
        env.put("PATH", venv.resolve("bin") + ":" + System.getenv("PATH"));
        env.put("AIRFLOW_HOME", home.toString());
        env.put("AIRFLOW__CORE__DAGS_FOLDER", Path.of(System.getProperty("user.dir"), "airflow", "dags").toString());
        env.put("AIRFLOW__CORE__LOAD_EXAMPLES", "False");
        env.put("AIRFLOW__CORE__PARALLELISM", "2");
        env.put("AIRFLOW__API__HOST", "127.0.0.1");
        env.put("AIRFLOW__API__PORT", String.valueOf(port));
        env.put("AIRFLOW__API__WORKERS", "1");
        // On a busy 2-core machine the API server can take longer than the default 5 s to answer a task's start;
        // the task is then killed before it runs. Wait longer rather than fail a healthy run.
        env.put("AIRFLOW__WORKERS__EXECUTION_API_TIMEOUT", "60");
        env.put("AIRFLOW__WORKERS__EXECUTION_API_RETRIES", "10");
        env.put("AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT", String.valueOf(SparkCluster.freePort()));
        env.put("AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT", String.valueOf(SparkCluster.freePort()));
        env.put("AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION", "True");
        env.put("AIRFLOW__API__BASE_URL", url);
        env.put("AIRFLOW__CORE__EXECUTION_API_SERVER_URL", url + "/execution/");
        env.put("LIFECYCLE_DAG_RETRIES", "0");
        // Scheduled, so that Airflow's backfill API works, but never for a date after the warehouse's: unpausing must
        // not start a scheduled run of today.
        env.put("LIFECYCLE_DAG_END_DATE", DATE.toString());
        env.put("AIRFLOW_VAR_LIFECYCLE_SPARK_SUBMIT", submit.toString());
        env.put("AIRFLOW_VAR_LIFECYCLE_SPARK_MASTER", "local[" + Integer.getInteger("lifecycle.test.cores", 2) + "]");
        env.put("AIRFLOW_VAR_LIFECYCLE_JAR", SparkClusterIT.jobJar().toAbsolutePath().toString());
        env.put("AIRFLOW_VAR_LIFECYCLE_CONFIG", config().toString());
        env.put("AIRFLOW_VAR_LIFECYCLE_DRIVER_MEMORY", "1g");
        env.put("AIRFLOW_VAR_LIFECYCLE_EXECUTOR_MEMORY", "1g");
        env.put("AIRFLOW_VAR_LIFECYCLE_EXECUTOR_CORES", "1");

        long t1 = System.nanoTime();
        airflow = ChildProcess.start("airflow standalone", List.of(venv.resolve("bin/airflow").toString(),
                "standalone"), env, tmp.resolve("airflow-standalone.log"));
        System.out.println("AirflowIT: airflow standalone pid " + airflow.pid());
        awaitHealthy(url, Duration.ofMinutes(5));
        Path passwords = home.resolve("simple_auth_manager_passwords.json.generated");
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!Files.exists(passwords) && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        String password = new ObjectMapper().readTree(passwords.toFile()).path("admin").asText();
        clientEnv = Map.of("LIFECYCLE_AIRFLOW_URL", url, "LIFECYCLE_AIRFLOW_USERNAME", "admin",
                "LIFECYCLE_AIRFLOW_PASSWORD", password);
        time("airflow standalone up (API healthy)", t1);

        // The DAG is known once the DAG processor has parsed it; unpause it so triggered runs are scheduled.
        long t2 = System.nanoTime();
        Cli unpause = null;
        while (System.nanoTime() - t2 < Duration.ofMinutes(4).toNanos()) {
            unpause = cli("airflow", "unpause");
            if (unpause.status() == 0) {
                break;
            }
            Thread.sleep(3000);
        }
        assertEquals(0, unpause.status(), "the DAG was not parsed: " + unpause.output() + "\n" + airflow.tail(40));
        time("DAG parsed and unpaused", t2);
    }

    @AfterAll
    static void stopAirflow() throws IOException {
        if (airflow != null) {
            airflow.close();
            // Kept for a look after a failure: the temporary folder goes away with the test.
            Path kept = Files.createDirectories(Path.of(System.getProperty("user.dir"), "target", "airflow-it"));
            Files.copy(airflow.log(), kept.resolve("airflow-standalone.log"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        System.out.println("AirflowIT timings: " + timings);
    }

    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    static Path config() throws IOException {
        return PublishedLakehouse.writeConfig(tmp.resolve("conf"), tmp.resolve("warehouse"), tmp.resolve("lakehouse"));
    }

    static void awaitHealthy(String url, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v2/monitor/health"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // the API server is still starting
            }
            assertTrue(airflow.logText() != null);
            Thread.sleep(1000);
        }
        throw new IllegalStateException("Airflow's API did not become healthy:\n" + airflow.tail(60));
    }

    record Cli(int status, String output) {
    }

    /** The Lifecycle CLI (the job jar's main class, as bin/lifecycle runs it) with the Airflow credentials. */
    static Cli cli(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(spark.java("512m", "io.lifecycle.pipelines.cli.LifecycleCli", args));
        int cp = command.indexOf("-cp") + 1;
        command.set(cp, SparkClusterIT.jobJar().toAbsolutePath() + ":" + command.get(cp));
        Path log = Files.createTempFile(tmp, "cli", ".log");
        try (ChildProcess p = ChildProcess.start("lifecycle " + args[0], command, clientEnv, log)) {
            int status = p.await(Duration.ofMinutes(20));
            String output = p.logText();
            System.out.println("AirflowIT: lifecycle " + String.join(" ", args) + " -> " + status + "\n" + output);
            return new Cli(status, output);
        }
    }

    /** Rows of a table for one snapshot date, as the Airflow tasks wrote them (gold: as the marts task published). */
    static long rows(String table, LocalDate date) {
        Lakehouse lake = new Lakehouse(SPARK, tmp.resolve("lakehouse"));
        TableDef def = Tables.find(table).orElseThrow();
        return (table.startsWith("gold.") ? lake.readPublished(def) : lake.read(def))
                .where(col("snapshot_date").equalTo(lit(Date.valueOf(date)))).count();
    }

    static void assertGoldTablesOf(LocalDate date) {
        for (String table : List.of("silver.account_features_daily", "gold.account_health_daily",
                "gold.account_lifecycle_daily")) {
            assertTrue(rows(table, date) > 0, table + " has rows for " + date);
        }
    }

    /**
     * The run of one date, first over a warehouse with a missing input: the ingest task fails and `trigger --wait`
     * says so with the log's tail; after the input is back, `airflow clear` re-runs the failed tasks and the same
     * run succeeds and writes the tables of its date. (One run, not two, to keep the test's minutes down.)
     */
    @Test
    @Order(2)
    void aFailedTaskIsReportedAndAfterTheFixAClearMakesTheRunSucceed() throws Exception {
        Path accounts = tmp.resolve("warehouse/accounts");
        Path hidden = tmp.resolve("warehouse/accounts.hidden");
        Files.move(accounts, hidden);
        long t0 = System.nanoTime();
        Cli failed = cli("airflow", "trigger", "--date", DATE.toString(), "--wait", "--timeout", "30");
        time("failing run " + DATE, t0);
        assertNotEquals(0, failed.status(), failed.output());
        assertTrue(failed.output().contains("ingest"), "the failed task is named: " + failed.output());
        assertTrue(failed.output().contains("accounts"), "its log's tail names the broken input: " + failed.output());

        Files.move(hidden, accounts);
        long t1 = System.nanoTime();
        Cli cleared = cli("airflow", "clear", "--date", DATE.toString());
        assertEquals(0, cleared.status(), cleared.output());
        Cli rerun = cli("airflow", "trigger", "--date", DATE.toString(), "--wait", "--timeout", "30");
        time("cleared and re-run " + DATE, t1);
        assertEquals(0, rerun.status(), rerun.output() + "\n" + airflow.tail(40));

        assertGoldTablesOf(DATE);
        Lakehouse lake = new Lakehouse(SPARK, tmp.resolve("lakehouse"));
        assertTrue(lake.readPublished(Tables.find("gold.account_clv").orElseThrow()).count() > 0,
                "gold.account_clv has published rows");
        Cli tasks = cli("airflow", "tasks", "--date", DATE.toString());
        for (String job : List.of("ingest", "usage", "features", "clv")) {
            assertTrue(tasks.output().contains(job), job + " ran: " + tasks.output());
        }
        // the weekly housekeeping task runs after Sunday's snapshot only; DATE is a Tuesday
        assertTrue(tasks.output().lines().anyMatch(l -> l.startsWith("maintain ") && l.contains("skipped")),
                "maintain skipped on a Tuesday: " + tasks.output());
    }

    /**
     * A backfill through Airflow's backfill API: the scheduler creates the run of the day before, its tasks compute
     * that snapshot date (the DAG's data interval), and `backfill --wait` reports success once all runs are done.
     */
    @Test
    @Order(1)
    void aBackfillRunsTheDatesOfItsRange() throws Exception {
        LocalDate day = DATE.minusDays(1);
        long t0 = System.nanoTime();
        Cli backfill = cli("airflow", "backfill", "--from", day.toString(), "--to", day.toString(), "--wait",
                "--timeout", "30");
        time("backfill " + day, t0);
        assertEquals(0, backfill.status(), backfill.output() + "\n" + airflow.tail(40));
        assertTrue(backfill.output().contains("Succeeded: backfill") && backfill.output().contains("1 run: 1 success"),
                backfill.output());
        assertGoldTablesOf(day);
    }
}
