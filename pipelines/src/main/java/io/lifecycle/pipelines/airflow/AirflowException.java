package io.lifecycle.pipelines.airflow;

import io.lifecycle.common.LifecycleException;

/** Airflow answered with an error, or could not be reached; {@link #status()} is 0 for the latter. */
public final class AirflowException extends LifecycleException {
    private final int status;

    public AirflowException(int status, String message) {
        super(message);
        this.status = status;
    }

    public AirflowException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
    }

    public int status() {
        return status;
    }
}
