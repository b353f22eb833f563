package io.lifecycle.pipelines.airflow;

import io.lifecycle.common.LifecycleException;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/** Polls a backfill until Airflow has completed it and every one of its runs has succeeded or failed. */
public final class BackfillWaiter {
    private final AirflowClient client;
    private final Duration pollInterval;

    public BackfillWaiter(AirflowClient client, Duration pollInterval) {
        this.client = client;
        this.pollInterval = pollInterval;
    }

    /**
     * @param onProgress told of the runs whenever their states change
     * @return the backfill's runs, all finished
     * @throws LifecycleException when the backfill has not finished within {@code timeout}
     */
    public List<DagRun> await(Backfill started, Duration timeout, Consumer<List<DagRun>> onProgress) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> lastStates = null;
        while (true) {
            Backfill backfill = client.backfill(started.id());
            List<DagRun> runs = client.backfillRuns(backfill);
            List<String> states = runs.stream().map(r -> r.dagRunId() + "=" + r.state()).toList();
            if (!states.equals(lastStates)) {
                onProgress.accept(runs);
                lastStates = states;
            }
            if (backfill.completed() && runs.stream().allMatch(DagRun::finished)) {
                return runs;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new LifecycleException("The Airflow backfill " + started.id() + " of " + client.dagId()
                        + " did not finish within " + RunWaiter.describe(timeout) + " (" + summary(runs)
                        + "); it keeps running in Airflow.");
            }
            RunWaiter.sleep(Math.min(pollInterval.toNanos(), left));
        }
    }

    /** "3 runs: 2 success, 1 running". */
    public static String summary(List<DagRun> runs) {
        StringBuilder s = new StringBuilder(runs.size() + (runs.size() == 1 ? " run" : " runs"));
        runs.stream().map(DagRun::state).distinct().sorted().forEach(state -> s.append(s.indexOf(":") < 0 ? ": " : ", ")
                .append(runs.stream().filter(r -> r.state().equals(state)).count()).append(' ').append(state));
        return s.toString();
    }
}
