package io.lifecycle.common.run;

import java.time.LocalDate;
import java.util.List;
import java.util.SortedSet;

/**
 * A job of the nightly graph. It computes a set of snapshot dates in one pass where it can (a nightly run
 * is the one-date case), reading its inputs from and writing its outputs to the lakehouse of the context.
 */
public interface Job {
    /** The job's name, as used by --jobs, ops.pipeline_runs and Airflow task ids. */
    String name();

    /** Names of the jobs whose outputs this job reads. */
    List<String> dependsOn();

    JobResult run(JobContext context, SortedSet<LocalDate> snapshotDates);
}
