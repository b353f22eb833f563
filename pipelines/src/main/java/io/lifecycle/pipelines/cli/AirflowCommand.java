package io.lifecycle.pipelines.cli;

import io.lifecycle.common.LifecycleException;
import io.lifecycle.pipelines.airflow.AirflowClient;
import io.lifecycle.pipelines.airflow.AirflowSettings;
import io.lifecycle.pipelines.airflow.Backfill;
import io.lifecycle.pipelines.airflow.BackfillWaiter;
import io.lifecycle.pipelines.airflow.DagRun;
import io.lifecycle.pipelines.airflow.RunWaiter;
import io.lifecycle.pipelines.airflow.TaskInstance;
import io.lifecycle.pipelines.airflow.TriggerResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * bin/lifecycle airflow: drive the nightly DAG through Airflow 3's REST API. Settings come from the
 * LIFECYCLE_AIRFLOW_* environment variables; no Spark session is started.
 */
@Command(name = "airflow", mixinStandardHelpOptions = true,
        description = "Trigger, watch and repair the nightly DAG in Airflow (env: LIFECYCLE_AIRFLOW_URL, "
                + "LIFECYCLE_AIRFLOW_USERNAME, LIFECYCLE_AIRFLOW_PASSWORD, optional LIFECYCLE_AIRFLOW_DAG).",
        subcommands = {AirflowCommand.Trigger.class, AirflowCommand.Status.class, AirflowCommand.Tasks.class,
                AirflowCommand.Clear.class, AirflowCommand.Logs.class, AirflowCommand.BackfillDates.class,
                AirflowCommand.Pause.class, AirflowCommand.Unpause.class})
final class AirflowCommand implements Runnable {
    /** Where the subcommands get their settings; tests put a stub server's settings here. */
    static Supplier<AirflowSettings> settings = AirflowSettings::fromEnvironment;

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Show stack traces on errors.")
    boolean verbose;

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    static AirflowClient client() {
        return new AirflowClient(settings.get());
    }

    @Command(name = "trigger", mixinStandardHelpOptions = true,
            description = "Trigger the run of one snapshot date (run id lifecycle__DATE); an existing run is reported, "
                    + "not triggered again. With --wait, wait for it and exit 1 if it fails.")
    static final class Trigger implements Runnable {
        @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", description = "Snapshot date.")
        LocalDate date;

        @Option(names = "--wait", description = "Wait until the run succeeds or fails.")
        boolean await;

        @Option(names = "--timeout", defaultValue = "240", paramLabel = "MINUTES",
                description = "With --wait, give up after this many minutes (default: ${DEFAULT-VALUE}).")
        long timeoutMinutes;

        @Override
        public void run() {
            if (timeoutMinutes < 1) {
                throw new LifecycleException("--timeout must be at least 1 minute, not " + timeoutMinutes + ".");
            }
            AirflowSettings s = settings.get();
            AirflowClient client = new AirflowClient(s);
            TriggerResult result = client.trigger(date);
            DagRun run = result.run();
            System.out.println(result.created() ? "Triggered " + AirflowRunReport.describe(run)
                    : "Already there, not triggered again: " + AirflowRunReport.describe(run));
            if (!await) {
                return;
            }
            long start = System.nanoTime();
            DagRun done = new RunWaiter(client, s.pollInterval()).await(run.dagRunId(),
                    Duration.ofMinutes(timeoutMinutes), r -> System.err.println("lifecycle: " + r.dagRunId() + " is "
                            + r.state() + " (" + Duration.ofNanos(System.nanoTime() - start).toSeconds() + " s)"));
            if (!done.succeeded()) {
                throw AirflowRunReport.failure(client, done, date, System.err);
            }
            System.out.println("Succeeded: " + AirflowRunReport.describe(done));
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "The state of one date's run.")
    static final class Status implements Runnable {
        @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", description = "Snapshot date.")
        LocalDate date;

        @Override
        public void run() {
            System.out.println(AirflowRunReport.describe(client().dagRun(AirflowClient.runId(date))));
        }
    }

    @Command(name = "tasks", mixinStandardHelpOptions = true, description = "The task instances of one date's run.")
    static final class Tasks implements Runnable {
        @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", description = "Snapshot date.")
        LocalDate date;

        @Override
        public void run() {
            AirflowRunReport.printTasks(client().taskInstances(AirflowClient.runId(date)), System.out);
        }
    }

    @Command(name = "clear", mixinStandardHelpOptions = true,
            description = "Clear the failed task instances of one date's run, so Airflow runs them (and what they "
                    + "hold up) again.")
    static final class Clear implements Runnable {
        @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", description = "Snapshot date.")
        LocalDate date;

        @Override
        public void run() {
            String runId = AirflowClient.runId(date);
            List<TaskInstance> cleared = client().clearFailed(runId);
            if (cleared.isEmpty()) {
                System.out.println("Nothing to clear: " + runId + " has no failed task instances.");
            } else {
                System.out.println("Cleared " + cleared.size() + " task instance(s) of " + runId + ": "
                        + String.join(", ", cleared.stream().map(TaskInstance::taskId).distinct().toList())
                        + "; Airflow runs them again.");
            }
        }
    }

    @Command(name = "logs", mixinStandardHelpOptions = true, description = "The log of one task of one date's run.")
    static final class Logs implements Runnable {
        @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", description = "Snapshot date.")
        LocalDate date;

        @Option(names = "--task", required = true, paramLabel = "TASK", description = "Task id, e.g. health.")
        String task;

        @Option(names = "--try", paramLabel = "N", description = "Try number (default: the latest try).")
        Integer tryNumber;

        @Override
        public void run() {
            AirflowClient client = client();
            String runId = AirflowClient.runId(date);
            int n = tryNumber != null ? tryNumber : latestTry(client, runId);
            if (n < 1) {
                throw new LifecycleException("--try must be 1 or more, not " + n + ".");
            }
            client.log(runId, task, n).forEach(System.out::println);
        }

        private int latestTry(AirflowClient client, String runId) {
            TaskInstance ti = client.taskInstance(runId, task);
            if (ti.tryNumber() < 1) {
                throw new LifecycleException("Task " + task + " of " + runId + " has not run yet (state " + ti.state()
                        + "), so it has no log.");
            }
            return ti.tryNumber();
        }
    }

    @Command(name = "backfill", mixinStandardHelpOptions = true,
            description = "Ask Airflow to backfill the DAG for every date of a range (dates that already have a run "
                    + "are left alone). With --wait, wait for all its runs and exit 1 if any fails.")
    static final class BackfillDates implements Runnable {
        @Option(names = "--from", required = true, paramLabel = "YYYY-MM-DD", description = "First snapshot date.")
        LocalDate from;

        @Option(names = "--to", required = true, paramLabel = "YYYY-MM-DD", description = "Last snapshot date.")
        LocalDate to;

        @Option(names = "--wait", description = "Wait until every run of the backfill succeeds or fails.")
        boolean await;

        @Option(names = "--timeout", defaultValue = "720", paramLabel = "MINUTES",
                description = "With --wait, give up after this many minutes (default: ${DEFAULT-VALUE}).")
        long timeoutMinutes;

        @Override
        public void run() {
            if (to.isBefore(from)) {
                throw new LifecycleException("--to " + to + " is before --from " + from + ".");
            }
            if (timeoutMinutes < 1) {
                throw new LifecycleException("--timeout must be at least 1 minute, not " + timeoutMinutes + ".");
            }
            AirflowSettings s = settings.get();
            AirflowClient client = new AirflowClient(s);
            Backfill b = client.backfill(from, to);
            System.out.println("Airflow backfill " + b.id() + " of " + b.dagId() + " created for " + from + " .. " + to
                    + (await ? "" : "; follow it in the Airflow UI, or run this again with --wait"));
            if (!await) {
                return;
            }
            long start = System.nanoTime();
            List<DagRun> runs = new BackfillWaiter(client, s.pollInterval()).await(b, Duration.ofMinutes(timeoutMinutes),
                    now -> System.err.println("lifecycle: backfill " + b.id() + ": " + BackfillWaiter.summary(now)
                            + " (" + Duration.ofNanos(System.nanoTime() - start).toSeconds() + " s)"));
            List<String> failedDates = new ArrayList<>();
            for (DagRun run : runs) {
                if (!run.succeeded()) {
                    LocalDate date = LocalDate.parse(run.logicalDate().substring(0, 10));
                    System.err.println(AirflowRunReport.failure(client, run, date, System.err).getMessage());
                    failedDates.add(date.toString());
                }
            }
            if (!failedDates.isEmpty()) {
                throw new LifecycleException("The Airflow backfill " + b.id() + " of " + b.dagId() + " finished with "
                        + failedDates.size() + " failed run(s), for " + String.join(", ", failedDates)
                        + "; clear their failed tasks in Airflow, or run a date again with: bin/lifecycle airflow trigger "
                        + "--date D --wait");
            }
            System.out.println("Succeeded: backfill " + b.id() + ", " + BackfillWaiter.summary(runs));
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Pause the DAG: no new scheduled runs.")
    static final class Pause implements Runnable {
        @Override
        public void run() {
            setPaused(true);
        }
    }

    @Command(name = "unpause", mixinStandardHelpOptions = true, description = "Unpause the DAG.")
    static final class Unpause implements Runnable {
        @Override
        public void run() {
            setPaused(false);
        }
    }

    private static void setPaused(boolean paused) {
        AirflowClient client = client();
        boolean now = client.setPaused(paused);
        if (now != paused) {
            throw new LifecycleException("Airflow kept " + client.dagId() + (now ? " paused." : " unpaused."));
        }
        System.out.println("DAG " + client.dagId() + " is " + (now ? "paused." : "unpaused."));
    }
}
