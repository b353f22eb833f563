package io.lifecycle.pipelines.airflow;

import com.fasterxml.jackson.databind.JsonNode;

/** A backfill Airflow created (BackfillResponse); completedAt is null until Airflow has finished all its runs. */
public record Backfill(long id, String dagId, String fromDate, String toDate, String completedAt) {
    static Backfill from(JsonNode json) {
        return new Backfill(json.path("id").asLong(), json.path("dag_id").asText(),
                json.path("from_date").asText(), json.path("to_date").asText(), DagRun.text(json, "completed_at"));
    }

    public boolean completed() {
        return completedAt != null;
    }
}
