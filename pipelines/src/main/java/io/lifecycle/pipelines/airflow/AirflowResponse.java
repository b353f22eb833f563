package io.lifecycle.pipelines.airflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A successful answer: status, media type (without parameters, lower case, "" if none) and body text. */
record AirflowResponse(int status, String mediaType, String body, String endpoint) {
    private static final ObjectMapper JSON = new ObjectMapper();

    boolean isJson() {
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }

    JsonNode json() {
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null) {
                throw new AirflowException(status, "Airflow answered " + endpoint + " with an empty body.");
            }
            return node;
        } catch (AirflowException e) {
            throw e;
        } catch (Exception e) {
            throw new AirflowException(status, "Airflow answered " + endpoint + " with a body that is not JSON: "
                    + ProblemMessage.of(body));
        }
    }
}
