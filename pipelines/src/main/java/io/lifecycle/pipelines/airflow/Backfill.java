package io.lifecycle.pipelines.airflow;

import com.fasterxml.jackson.databind.JsonNode;

/** A backfill Airflow created (BackfillResponse). */
public record Backfill(long id, String dagId, String fromDate, String toDate) {
    static Backfill from(JsonNode json) {
        return new Backfill(json.path("id").asLong(), json.path("dag_id").asText(),
                json.path("from_date").asText(), json.path("to_date").asText());
    }
}
