package io.lifecycle.pipelines.airflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifecycle.common.LifecycleException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static io.lifecycle.pipelines.airflow.AirflowStub.dagRun;
import static io.lifecycle.pipelines.airflow.AirflowStub.error;
import static io.lifecycle.pipelines.airflow.AirflowStub.json;
import static io.lifecycle.pipelines.airflow.AirflowStub.taskInstance;
import static io.lifecycle.pipelines.airflow.AirflowStub.taskInstances;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client against a stub Airflow; every request it makes must be one Airflow's spec allows. */
class AirflowClientTest {
    private static final LocalDate DATE = LocalDate.of(2026, 11, 29);
    private static final String RUN = "lifecycle__2026-11-29";
    private static final String DAG = "/api/v2/dags/customer_lifecycle_nightly";
    private static final String RUNS = DAG + "/dagRuns";
    private static final String RUN_PATH = RUNS + "/" + RUN;

    private final AirflowStub stub = new AirflowStub();
    private final AirflowClient client = new AirflowClient(stub.settings());

    @AfterEach
    void everyRequestFollowsTheSpec() {
        try {
            assertEquals(List.of(), stub.specViolations());
        } finally {
            stub.close();
        }
    }

    @Test
    void fetchesTheTokenOnceAndSendsItAsBearer() {
        stub.on("GET", RUN_PATH, json(200, dagRun(RUN, "running")));
        client.dagRun(RUN);
        client.dagRun(RUN);
        List<AirflowStub.Request> token = stub.requests("POST", "/auth/token");
        assertEquals(1, token.size());
        assertEquals(AirflowStub.USER, token.get(0).json().path("username").asText());
        assertEquals(AirflowStub.PASSWORD, token.get(0).json().path("password").asText());
        stub.requests("GET", RUN_PATH).forEach(r -> assertEquals("Bearer token-1", r.header("Authorization")));
    }

    @Test
    void refreshesTheTokenOnceOn401AndRetries() {
        stub.on("GET", RUN_PATH, error(401, "Token expired"), json(200, dagRun(RUN, "success")));
        assertEquals("success", client.dagRun(RUN).state());
        assertEquals(2, stub.tokensIssued());
        List<AirflowStub.Request> calls = stub.requests("GET", RUN_PATH);
        assertEquals(List.of("Bearer token-1", "Bearer token-2"), calls.stream().map(r -> r.header("Authorization")).toList());
    }

    @Test
    void a401AfterTheRefreshIsAnErrorNotALoop() {
        stub.on("GET", RUN_PATH, error(401, "Not authenticated"));
        AirflowException e = assertThrows(AirflowException.class, () -> client.dagRun(RUN));
        assertEquals(401, e.status());
        assertTrue(e.getMessage().contains("GET " + RUN_PATH) && e.getMessage().contains("Not authenticated"), e.getMessage());
        assertEquals(2, stub.requests("GET", RUN_PATH).size());
    }

    @Test
    void triggerSendsTheRunIdTheSnapshotDateAndLogicalDate() {
        stub.on("POST", RUNS, json(200, dagRun(RUN, "queued")));
        TriggerResult result = client.trigger(DATE);
        assertTrue(result.created());
        assertEquals(RUN, result.run().dagRunId());
        assertEquals("queued", result.run().state());
        JsonNode body = stub.requests("POST", RUNS).get(0).json();
        assertEquals(RUN, body.path("dag_run_id").asText());
        assertEquals("2026-11-29", body.path("conf").path("snapshot_date").asText());
        assertTrue(body.has("logical_date"), "Airflow 3.0 answers 422 without the key logical_date: " + body);
    }

    @Test
    void triggerOfAnExistingRunReportsThatRun() {
        stub.on("POST", RUNS, error(409, "DAG Run with id lifecycle__2026-11-29 already exists"))
                .on("GET", RUN_PATH, json(200, dagRun(RUN, "running")));
        TriggerResult result = client.trigger(DATE);
        assertFalse(result.created());
        assertEquals("running", result.run().state());
        assertEquals(1, stub.requests("POST", RUNS).size());
    }

    @Test
    void aConflictWithoutOurRunIsReportedAsTheConflict() {
        stub.on("POST", RUNS, error(409, "A DAG Run with this logical date already exists"))
                .on("GET", RUN_PATH, error(404, "DagRun not found"));
        AirflowException e = assertThrows(AirflowException.class, () -> client.trigger(DATE));
        assertEquals(409, e.status());
        assertTrue(e.getMessage().contains("POST " + RUNS) && e.getMessage().contains("logical date already exists"),
                e.getMessage());
    }

    @Test
    void retries5xxAndThenSucceeds() {
        stub.on("GET", RUN_PATH, error(503, "restarting"), error(502, "bad gateway"), json(200, dagRun(RUN, "success")));
        assertEquals("success", client.dagRun(RUN).state());
        assertEquals(3, stub.requests("GET", RUN_PATH).size());
    }

    @Test
    void gives5xxUpAfterTheLastAttempt() {
        stub.on("GET", RUN_PATH, error(500, "database is locked"));
        AirflowException e = assertThrows(AirflowException.class, () -> client.dagRun(RUN));
        assertEquals(500, e.status());
        assertTrue(e.getMessage().contains("GET " + RUN_PATH), e.getMessage());
        assertTrue(e.getMessage().contains("3 attempts") && e.getMessage().contains("database is locked"), e.getMessage());
        assertEquals(3, stub.requests("GET", RUN_PATH).size());
    }

    @Test
    void retriesConnectionErrorsThenNamesTheServer() {
        AirflowSettings closed = stub.settings();
        stub.close();
        AirflowException e = assertThrows(AirflowException.class, () -> new AirflowClient(closed).dagRun(RUN));
        assertTrue(e.getMessage().startsWith("Could not reach Airflow at " + closed.baseUrl()), e.getMessage());
        assertTrue(e.getMessage().contains("3 attempts"), e.getMessage());
    }

    @Test
    void a4xxNamesTheEndpointAndAirflowsDetailWithoutRetrying() {
        stub.on("GET", RUN_PATH, error(404, "The DagRun with dag_id: `customer_lifecycle_nightly` and run_id: "
                + "`lifecycle__2026-11-29` was not found"));
        AirflowException e = assertThrows(AirflowException.class, () -> client.dagRun(RUN));
        assertEquals(404, e.status());
        assertTrue(e.getMessage().contains("GET " + RUN_PATH), e.getMessage());
        assertTrue(e.getMessage().contains("was not found"), e.getMessage());
        assertEquals(1, stub.requests("GET", RUN_PATH).size());
    }

    @Test
    void aProblemJsonTitleIsShownWhenThereIsNoDetail() {
        stub.on("PATCH", DAG, json(403, "{\"title\": \"Forbidden\", \"status\": 403}"));
        AirflowException e = assertThrows(AirflowException.class, () -> client.setPaused(true));
        assertTrue(e.getMessage().contains("PATCH " + DAG) && e.getMessage().contains("Forbidden"), e.getMessage());
    }

    @Test
    void a422ShowsTheValidationDetails() {
        stub.on("POST", RUNS, json(422, "{\"detail\": [{\"type\": \"missing\", \"loc\": [\"body\", \"logical_date\"], "
                + "\"msg\": \"Field required\", \"input\": {}}, {\"type\": \"extra_forbidden\", \"loc\": [\"body\", \"x\"], "
                + "\"msg\": \"Extra inputs are not permitted\", \"input\": 1}]}"));
        AirflowException e = assertThrows(AirflowException.class, () -> client.trigger(DATE));
        assertEquals(422, e.status());
        assertTrue(e.getMessage().contains("POST " + RUNS), e.getMessage());
        assertTrue(e.getMessage().contains("body.logical_date: Field required; body.x: Extra inputs are not permitted"),
                e.getMessage());
    }

    @Test
    void waitsUntilTheRunSucceeds() {
        stub.on("GET", RUN_PATH, json(200, dagRun(RUN, "queued")), json(200, dagRun(RUN, "running")),
                json(200, dagRun(RUN, "running")), json(200, dagRun(RUN, "success")));
        List<String> seen = new ArrayList<>();
        DagRun done = new RunWaiter(client, Duration.ofMillis(5)).await(RUN, Duration.ofSeconds(10), r -> seen.add(r.state()));
        assertTrue(done.succeeded());
        assertEquals(List.of("queued", "running", "success"), seen);
        assertEquals(4, stub.requests("GET", RUN_PATH).size());
    }

    @Test
    void waitingEndsWhenTheRunFails() {
        stub.on("GET", RUN_PATH, json(200, dagRun(RUN, "running")), json(200, dagRun(RUN, "failed")));
        DagRun done = new RunWaiter(client, Duration.ofMillis(5)).await(RUN, Duration.ofSeconds(10), r -> { });
        assertTrue(done.finished());
        assertFalse(done.succeeded());
        assertEquals("failed", done.state());
    }

    @Test
    void waitingTimesOutWithTheLastState() {
        stub.on("GET", RUN_PATH, json(200, dagRun(RUN, "queued")), json(200, dagRun(RUN, "running")));
        LifecycleException e = assertThrows(LifecycleException.class,
                () -> new RunWaiter(client, Duration.ofMillis(10)).await(RUN, Duration.ofMillis(1000), r -> { }));
        assertTrue(e.getMessage().contains(RUN) && e.getMessage().contains("did not finish within 1 s"), e.getMessage());
        assertTrue(e.getMessage().contains("last state was running"), e.getMessage());
        assertTrue(stub.requests("GET", RUN_PATH).size() >= 3);
    }

    @Test
    void listsTheTaskInstancesOfARun() {
        stub.on("GET", RUN_PATH + "/taskInstances", json(200, taskInstances(taskInstance("ingest", "success", 1),
                taskInstance("health", "failed", 2))));
        List<TaskInstance> tasks = client.taskInstances(RUN);
        assertEquals(List.of("ingest", "health"), tasks.stream().map(TaskInstance::taskId).toList());
        assertTrue(tasks.get(1).failed());
        assertEquals(2, tasks.get(1).tryNumber());
    }

    @Test
    void clearSendsDryRunFalseExplicitly() {
        stub.on("POST", DAG + "/clearTaskInstances", json(200, taskInstances(taskInstance("health", "failed", 2),
                taskInstance("lifecycle", "upstream_failed", 0))));
        List<TaskInstance> cleared = client.clearFailed(RUN);
        assertEquals(List.of("health", "lifecycle"), cleared.stream().map(TaskInstance::taskId).toList());
        JsonNode body = stub.requests("POST", DAG + "/clearTaskInstances").get(0).json();
        assertTrue(body.has("dry_run") && !body.get("dry_run").asBoolean(), "dry_run defaults to true: " + body);
        assertTrue(body.path("only_failed").asBoolean());
        assertEquals(RUN, body.path("dag_run_id").asText());
    }

    @Test
    void readsJsonLogsWithStringAndStructuredLines() {
        stub.on("GET", RUN_PATH + "/taskInstances/health/logs/2", json(200, "{\"content\": ["
                + "{\"timestamp\": \"2026-11-30T02:01:00Z\", \"level\": \"info\", \"event\": \"starting health\"},"
                + "{\"event\": \"::group::Log message source details\"},"
                + "\"plain line\"], \"continuation_token\": null}"));
        assertEquals(List.of("[2026-11-30T02:01:00Z] INFO - starting health", "::group::Log message source details",
                "plain line"), client.log(RUN, "health", 2));
        assertEquals(List.of("true"), stub.requests().get(1).query().get("full_content"));
    }

    @Test
    void readsPlainTextAndNdjsonLogs() {
        stub.on("GET", RUN_PATH + "/taskInstances/health/logs/1",
                new AirflowStub.Reply(200, "text/plain; charset=utf-8", "line one\nline two\n"));
        assertEquals(List.of("line one", "line two"), client.log(RUN, "health", 1));
        stub.on("GET", RUN_PATH + "/taskInstances/health/logs/1", new AirflowStub.Reply(200, "application/x-ndjson",
                "{\"event\": \"first\", \"level\": \"error\"}\n{\"event\": \"second\"}\n"));
        assertEquals(List.of("ERROR - first", "second"), client.log(RUN, "health", 1));
    }

    @Test
    void pausesAndUnpausesWithAnUpdateMask() {
        stub.on("PATCH", DAG, json(200, "{\"dag_id\": \"customer_lifecycle_nightly\", \"is_paused\": true}"));
        assertTrue(client.setPaused(true));
        stub.on("PATCH", DAG, json(200, "{\"dag_id\": \"customer_lifecycle_nightly\", \"is_paused\": false}"));
        assertFalse(client.setPaused(false));
        List<AirflowStub.Request> patches = stub.requests("PATCH", DAG);
        assertEquals(List.of(true, false), patches.stream().map(r -> r.json().path("is_paused").asBoolean()).toList());
        patches.forEach(r -> assertEquals(List.of("is_paused"), r.query().get("update_mask")));
    }

    @Test
    void startsABackfillOverTheDates() {
        stub.on("POST", "/api/v2/backfills", json(200, "{\"id\": 7, \"dag_id\": \"customer_lifecycle_nightly\", "
                + "\"from_date\": \"2026-11-01T00:00:00Z\", \"to_date\": \"2026-11-29T00:00:00Z\"}"));
        Backfill b = client.backfill(LocalDate.of(2026, 11, 1), DATE);
        assertEquals(7, b.id());
        JsonNode body = stub.requests("POST", "/api/v2/backfills").get(0).json();
        assertEquals("customer_lifecycle_nightly", body.path("dag_id").asText());
        assertEquals("2026-11-01T00:00:00Z", body.path("from_date").asText());
        assertEquals("2026-11-29T00:00:00Z", body.path("to_date").asText());
        assertEquals(1, body.path("max_active_runs").asInt(), "one run at a time on one lakehouse");
    }

    @Test
    void thePasswordNeverAppearsInErrors() {
        String echo = "{\"detail\": \"bad credentials for " + AirflowStub.PASSWORD + "\"}";
        stub.on("POST", "/auth/token", json(401, echo));
        AirflowException e = assertThrows(AirflowException.class, () -> client.dagRun(RUN));
        assertEquals(401, e.status());
        assertTrue(e.getMessage().contains("LIFECYCLE_AIRFLOW_USERNAME"), e.getMessage());
        assertFalse(e.getMessage().contains(AirflowStub.PASSWORD), e.getMessage());

        stub.on("POST", "/auth/token", json(500, echo));
        e = assertThrows(AirflowException.class, () -> client.dagRun(RUN));
        assertFalse(e.getMessage().contains(AirflowStub.PASSWORD), e.getMessage());

        stub.on("POST", "/auth/token", json(201, "{\"access_token\": \"tok-xyz\"}"))
                .on("GET", RUN_PATH, json(400, "{\"detail\": \"token tok-xyz, password " + AirflowStub.PASSWORD + "\"}"));
        e = assertThrows(AirflowException.class, () -> client.dagRun(RUN));
        assertFalse(e.getMessage().contains(AirflowStub.PASSWORD) || e.getMessage().contains("tok-xyz"), e.getMessage());
        assertFalse(client.toString().contains(AirflowStub.PASSWORD));
    }
}
