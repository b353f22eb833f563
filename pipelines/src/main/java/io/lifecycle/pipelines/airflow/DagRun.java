package io.lifecycle.pipelines.airflow;

import com.fasterxml.jackson.databind.JsonNode;

/** The parts of Airflow's DAGRunResponse we show and act on; dates are Airflow's ISO strings, null if unset. */
public record DagRun(String dagId, String dagRunId, String state, String logicalDate, String startDate,
                     String endDate, JsonNode conf) {
    static DagRun from(JsonNode json) {
        return new DagRun(json.path("dag_id").asText(), json.path("dag_run_id").asText(),
                json.path("state").asText("unknown"), text(json, "logical_date"), text(json, "start_date"),
                text(json, "end_date"), json.path("conf"));
    }

    /** success and failed are final; queued and running are not. */
    public boolean finished() {
        return "success".equals(state) || "failed".equals(state);
    }

    public boolean succeeded() {
        return "success".equals(state);
    }

    static String text(JsonNode json, String field) {
        JsonNode n = json.path(field);
        return n.isNull() || n.isMissingNode() ? null : n.asText();
    }
}
