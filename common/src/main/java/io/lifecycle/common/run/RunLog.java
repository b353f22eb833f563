package io.lifecycle.common.run;

import static org.apache.spark.sql.functions.expr;
import java.util.Map;
import io.delta.tables.DeltaTable;
import io.lifecycle.common.Secrets;
import io.lifecycle.common.catalog.OpsTables;
import io.lifecycle.common.catalog.Lakehouse;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max_by;

/**
 * ops.pipeline_runs: what ran, for which date, with what outcome. A job's rows are written when it starts (status
 * running) and replaced by its outcome when it ends; a run whose process died in between leaves them running, and
 * the next run on the lakehouse — which holds the writer lock, so no other run is alive — records them as failed
 * ({@link #failAbandoned}). Rows are never deleted.
 */
public final class RunLog {
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
    public static final String RUNNING = "running";

    private final Lakehouse lakehouse;

    public RunLog(Lakehouse lakehouse) {
        this.lakehouse = lakehouse;
    }

    /** Records that the job started for the dates (status running), before it writes anything. */
    public void start(String runId, String job, Collection<LocalDate> dates, Instant startedAt) {
        lakehouse.append(OpsTables.PIPELINE_RUNS, rows(runId, job, dates, RUNNING, null, startedAt, 0, null));
    }

    /** Records the job's outcome for the dates, replacing its running rows of this run. */
    public void record(String runId, String job, Collection<LocalDate> dates, String status, JobResult result,
                       Instant startedAt, long durationMs, String message) {
        lakehouse.replace(OpsTables.PIPELINE_RUNS, rows(runId, job, dates, status, result, startedAt, durationMs,
                        message),
                "run_id = '" + runId.replace("'", "''") + "' AND job = '" + job.replace("'", "''") + "' AND "
                        + Lakehouse.onDates("snapshot_date", dates));
    }

    private Dataset<Row> rows(String runId, String job, Collection<LocalDate> dates, String status, JobResult result,
                              Instant startedAt, long durationMs, String message) {
        List<Row> rows = new ArrayList<>();
        for (LocalDate date : dates) {
            rows.add(RowFactory.create(runId, job, Date.valueOf(date), status,
                    result == null ? null : result.rowsIn(), result == null ? null : result.rowsOut(),
                    Timestamp.from(startedAt), durationMs, Secrets.scrub(message)));
        }
        return lakehouse.spark().createDataFrame(rows, OpsTables.PIPELINE_RUNS.schema());
    }

    /**
     * Records as failed every row still running of a run other than {@code currentRunId}: call it holding the
     * writer lock, when no other run can be alive, so those runs' processes died (killed, host lost) before they
     * recorded an outcome. Returns the rows changed.
     */
    public long failAbandoned(String currentRunId) {
        if (!lakehouse.exists(OpsTables.PIPELINE_RUNS)) {
            return 0;
        }
        String abandoned = "status = '" + RUNNING + "' AND run_id <> '" + currentRunId.replace("'", "''") + "'";
        long n = lakehouse.read(OpsTables.PIPELINE_RUNS).where(abandoned).count();
        if (n > 0) {
            DeltaTable.forPath(lakehouse.spark(), lakehouse.path(OpsTables.PIPELINE_RUNS).toString())
                    .update(expr(abandoned), Map.of(
                            "status", lit(FAILED),
                            "message", lit("crashed: the run's process ended before it recorded an outcome (found "
                                    + "running by run " + currentRunId + " at " + Instant.now() + ")")));
        }
        return n;
    }

    /** Dates for which the job's latest recorded outcome is success. */
    public Set<LocalDate> succeededDates(String job) {
        Set<LocalDate> dates = new HashSet<>();
        if (!lakehouse.exists(OpsTables.PIPELINE_RUNS)) {
            return dates;
        }
        List<Row> rows = lakehouse.read(OpsTables.PIPELINE_RUNS)
                .where(col("job").equalTo(lit(job)))
                .groupBy("snapshot_date")
                .agg(max_by(col("status"), col("started_at")).as("status"))
                .where(col("status").equalTo(lit(SUCCEEDED)))
                .collectAsList();
        for (Row r : rows) {
            dates.add(((Date) r.getAs("snapshot_date")).toLocalDate());
        }
        return dates;
    }
}
