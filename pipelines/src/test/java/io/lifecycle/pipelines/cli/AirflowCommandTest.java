package io.lifecycle.pipelines.cli;

import io.lifecycle.pipelines.airflow.AirflowSettings;
import io.lifecycle.pipelines.airflow.AirflowStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.lifecycle.pipelines.airflow.AirflowStub.dagRun;
import static io.lifecycle.pipelines.airflow.AirflowStub.json;
import static io.lifecycle.pipelines.airflow.AirflowStub.taskInstance;
import static io.lifecycle.pipelines.airflow.AirflowStub.taskInstances;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.util.Map;

/** bin/lifecycle airflow ..., in-process against a stub Airflow (no Spark). */
class AirflowCommandTest {
    private static final String RUN = "lifecycle__2026-11-29";
    private static final String DAG = "/api/v2/dags/customer_lifecycle_nightly";
    private static final String RUN_PATH = DAG + "/dagRuns/" + RUN;

    private final AirflowStub stub = new AirflowStub();

    @AfterEach
    void everyRequestFollowsTheSpec() {
        try {
            assertEquals(List.of(), stub.specViolations());
        } finally {
            stub.close();
        }
    }

    private CliRun airflow(String... args) {
        return airflow(stub::settings, args);
    }

    private static CliRun airflow(Supplier<AirflowSettings> settings, String... args) {
        Supplier<AirflowSettings> before = AirflowCommand.settings;
        AirflowCommand.settings = settings;
        try {
            String[] all = new String[args.length + 1];
            all[0] = "airflow";
            System.arraycopy(args, 0, all, 1, args.length);
            return CliRun.of(all);
        } finally {
            AirflowCommand.settings = before;
        }
    }

    @Test
    void triggerWaitOnAFailedRunExitsOneNamingTheTaskWithItsLogTail() {
        String log = IntStream.rangeClosed(1, 60).mapToObj(i -> "\"health log line " + i + "\"")
                .collect(Collectors.joining(",", "{\"content\": [", "]}"));
        stub.on("POST", DAG + "/dagRuns", json(200, dagRun(RUN, "queued")))
                .on("GET", RUN_PATH, json(200, dagRun(RUN, "running")), json(200, dagRun(RUN, "failed")))
                .on("GET", RUN_PATH + "/taskInstances", json(200, taskInstances(taskInstance("ingest", "success", 1),
                        taskInstance("health", "failed", 2), taskInstance("lifecycle", "upstream_failed", 0))))
                .on("GET", RUN_PATH + "/taskInstances/health/logs/2", json(200, log));

        CliRun run = airflow("trigger", "--date", "2026-11-29", "--wait", "--timeout", "5");

        assertEquals(1, run.status(), run.err());
        assertTrue(run.out().contains("Triggered " + RUN), run.out());
        assertTrue(run.err().contains("failed task(s): health"), run.err());
        assertTrue(run.err().contains("lifecycle: The Airflow run " + RUN), run.err());
        assertTrue(run.err().contains("health log line 60") && run.err().contains("health log line 21"), run.err());
        assertFalse(run.err().contains("health log line 20\n"), "only the last 40 lines: " + run.err());
        assertFalse(run.err().contains(AirflowStub.PASSWORD));
        assertEquals(1, stub.requests("POST", DAG + "/dagRuns").size());
    }

    @Test
    void triggerWaitOnASucceedingRunExitsZero() {
        stub.on("POST", DAG + "/dagRuns", json(409, "{\"detail\": \"exists\"}"))
                .on("GET", RUN_PATH, json(200, dagRun(RUN, "running")), json(200, dagRun(RUN, "success")));
        CliRun run = airflow("trigger", "--date", "2026-11-29", "--wait");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("Already there, not triggered again: " + RUN), run.out());
        assertTrue(run.out().contains("Succeeded: " + RUN), run.out());
    }

    @Test
    void statusTasksClearPauseAndBackfillPrintWhatAirflowSaid() {
        stub.on("GET", RUN_PATH, json(200, dagRun(RUN, "running")))
                .on("GET", RUN_PATH + "/taskInstances", json(200, taskInstances(taskInstance("health", "failed", 2))))
                .on("POST", DAG + "/clearTaskInstances", json(200, taskInstances(taskInstance("health", "failed", 2))))
                .on("PATCH", DAG, json(200, "{\"is_paused\": true}"))
                .on("POST", "/api/v2/backfills", json(200, "{\"id\": 3, \"dag_id\": \"customer_lifecycle_nightly\"}"));
        assertTrue(airflow("status", "--date", "2026-11-29").out().contains(RUN + " of customer_lifecycle_nightly: running"));
        assertTrue(airflow("tasks", "--date", "2026-11-29").out().matches("(?s).*health\\s+failed\\s+2\\s+12\\.5.*"));
        assertTrue(airflow("clear", "--date", "2026-11-29").out().contains("Cleared 1 task instance(s) of " + RUN + ": health"));
        assertTrue(airflow("pause").out().contains("customer_lifecycle_nightly is paused"));
        CliRun backfill = airflow("backfill", "--from", "2026-11-01", "--to", "2026-11-29");
        assertEquals(0, backfill.status(), backfill.err());
        assertTrue(backfill.out().contains("Airflow backfill 3"), backfill.out());
    }

    /** A backfill run of Airflow's listing: run id backfill__D..., logical date D. */
    private static String backfillRun(String date, String state) {
        return "{\"dag_id\": \"customer_lifecycle_nightly\", \"dag_run_id\": \"backfill__" + date
                + "T00:00:00+00:00\", \"state\": \"" + state + "\", \"logical_date\": \"" + date
                + "T00:00:00Z\", \"run_type\": \"backfill\"}";
    }

    private static String runs(String... items) {
        return "{\"dag_runs\": [" + String.join(",", items) + "], \"total_entries\": " + items.length + "}";
    }

    @Test
    void backfillWaitFollowsEveryRunAndNamesTheFailedDateAndTask() {
        String backfill = "{\"id\": 4, \"dag_id\": \"customer_lifecycle_nightly\", "
                + "\"from_date\": \"2026-11-28T00:00:00Z\", \"to_date\": \"2026-11-29T00:00:00Z\", ";
        String failedRun = DAG + "/dagRuns/backfill__2026-11-29T00:00:00+00:00";
        stub.on("POST", "/api/v2/backfills", json(200, backfill + "\"completed_at\": null}"))
                .on("GET", "/api/v2/backfills/4", json(200, backfill + "\"completed_at\": null}"),
                        json(200, backfill + "\"completed_at\": \"2026-11-30T03:00:00Z\"}"))
                .on("GET", DAG + "/dagRuns", json(200, runs(backfillRun("2026-11-28", "running"))),
                        json(200, runs(backfillRun("2026-11-28", "success"), backfillRun("2026-11-29", "failed"))))
                .on("GET", failedRun + "/taskInstances", json(200, taskInstances(taskInstance("ingest", "failed", 1))))
                .on("GET", failedRun + "/taskInstances/ingest/logs/1", json(200, "{\"content\": [\"no accounts\"]}"));

        CliRun run = airflow("backfill", "--from", "2026-11-28", "--to", "2026-11-29", "--wait", "--timeout", "5");

        assertEquals(1, run.status(), run.err());
        assertTrue(run.err().contains("backfill 4: 1 run: 1 running"), run.err());
        assertTrue(run.err().contains("backfill 4: 2 runs: 1 failed, 1 success"), run.err());
        assertTrue(run.err().contains("failed task(s): ingest") && run.err().contains("no accounts"), run.err());
        assertTrue(run.err().contains("1 failed run(s), for 2026-11-29"), run.err());
        List<AirflowStub.Request> listings = stub.requests("GET", DAG + "/dagRuns");
        assertEquals(List.of("backfill"), listings.get(0).query().get("run_type"));
        assertEquals(List.of("2026-11-28T00:00:00Z"), listings.get(0).query().get("logical_date_gte"));
        assertEquals(List.of("2026-11-29T00:00:00Z"), listings.get(0).query().get("logical_date_lte"));
    }

    @Test
    void backfillWaitSucceedsOnceTheBackfillIsCompleteAndEveryRunSucceeded() {
        String backfill = "{\"id\": 5, \"dag_id\": \"customer_lifecycle_nightly\", "
                + "\"from_date\": \"2026-11-29T00:00:00Z\", \"to_date\": \"2026-11-29T00:00:00Z\", ";
        stub.on("POST", "/api/v2/backfills", json(200, backfill + "\"completed_at\": null}"))
                // the run has succeeded before Airflow marks the backfill complete: keep waiting for that
                .on("GET", "/api/v2/backfills/5", json(200, backfill + "\"completed_at\": null}"),
                        json(200, backfill + "\"completed_at\": \"2026-11-30T03:00:00Z\"}"))
                .on("GET", DAG + "/dagRuns", json(200, runs(backfillRun("2026-11-29", "success"))));
        CliRun run = airflow("backfill", "--from", "2026-11-29", "--to", "2026-11-29", "--wait");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("Succeeded: backfill 5, 1 run: 1 success"), run.out());
        assertEquals(2, stub.requests("GET", "/api/v2/backfills/5").size());
    }

    @Test
    void logsUseTheLatestTryUnlessOneIsGiven() {
        stub.on("GET", RUN_PATH + "/taskInstances/health", json(200, taskInstance("health", "failed", 2)))
                .on("GET", RUN_PATH + "/taskInstances/health/logs/2", json(200, "{\"content\": [\"try two\"]}"))
                .on("GET", RUN_PATH + "/taskInstances/health/logs/1", json(200, "{\"content\": [\"try one\"]}"));
        assertEquals("try two", airflow("logs", "--date", "2026-11-29", "--task", "health").out().strip());
        assertEquals("try one", airflow("logs", "--date", "2026-11-29", "--task", "health", "--try", "1").out().strip());
    }

    @Test
    void airflowErrorsExitOneAndUsageErrorsTwo() {
        stub.on("GET", RUN_PATH, json(404, "{\"detail\": \"DagRun not found\"}"));
        CliRun missing = airflow("status", "--date", "2026-11-29");
        assertEquals(1, missing.status());
        assertTrue(missing.err().contains("GET " + RUN_PATH) && missing.err().contains("DagRun not found"), missing.err());

        CliRun verbose = airflow("status", "--date", "2026-11-29", "--verbose");
        assertEquals(1, verbose.status());
        assertTrue(verbose.err().contains("at io.lifecycle.pipelines.airflow."), "a stack trace with --verbose: " + verbose.err());
        assertFalse(missing.err().contains("\tat "), "no stack trace without --verbose: " + missing.err());

        assertEquals(2, airflow("trigger").status());
        assertEquals(2, airflow("trigger", "--date", "29.11.2026").status());
    }

    @Test
    void aMissingEnvironmentVariableIsNamed() {
        CliRun run = airflow(() -> AirflowSettings.fromEnvironment(Map.of("LIFECYCLE_AIRFLOW_URL",
                "http://127.0.0.1:9")), "pause");
        assertEquals(1, run.status());
        assertTrue(run.err().contains("LIFECYCLE_AIRFLOW_USERNAME is not set"), run.err());
    }
}
