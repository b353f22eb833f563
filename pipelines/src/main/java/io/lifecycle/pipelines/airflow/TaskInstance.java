package io.lifecycle.pipelines.airflow;

import com.fasterxml.jackson.databind.JsonNode;

/** One task of a DAG run as Airflow's TaskInstanceResponse gives it; state "none" when Airflow has none yet. */
public record TaskInstance(String taskId, String state, int tryNumber, int mapIndex, String startDate,
                           String endDate, Double durationSeconds) {
    static TaskInstance from(JsonNode json) {
        JsonNode duration = json.path("duration");
        String state = DagRun.text(json, "state");
        return new TaskInstance(json.path("task_id").asText(), state == null ? "none" : state,
                json.path("try_number").asInt(0), json.path("map_index").asInt(-1),
                DagRun.text(json, "start_date"), DagRun.text(json, "end_date"),
                duration.isNumber() ? duration.asDouble() : null);
    }

    public boolean failed() {
        return "failed".equals(state);
    }
}
