package io.lifecycle.common;

/**
 * An error a user can act on: bad configuration, a broken input contract, a failed job.
 * Its message is one or two plain sentences naming what was wrong and where; the CLI prints
 * it without a stack trace (exit status 1) unless --verbose is given.
 */
public class LifecycleException extends RuntimeException {
    public LifecycleException(String message) {
        super(message);
    }

    public LifecycleException(String message, Throwable cause) {
        super(message, cause);
    }
}
