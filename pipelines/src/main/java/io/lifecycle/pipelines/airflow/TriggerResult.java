package io.lifecycle.pipelines.airflow;

/** A triggered run, or the run that already had this id ({@code created} false: Airflow answered 409). */
public record TriggerResult(DagRun run, boolean created) {
}
