package io.lifecycle.pipelines.cli;

import io.lifecycle.common.LifecycleException;
import io.lifecycle.pipelines.airflow.AirflowClient;
import io.lifecycle.pipelines.airflow.DagRun;
import io.lifecycle.pipelines.airflow.TaskInstance;

import java.io.PrintStream;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/** How the airflow commands show runs and task instances, and what they say when a run failed. */
final class AirflowRunReport {
    static final int LOG_TAIL_LINES = 40;

    private AirflowRunReport() {
    }

    static String describe(DagRun run) {
        return run.dagRunId() + " of " + run.dagId() + ": " + run.state()
                + (run.startDate() == null ? "" : ", started " + run.startDate())
                + (run.endDate() == null ? "" : ", ended " + run.endDate());
    }

    static void printTasks(List<TaskInstance> tasks, PrintStream out) {
        out.printf(Locale.ROOT, "%-24s %-18s %5s %10s%n", "task", "state", "try", "seconds");
        for (TaskInstance t : tasks) {
            String task = t.mapIndex() >= 0 ? t.taskId() + "[" + t.mapIndex() + "]" : t.taskId();
            String seconds = t.durationSeconds() == null ? "" : String.format(Locale.ROOT, "%.1f", t.durationSeconds());
            out.printf(Locale.ROOT, "%-24s %-18s %5d %10s%n", task, t.state(), t.tryNumber(), seconds);
        }
    }

    /**
     * Prints the tail of each failed task's log to {@code err} and returns the error that ends the command
     * with status 1, naming the failed tasks.
     */
    static LifecycleException failure(AirflowClient client, DagRun run, LocalDate date, PrintStream err) {
        List<TaskInstance> tasks = client.taskInstances(run.dagRunId());
        List<TaskInstance> failed = tasks.stream().filter(TaskInstance::failed).toList();
        for (TaskInstance t : failed) {
            printLogTail(client, run.dagRunId(), t, err);
        }
        List<String> upstream = tasks.stream().filter(t -> "upstream_failed".equals(t.state()))
                .map(TaskInstance::taskId).toList();
        String names = String.join(", ", failed.stream().map(TaskInstance::taskId).distinct().toList());
        String what = failed.isEmpty() ? "no task failed (the run was marked failed or timed out in Airflow)"
                : "failed task(s): " + names + " (log tail above)";
        return new LifecycleException("The Airflow run " + run.dagRunId() + " of " + run.dagId() + " failed; " + what
                + (upstream.isEmpty() ? "" : "; not run because of them: " + String.join(", ", upstream))
                + ". Run the failed tasks again with: bin/lifecycle airflow clear --date " + date);
    }

    private static void printLogTail(AirflowClient client, String runId, TaskInstance t, PrintStream err) {
        if (t.tryNumber() < 1) {
            err.println("lifecycle: task " + t.taskId() + " failed without running, so it has no log.");
            return;
        }
        try {
            List<String> lines = client.log(runId, t.taskId(), t.tryNumber());
            List<String> tail = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
            err.println("---- " + t.taskId() + " (try " + t.tryNumber() + "): the last " + tail.size()
                    + " lines of its log ----");
            tail.forEach(err::println);
            err.println("---- end of the log of " + t.taskId() + " ----");
        } catch (LifecycleException e) {
            err.println("lifecycle: could not fetch the log of task " + t.taskId() + ": " + e.getMessage());
        }
    }
}
