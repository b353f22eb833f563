package io.lifecycle.pipelines.airflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;

/**
 * Airflow's own words from an error body: {@code detail} (a string, an object, or for 422 the list of
 * validation errors {loc, msg, type}), else {@code title}, else the start of the raw body.
 */
final class ProblemMessage {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_RAW = 300;

    private ProblemMessage() {
    }

    /** Airflow's message with every occurrence of the given secrets (password, token) masked. */
    static String of(String body, String... secrets) {
        String message = of(body);
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) {
                message = message.replace(secret, "****");
            }
        }
        return message;
    }

    static String of(String body) {
        if (body == null || body.isBlank()) {
            return "no details given";
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (Exception e) {
            return raw(body);
        }
        if (root == null || !root.isObject()) {
            return raw(body);
        }
        JsonNode detail = root.path("detail");
        JsonNode title = root.path("title");
        if (detail.isArray()) {
            return validationErrors(detail);
        }
        if (detail.isTextual()) {
            return title.isTextual() && !title.asText().equals(detail.asText())
                    ? title.asText() + ": " + detail.asText() : detail.asText();
        }
        if (detail.isObject()) {
            return detail.toString();
        }
        if (title.isTextual()) {
            return title.asText();
        }
        return raw(body);
    }

    /** "body.logical_date: Field required; body.foo: Extra inputs are not permitted". */
    private static String validationErrors(JsonNode errors) {
        List<String> parts = new ArrayList<>();
        for (JsonNode e : errors) {
            List<String> loc = new ArrayList<>();
            e.path("loc").forEach(l -> loc.add(l.asText()));
            String msg = e.path("msg").asText(e.toString());
            parts.add(loc.isEmpty() ? msg : String.join(".", loc) + ": " + msg);
        }
        return parts.isEmpty() ? "validation failed (no details given)" : String.join("; ", parts);
    }

    private static String raw(String body) {
        String s = body.strip().replaceAll("\\s+", " ");
        return s.length() <= MAX_RAW ? s : s.substring(0, MAX_RAW) + "...";
    }
}
