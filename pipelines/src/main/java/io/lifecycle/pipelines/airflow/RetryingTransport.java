package io.lifecycle.pipelines.airflow;

import io.lifecycle.common.LifecycleException;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Sends one request, again after connection errors and 5xx answers as the {@link RetryPolicy} allows.
 * Answers below 500 are returned as they are; the caller decides what they mean.
 */
final class RetryingTransport {
    private final HttpClient client;
    private final RetryPolicy retry;
    private final String airflow;
    private final String password;

    /** @param password masked should Airflow ever quote it in an error body */
    RetryingTransport(HttpClient client, RetryPolicy retry, String airflow, String password) {
        this.client = client;
        this.retry = retry;
        this.airflow = airflow;
        this.password = password;
    }

    /** @param endpoint method and path, e.g. "GET /api/v2/dags/x", for messages; never the query or headers */
    HttpResponse<String> send(HttpRequest request, String endpoint) {
        for (int attempt = 1; ; attempt++) {
            boolean last = attempt >= retry.maxAttempts();
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() < 500) {
                    return response;
                }
                if (last) {
                    throw new AirflowException(response.statusCode(), "Airflow failed on " + endpoint + " with HTTP "
                            + response.statusCode() + " " + attempts(attempt) + ": " + ProblemMessage.of(response.body(), password));
                }
            } catch (IOException e) {
                if (last) {
                    throw new AirflowException("Could not reach Airflow at " + airflow + " for " + endpoint + " "
                            + attempts(attempt) + ": " + describe(e), e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LifecycleException("Interrupted while calling Airflow (" + endpoint + ").", e);
            }
            sleep(retry.delayAfter(attempt), endpoint);
        }
    }

    private static String attempts(int n) {
        return n == 1 ? "(1 attempt)" : "(" + n + " attempts)";
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + " " + m;
    }

    private static void sleep(Duration d, String endpoint) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LifecycleException("Interrupted while waiting to retry " + endpoint + ".", e);
        }
    }
}
