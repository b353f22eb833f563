package io.lifecycle.pipelines.airflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The JWT of Airflow's simple auth manager: {@code POST /auth/token} with {username, password} answers
 * {access_token}. Kept in memory only, never printed.
 */
final class TokenSource {
    static final String PATH = "/auth/token";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AirflowSettings settings;
    private final RetryingTransport transport;
    private String token;

    TokenSource(AirflowSettings settings, RetryingTransport transport) {
        this.settings = settings;
        this.transport = transport;
    }

    synchronized String current() {
        if (token == null) {
            token = fetch();
        }
        return token;
    }

    /** Drops the token (expired or revoked) and fetches a new one. */
    synchronized String refresh() {
        token = fetch();
        return token;
    }

    private String fetch() {
        String endpoint = "POST " + PATH;
        ObjectNode body = JSON.createObjectNode().put("username", settings.username()).put("password", settings.password());
        HttpRequest request = HttpRequest.newBuilder(URI.create(settings.baseUrl() + PATH))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        HttpResponse<String> response = transport.send(request, endpoint);
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            throw new AirflowException(status, "Airflow did not accept the user name '" + settings.username()
                    + "' and password from " + AirflowSettings.USERNAME + "/" + AirflowSettings.PASSWORD + " ("
                    + endpoint + ", HTTP " + status + ": " + ProblemMessage.of(response.body(), settings.password()) + ").");
        }
        if (status / 100 != 2) {
            throw new AirflowException(status, "Airflow refused " + endpoint + " (HTTP " + status + "): "
                    + ProblemMessage.of(response.body(), settings.password()));
        }
        try {
            JsonNode json = JSON.readTree(response.body());
            String t = json == null ? null : json.path("access_token").asText(null);
            if (t != null && !t.isBlank()) {
                return t;
            }
        } catch (Exception e) {
            // fall through to the error below; the body may hold the token, so it is not quoted
        }
        throw new AirflowException(status, "Airflow answered " + endpoint + " without an access_token; is "
                + AirflowSettings.URL + " (" + settings.baseUrl() + ") the Airflow API server?");
    }
}
