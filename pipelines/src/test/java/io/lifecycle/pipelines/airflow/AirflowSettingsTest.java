package io.lifecycle.pipelines.airflow;

import io.lifecycle.common.LifecycleException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AirflowSettingsTest {
    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("LIFECYCLE_AIRFLOW_URL", "http://127.0.0.1:8080/");
        env.put("LIFECYCLE_AIRFLOW_USERNAME", "admin");
        env.put("LIFECYCLE_AIRFLOW_PASSWORD", "hunter2-very-secret");
        return env;
    }

    @Test
    void readsTheEnvironmentWithTheDefaultDag() {
        AirflowSettings s = AirflowSettings.fromEnvironment(env());
        assertEquals("http://127.0.0.1:8080", s.baseUrl().toString());
        assertEquals("admin", s.username());
        assertEquals("customer_lifecycle_nightly", s.dagId());
        Map<String, String> env = env();
        env.put("LIFECYCLE_AIRFLOW_DAG", "other_dag");
        assertEquals("other_dag", AirflowSettings.fromEnvironment(env).dagId());
    }

    @Test
    void aMissingVariableIsNamed() {
        for (String name : new String[] {"LIFECYCLE_AIRFLOW_URL", "LIFECYCLE_AIRFLOW_USERNAME", "LIFECYCLE_AIRFLOW_PASSWORD"}) {
            Map<String, String> env = env();
            env.remove(name);
            LifecycleException e = assertThrows(LifecycleException.class, () -> AirflowSettings.fromEnvironment(env));
            assertTrue(e.getMessage().contains(name + " is not set"), e.getMessage());
            env.put(name, "  ");
            e = assertThrows(LifecycleException.class, () -> AirflowSettings.fromEnvironment(env));
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
    }

    @Test
    void aUrlThatIsNotHttpIsRefused() {
        Map<String, String> env = env();
        env.put("LIFECYCLE_AIRFLOW_URL", "127.0.0.1:8080");
        LifecycleException e = assertThrows(LifecycleException.class, () -> AirflowSettings.fromEnvironment(env));
        assertTrue(e.getMessage().contains("LIFECYCLE_AIRFLOW_URL") && e.getMessage().contains("http"), e.getMessage());
    }

    @Test
    void toStringMasksThePassword() {
        AirflowSettings s = AirflowSettings.fromEnvironment(env());
        assertFalse(s.toString().contains("hunter2-very-secret"), s.toString());
        assertTrue(s.toString().contains("password=****"), s.toString());
    }

    @Test
    void backOffDoublesUpToTheCap() {
        RetryPolicy p = new RetryPolicy(6, Duration.ofSeconds(1), Duration.ofSeconds(5));
        assertEquals(Duration.ofSeconds(1), p.delayAfter(1));
        assertEquals(Duration.ofSeconds(2), p.delayAfter(2));
        assertEquals(Duration.ofSeconds(4), p.delayAfter(3));
        assertEquals(Duration.ofSeconds(5), p.delayAfter(4));
        assertEquals(Duration.ofSeconds(5), p.delayAfter(9));
    }
}
