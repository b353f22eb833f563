package io.lifecycle.pipelines.airflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * Airflow's published OpenAPI spec (test resource airflow/v2-rest-api.yaml, provenance in its README.md), used to check every request the client
 * sends: an operation with this method and path template, declared query parameters, path parameters of the
 * declared type, and a JSON body that has the required keys and no keys the schema does not declare.
 */
public final class OpenApiSpec {
    private static OpenApiSpec airflow;

    private final JsonNode root;

    private OpenApiSpec(JsonNode root) {
        this.root = root;
    }

    public static synchronized OpenApiSpec airflow() {
        if (airflow == null) {
            try (var in = OpenApiSpec.class.getResourceAsStream("/airflow/v2-rest-api.yaml")) {
                if (in == null) {
                    throw new IllegalStateException("no Airflow spec on the test classpath"
                            + " (expected pipelines/src/test/resources/airflow/v2-rest-api.yaml)");
                }
                airflow = new OpenApiSpec(new ObjectMapper(new YAMLFactory()).readTree(in));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return airflow;
    }

    /** What is wrong with this request by the spec; empty when nothing is. */
    public List<String> violations(String method, String path, Map<String, List<String>> query, JsonNode body) {
        String where = method + " " + path;
        List<String> out = new ArrayList<>();
        Operation op = find(method.toLowerCase(Locale.ROOT), path);
        if (op == null) {
            out.add(where + ": no operation with this method and path in the spec");
            return out;
        }
        Map<String, JsonNode> queryParams = new TreeMap<>();
        for (JsonNode p : op.node.path("parameters")) {
            if ("query".equals(p.path("in").asText())) {
                queryParams.put(p.path("name").asText(), p.path("schema"));
            } else if ("path".equals(p.path("in").asText())) {
                String value = op.pathValues.get(p.path("name").asText());
                if (value != null) {
                    checkScalar(p.path("schema"), value, where + " path parameter " + p.path("name").asText(), out);
                }
            }
        }
        query.forEach((name, values) -> {
            JsonNode schema = queryParams.get(name);
            if (schema == null) {
                out.add(where + ": query parameter '" + name + "' is not declared (declared: " + queryParams.keySet() + ")");
            } else {
                JsonNode itemSchema = schema.has("items") ? schema.get("items") : schema;
                values.forEach(v -> checkScalar(itemSchema, v, where + " query parameter " + name, out));
            }
        });
        JsonNode requestBody = op.node.path("requestBody");
        if (requestBody.isMissingNode()) {
            if (body != null) {
                out.add(where + ": sends a body, but the operation takes none");
            }
            return out;
        }
        if (body == null) {
            if (requestBody.path("required").asBoolean(false)) {
                out.add(where + ": the request body is required");
            }
            return out;
        }
        validate(requestBody.path("content").path("application/json").path("schema"), body, where + " body", out);
        return out;
    }

    private record Operation(JsonNode node, Map<String, String> pathValues) {
    }

    /** A literal path wins over a template ("/dagRuns/list" over "/dagRuns/{dag_run_id}"). */
    private Operation find(String method, String path) {
        Operation best = null;
        int bestParams = Integer.MAX_VALUE;
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode op = e.getValue().path(method);
            if (op.isMissingNode()) {
                continue;
            }
            List<String> names = new ArrayList<>();
            Matcher m = Pattern.compile("\\{([^}]+)}").matcher(e.getKey());
            StringBuilder regex = new StringBuilder();
            int last = 0;
            while (m.find()) {
                regex.append(Pattern.quote(e.getKey().substring(last, m.start()))).append("([^/]+)");
                names.add(m.group(1));
                last = m.end();
            }
            regex.append(Pattern.quote(e.getKey().substring(last)));
            Matcher pm = Pattern.compile(regex.toString()).matcher(path);
            if (pm.matches() && names.size() < bestParams) {
                Map<String, String> values = new TreeMap<>();
                for (int i = 0; i < names.size(); i++) {
                    values.put(names.get(i), pm.group(i + 1));
                }
                JsonNode merged = op;
                JsonNode shared = e.getValue().path("parameters");
                if (shared.isArray()) {
                    ObjectNode copy = op.deepCopy();
                    ArrayNode params = copy.withArray("parameters");
                    shared.forEach(params::add);
                    merged = copy;
                }
                best = new Operation(merged, values);
                bestParams = names.size();
            }
        }
        return best;
    }

    private JsonNode resolve(JsonNode schema) {
        while (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            if (!ref.startsWith("#/")) {
                throw new IllegalStateException("external $ref " + ref);
            }
            schema = root.at(ref.substring(1));
            if (schema.isMissingNode()) {
                throw new IllegalStateException("unresolved $ref " + ref);
            }
        }
        return schema;
    }

    void validate(JsonNode schemaRef, JsonNode value, String where, List<String> out) {
        JsonNode schema = resolve(schemaRef);
        if (value.isNull()) {
            if (!nullable(schema)) {
                out.add(where + ": null, but the schema does not allow null");
            }
            return;
        }
        if (schema.has("allOf")) {
            schema = mergeAllOf(schema);
        }
        for (String key : List.of("anyOf", "oneOf")) {
            if (schema.has(key)) {
                List<String> first = null;
                for (JsonNode variant : schema.get(key)) {
                    List<String> v = new ArrayList<>();
                    validate(variant, value, where, v);
                    if (v.isEmpty()) {
                        return;
                    }
                    first = first == null ? v : first;
                }
                out.add(where + ": matches none of the " + key + " variants, e.g. " + first);
                return;
            }
        }
        if (schema.has("enum")) {
            boolean found = false;
            for (JsonNode allowed : schema.get("enum")) {
                found |= allowed.equals(value);
            }
            if (!found) {
                out.add(where + ": " + value + " is not one of " + schema.get("enum"));
            }
        }
        String type = type(schema);
        if (type == null) {
            return;
        }
        switch (type) {
            case "object" -> validateObject(schema, value, where, out);
            case "array" -> {
                if (!value.isArray()) {
                    out.add(where + ": expected an array, got " + value);
                } else if (schema.has("items")) {
                    for (int i = 0; i < value.size(); i++) {
                        validate(schema.get("items"), value.get(i), where + "[" + i + "]", out);
                    }
                }
            }
            case "string" -> {
                if (!value.isTextual()) {
                    out.add(where + ": expected a string, got " + value);
                } else {
                    checkFormat(schema, value.asText(), where, out);
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    out.add(where + ": expected a boolean, got " + value);
                }
            }
            case "integer" -> {
                if (!value.isIntegralNumber()) {
                    out.add(where + ": expected an integer, got " + value);
                }
            }
            case "number" -> {
                if (!value.isNumber()) {
                    out.add(where + ": expected a number, got " + value);
                }
            }
            default -> { }
        }
    }

    private void validateObject(JsonNode schema, JsonNode value, String where, List<String> out) {
        if (!value.isObject()) {
            out.add(where + ": expected an object, got " + value);
            return;
        }
        JsonNode props = schema.path("properties");
        for (JsonNode r : schema.path("required")) {
            if (!value.has(r.asText())) {
                out.add(where + ": the required key '" + r.asText() + "' is missing");
            }
        }
        JsonNode additional = schema.path("additionalProperties");
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (props.has(f.getKey())) {
                validate(props.get(f.getKey()), f.getValue(), where + "." + f.getKey(), out);
            } else if (additional.isObject()) {
                validate(additional, f.getValue(), where + "." + f.getKey(), out);
            } else if (!additional.asBoolean(false)) {
                Set<String> declared = new TreeSet<>();
                props.fieldNames().forEachRemaining(declared::add);
                out.add(where + ": the key '" + f.getKey() + "' is not declared by the schema (declared: " + declared + ")");
            }
        }
    }

    private JsonNode mergeAllOf(JsonNode schema) {
        ObjectNode merged = schema.deepCopy();
        merged.remove("allOf");
        ObjectNode props = merged.with("properties");
        ArrayNode required = merged.withArray("required");
        for (JsonNode part : schema.get("allOf")) {
            JsonNode p = resolve(part);
            if (p.has("allOf")) {
                p = mergeAllOf(p);
            }
            p.path("properties").fields().forEachRemaining(e -> props.set(e.getKey(), e.getValue()));
            p.path("required").forEach(required::add);
            if (p.has("type") && !merged.has("type")) {
                merged.set("type", p.get("type"));
            }
            if (p.path("additionalProperties").asBoolean(false)) {
                merged.put("additionalProperties", true);
            }
        }
        return merged;
    }

    private static boolean nullable(JsonNode schema) {
        if (schema.path("nullable").asBoolean(false)) {
            return true;
        }
        JsonNode type = schema.path("type");
        if (type.isTextual()) {
            return "null".equals(type.asText());
        }
        if (type.isArray()) {
            for (JsonNode t : type) {
                if ("null".equals(t.asText())) {
                    return true;
                }
            }
            return false;
        }
        for (String key : List.of("anyOf", "oneOf")) {
            for (JsonNode variant : schema.path(key)) {
                if (variant.has("$ref") ? false : nullable(variant)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String type(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isTextual()) {
            return type.asText();
        }
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (!"null".equals(t.asText())) {
                    return t.asText();
                }
            }
        }
        return schema.has("properties") ? "object" : null;
    }

    private void checkScalar(JsonNode schemaRef, String text, String where, List<String> out) {
        JsonNode schema = resolve(schemaRef);
        String type = type(schema);
        if ("integer".equals(type)) {
            try {
                long v = Long.parseLong(text);
                if (schema.has("minimum") && v < schema.get("minimum").asDouble()) {
                    out.add(where + ": " + v + " is below the minimum " + schema.get("minimum"));
                }
            } catch (NumberFormatException e) {
                out.add(where + ": '" + text + "' is not an integer");
            }
        } else if ("boolean".equals(type) && !text.equals("true") && !text.equals("false")) {
            out.add(where + ": '" + text + "' is not a boolean");
        } else if ("string".equals(type)) {
            checkFormat(schema, text, where, out);
        }
    }

    /** date-time needs an offset: Airflow rejects naive timestamps. */
    private static void checkFormat(JsonNode schema, String text, String where, List<String> out) {
        if ("date-time".equals(schema.path("format").asText())) {
            try {
                OffsetDateTime.parse(text);
            } catch (DateTimeParseException e) {
                out.add(where + ": '" + text + "' is not a date-time with a time zone offset");
            }
        }
    }
}
