package io.lifecycle.pipelines.airflow;

import io.lifecycle.common.LifecycleException;

import java.time.Duration;
import java.util.function.Consumer;

/** Polls a DAG run until it succeeds or fails, or a timeout passes. */
public final class RunWaiter {
    private final AirflowClient client;
    private final Duration pollInterval;

    public RunWaiter(AirflowClient client, Duration pollInterval) {
        this.client = client;
        this.pollInterval = pollInterval;
    }

    /**
     * @param onChange told of the first state seen and of every change after it
     * @return the finished run (state success or failed)
     * @throws LifecycleException when the run has not finished within {@code timeout}, naming its last state
     */
    public DagRun await(String runId, Duration timeout, Consumer<DagRun> onChange) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastState = null;
        while (true) {
            DagRun run = client.dagRun(runId);
            if (!run.state().equals(lastState)) {
                onChange.accept(run);
                lastState = run.state();
            }
            if (run.finished()) {
                return run;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new LifecycleException("The Airflow run " + runId + " of " + client.dagId()
                        + " did not finish within " + describe(timeout) + "; its last state was " + run.state()
                        + "; it keeps running in Airflow.");
            }
            sleep(Math.min(pollInterval.toNanos(), left));
        }
    }

    static void sleep(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LifecycleException("Interrupted while waiting for the Airflow run.", e);
        }
    }

    static String describe(Duration d) {
        if (d.toMinutes() > 0 && d.toSecondsPart() == 0) {
            return d.toMinutes() + (d.toMinutes() == 1 ? " minute" : " minutes");
        }
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
