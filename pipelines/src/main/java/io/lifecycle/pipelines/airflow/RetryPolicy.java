package io.lifecycle.pipelines.airflow;

import java.time.Duration;

/**
 * Bounded retries with exponential back-off for connection errors and 5xx answers:
 * the wait before attempt n+1 is initialDelay * 2^(n-1), at most maxDelay.
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay) {
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
        }
        if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("need 0 <= initialDelay <= maxDelay");
        }
    }

    /** 5 attempts waiting 1, 2, 4, 8 s: rides out an API server restart without hanging a nightly run. */
    public static RetryPolicy standard() {
        return new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    /** The wait after the failed attempt number {@code attempt} (1-based). */
    public Duration delayAfter(int attempt) {
        Duration d = initialDelay;
        for (int i = 1; i < attempt && d.compareTo(maxDelay) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxDelay) > 0 ? maxDelay : d;
    }
}
