package io.lifecycle.pipelines.airflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.TreeSet;

/**
 * A stand-in for Airflow's API server on 127.0.0.1 (a free port): answers scripted per method and path,
 * issues tokens token-1, token-2, ... at POST /auth/token, records every request and checks it against
 * Airflow's OpenAPI spec ({@link #specViolations()}).
 */
public final class AirflowStub implements AutoCloseable {
    public static final String USER = "lifecycle-bot";
    public static final String PASSWORD = "s3cret-Pa55word";
    private static final ObjectMapper JSON = new ObjectMapper();

    public record Request(String method, String path, Map<String, List<String>> query, Map<String, String> headers,
                          String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    public record Reply(int status, String contentType, String body) {
    }

    private final HttpServer server;
    private final Map<String, List<Reply>> routes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> served = new ConcurrentHashMap<>();
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger tokens = new AtomicInteger();

    public AirflowStub() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    public static Reply json(int status, String body) {
        return new Reply(status, "application/json", body);
    }

    /** {"detail": message}: FastAPI's error body. */
    public static Reply error(int status, String detail) {
        return json(status, JSON.createObjectNode().put("detail", detail).toString());
    }

    public static String dagRun(String runId, String state) {
        return JSON.createObjectNode().put("dag_id", "customer_lifecycle_nightly").put("dag_run_id", runId)
                .put("state", state).putNull("logical_date").put("run_after", "2026-11-30T02:00:00Z")
                .put("run_type", "manual").put("dag_display_name", "customer_lifecycle_nightly").toString();
    }

    public static String taskInstance(String taskId, String state, int tryNumber) {
        return JSON.createObjectNode().put("task_id", taskId).put("state", state).put("try_number", tryNumber)
                .put("map_index", -1).put("duration", 12.5).toString();
    }

    public static String taskInstances(String... items) {
        return "{\"task_instances\": [" + String.join(",", items) + "], \"total_entries\": " + items.length + "}";
    }

    /** Answers METHOD path with these replies in turn; the last one repeats. */
    public AirflowStub on(String method, String path, Reply... replies) {
        routes.put(method + " " + path, List.of(replies));
        served.put(method + " " + path, new AtomicInteger());
        return this;
    }

    public AirflowSettings settings() {
        return settings(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(4)));
    }

    public AirflowSettings settings(RetryPolicy retry) {
        return new AirflowSettings(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), USER, PASSWORD,
                "customer_lifecycle_nightly", retry, Duration.ofMillis(5));
    }

    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    public List<Request> requests(String method, String path) {
        return requests().stream().filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
    }

    /** The API requests (not the token requests). */
    public List<Request> apiRequests() {
        return requests().stream().filter(r -> r.path().startsWith("/api/")).toList();
    }

    public int tokensIssued() {
        return tokens.get();
    }

    public List<String> specViolations() {
        synchronized (violations) {
            return List.copyOf(violations);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
            Request request = new Request(method, path, query(exchange.getRequestURI().getRawQuery()), headers, body);
            requests.add(request);
            check(request);
            Reply reply = reply(method + " " + path);
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", reply.contentType());
            exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        }
    }

    private Reply reply(String route) {
        List<Reply> replies = routes.get(route);
        if (replies == null) {
            if (route.equals("POST " + TokenSource.PATH)) {
                return json(201, "{\"access_token\": \"token-" + tokens.incrementAndGet() + "\"}");
            }
            return error(404, "the stub has no answer for " + route);
        }
        int n = served.get(route).getAndIncrement();
        Reply r = replies.get(Math.min(n, replies.size() - 1));
        if (route.equals("POST " + TokenSource.PATH) && r.status() / 100 == 2) {
            tokens.incrementAndGet();
        }
        return r;
    }

    private void check(Request r) {
        String where = r.method() + " " + r.path();
        if (r.path().equals(TokenSource.PATH)) {
            if (!r.method().equals("POST") || !r.query().isEmpty()) {
                violations.add(where + ": the token endpoint takes POST without query parameters");
            } else if (!Set.of("username", "password").equals(fieldNames(r.json()))) {
                violations.add(where + ": the token body must be exactly {username, password}");
            }
            return;
        }
        if (!(r.header("Authorization") + "").startsWith("Bearer ")) {
            violations.add(where + ": no bearer token");
        }
        JsonNode body = r.body().isEmpty() ? null : r.json();
        if (body != null && !(r.header("Content-Type") + "").startsWith("application/json")) {
            violations.add(where + ": a JSON body without Content-Type application/json");
        }
        violations.addAll(OpenApiSpec.airflow().violations(r.method(), r.path(), r.query(), body));
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            String[] kv = pair.split("=", 2);
            out.computeIfAbsent(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), k -> new ArrayList<>())
                    .add(kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return out;
    }
}
