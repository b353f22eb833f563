package io.lifecycle.pipelines.airflow;

import io.lifecycle.common.LifecycleException;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Where Airflow is and who we are there. Read from the environment only, so the password never sits in a
 * file or on a command line; {@link #toString()} masks the password.
 */
public record AirflowSettings(URI baseUrl, String username, String password, String dagId,
                              RetryPolicy retry, Duration pollInterval) {
    public static final String URL = "LIFECYCLE_AIRFLOW_URL";
    public static final String USERNAME = "LIFECYCLE_AIRFLOW_USERNAME";
    public static final String PASSWORD = "LIFECYCLE_AIRFLOW_PASSWORD";
    public static final String DAG = "LIFECYCLE_AIRFLOW_DAG";
    public static final String DEFAULT_DAG = "customer_lifecycle_nightly";

    public AirflowSettings {
        String url = baseUrl.toString();
        if (url.endsWith("/")) {
            baseUrl = URI.create(url.substring(0, url.length() - 1));
        }
    }

    public static AirflowSettings fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    public static AirflowSettings fromEnvironment(Map<String, String> env) {
        String url = required(env, URL, "the Airflow base URL, e.g. http://127.0.0.1:8080");
        URI uri = null;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            // reported below
        }
        if (uri == null || !"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new LifecycleException(URL + " must be an http(s) URL such as http://127.0.0.1:8080, not '" + url + "'.");
        }
        String dag = env.get(DAG);
        return new AirflowSettings(uri, required(env, USERNAME, "the Airflow user name"),
                required(env, PASSWORD, "that user's password"),
                dag == null || dag.isBlank() ? DEFAULT_DAG : dag.strip(),
                RetryPolicy.standard(), Duration.ofSeconds(30));
    }

    private static String required(Map<String, String> env, String name, String what) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            throw new LifecycleException("The environment variable " + name + " is not set; it must hold " + what + ".");
        }
        return v;
    }

    @Override
    public String toString() {
        return "AirflowSettings[baseUrl=" + baseUrl + ", username=" + username + ", password=****, dagId=" + dagId
                + ", retry=" + retry + ", pollInterval=" + pollInterval + "]";
    }
}
