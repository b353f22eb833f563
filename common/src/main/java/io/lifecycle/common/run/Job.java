package io.lifecycle.common.run;

import io.lifecycle.common.catalog.TableDef;

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

    /**
     * The tables this job reads, each of which must exist before it runs. The job graph orders jobs by these
     * declarations (a job runs after the jobs that write what it reads), as dbt derives its order from ref().
     */
    List<TableDef> reads();

    /** Tables this job reads when they exist (it runs after their writers too, but does not need them). */
    default List<TableDef> readsIfPresent() {
        return List.of();
    }

    /** The tables this job writes (ops tables aside, which every job may append to). */
    List<TableDef> writes();

    JobResult run(JobContext context, SortedSet<LocalDate> snapshotDates);
}
