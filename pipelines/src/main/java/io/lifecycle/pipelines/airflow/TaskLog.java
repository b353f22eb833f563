package io.lifecycle.pipelines.airflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The lines of a task log answer (GET .../logs/{try_number}). Airflow 3 answers JSON {content: [...]} whose items
 * are strings or structured messages {timestamp, level, event, ...}; with another Accept it answers
 * application/x-ndjson (one message per line); older servers and proxies may answer plain text.
 */
final class TaskLog {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TaskLog() {
    }

    static List<String> lines(AirflowResponse response) {
        List<String> out = new ArrayList<>();
        if (response.isJson()) {
            JsonNode content = response.json().path("content");
            if (content.isArray()) {
                content.forEach(item -> addMessage(item, out));
            } else if (content.isTextual()) {
                addText(content.asText(), out);
            }
            return out;
        }
        for (String line : response.body().split("\r?\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode item = parse(line);
            if (item != null && item.isObject()) {
                addMessage(item.has("content") ? item.get("content") : item, out);
            } else {
                out.add(line);
            }
        }
        return out;
    }

    private static void addMessage(JsonNode item, List<String> out) {
        if (item.isTextual()) {
            addText(item.asText(), out);
            return;
        }
        if (!item.isObject()) {
            out.add(item.toString());
            return;
        }
        StringBuilder line = new StringBuilder();
        if (item.hasNonNull("timestamp")) {
            line.append('[').append(item.get("timestamp").asText()).append("] ");
        }
        if (item.hasNonNull("level")) {
            line.append(item.get("level").asText().toUpperCase(Locale.ROOT)).append(" - ");
        }
        line.append(item.path("event").asText(""));
        addText(line.toString(), out);
        JsonNode error = item.path("error_detail");
        if (error.isArray()) {
            error.forEach(e -> addText(e.toString(), out));
        }
    }

    private static void addText(String text, List<String> out) {
        for (String l : text.split("\r?\n")) {
            out.add(l);
        }
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            return null;
        }
    }
}
