package io.lifecycle.pipelines.airflow;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Authenticated calls to Airflow's REST API: a bearer token (fetched again once when Airflow answers 401),
 * retries from {@link RetryingTransport}, and 4xx answers turned into an {@link AirflowException} that names
 * the method, the path and Airflow's own message.
 */
final class AirflowHttp {
    private final AirflowSettings settings;
    private final RetryingTransport transport;
    private final TokenSource tokens;

    AirflowHttp(AirflowSettings settings) {
        this.settings = settings;
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        this.transport = new RetryingTransport(client, settings.retry(), settings.baseUrl().toString(), settings.password());
        this.tokens = new TokenSource(settings, transport);
    }

    AirflowResponse get(String path, Map<String, String> query, String accept) {
        return call("GET", path, query, null, accept);
    }

    AirflowResponse call(String method, String path, Map<String, String> query, JsonNode body) {
        return call(method, path, query, body, "application/json");
    }

    private AirflowResponse call(String method, String path, Map<String, String> query, JsonNode body, String accept) {
        String endpoint = method + " " + path;
        URI uri = URI.create(settings.baseUrl() + path + queryString(query));
        String token = tokens.current();
        HttpResponse<String> response = transport.send(request(method, uri, body, accept, token), endpoint);
        if (response.statusCode() == 401) {
            token = tokens.refresh();
            response = transport.send(request(method, uri, body, accept, token), endpoint);
        }
        int status = response.statusCode();
        if (status >= 400) {
            String what = status == 422 ? "the request is not valid: " : "";
            throw new AirflowException(status, "Airflow refused " + endpoint + " (HTTP " + status + "): " + what
                    + ProblemMessage.of(response.body(), settings.password(), token));
        }
        String mediaType = response.headers().firstValue("Content-Type").orElse("")
                .split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return new AirflowResponse(status, mediaType, response.body(), endpoint);
    }

    private static HttpRequest request(String method, URI uri, JsonNode body, String accept, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(60))
                .header("Accept", accept)
                .header("Authorization", "Bearer " + token);
        if (body == null) {
            return b.method(method, HttpRequest.BodyPublishers.noBody()).build();
        }
        return b.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
    }

    /** One path segment, percent-encoded (run ids may hold ':' and '+'). */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String queryString(Map<String, String> query) {
        if (query == null || query.isEmpty()) {
            return "";
        }
        StringJoiner j = new StringJoiner("&", "?", "");
        query.forEach((k, v) -> j.add(segment(k) + "=" + segment(v)));
        return j.toString();
    }
}
