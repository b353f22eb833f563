package io.lifecycle.pipelines.airflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The spec check the client tests rely on finds the mistakes it is there to find. */
class AirflowSpecCheckTest {
    private static final OpenApiSpec SPEC = OpenApiSpec.airflow();
    private static final String RUNS = "/api/v2/dags/d/dagRuns";

    private static JsonNode json(String s) throws Exception {
        return new ObjectMapper().readTree(s);
    }

    private static void assertViolation(List<String> violations, String expected) {
        assertTrue(violations.stream().anyMatch(v -> v.contains(expected)), expected + " in " + violations);
    }

    @Test
    void acceptsAValidTriggerBody() throws Exception {
        assertEquals(List.of(), SPEC.violations("POST", RUNS, Map.of(),
                json("{\"dag_run_id\": \"r\", \"logical_date\": null, \"conf\": {\"snapshot_date\": \"2026-11-29\"}}")));
    }

    @Test
    void findsUnknownKeysWrongTypesAndNaiveTimestamps() throws Exception {
        assertViolation(SPEC.violations("POST", RUNS, Map.of(), json("{\"execution_date\": \"2026-11-29T00:00:00Z\"}")),
                "'execution_date' is not declared");
        assertViolation(SPEC.violations("POST", RUNS, Map.of(), json("{\"logical_date\": \"2026-11-29T00:00:00\"}")),
                "not a date-time with a time zone offset");
        assertViolation(SPEC.violations("PATCH", "/api/v2/dags/d", Map.of(), json("{}")), "'is_paused' is missing");
        assertViolation(SPEC.violations("POST", "/api/v2/dags/d/clearTaskInstances", Map.of(), json("{\"dry_run\": \"no\"}")),
                "expected a boolean");
        assertViolation(SPEC.violations("POST", "/api/v2/backfills", Map.of(), json("{\"dag_id\": \"d\"}")),
                "'from_date' is missing");
    }

    @Test
    void findsUnknownOperationsQueryParametersAndPathTypes() {
        assertViolation(SPEC.violations("POST", "/api/v2/dags/d/trigger", Map.of(), null), "no operation");
        assertViolation(SPEC.violations("PUT", "/api/v2/dags/d", Map.of(), null), "no operation");
        assertViolation(SPEC.violations("PATCH", "/api/v2/dags/d", Map.of("mask", List.of("is_paused")), null),
                "query parameter 'mask' is not declared");
        assertViolation(SPEC.violations("GET", RUNS + "/r/taskInstances/t/logs/latest", Map.of(), null),
                "'latest' is not an integer");
        assertViolation(SPEC.violations("PATCH", "/api/v2/dags/d", Map.of(), null), "the request body is required");
    }
}
