package io.lifecycle.common.run;

import io.lifecycle.common.Secrets;
import io.lifecycle.common.catalog.OpsTables;
import io.lifecycle.common.catalog.Lakehouse;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/** ops.pipeline_runs: what ran, for which date, with what outcome. Append-only. */
public final class RunLog {
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";

    private final Lakehouse lakehouse;

    public RunLog(Lakehouse lakehouse) {
        this.lakehouse = lakehouse;
    }

    public void record(String runId, String job, Iterable<LocalDate> dates, String status, JobResult result,
                       Instant startedAt, long durationMs, String message) {
        List<Row> rows = new ArrayList<>();
        for (LocalDate date : dates) {
            rows.add(RowFactory.create(runId, job, Date.valueOf(date), status,
                    result == null ? null : result.rowsIn(), result == null ? null : result.rowsOut(),
                    Timestamp.from(startedAt), durationMs, Secrets.scrub(message)));
        }
        lakehouse.append(OpsTables.PIPELINE_RUNS,
                lakehouse.spark().createDataFrame(rows, OpsTables.PIPELINE_RUNS.schema()));
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
                .agg(org.apache.spark.sql.functions.max_by(col("status"), col("started_at")).as("status"))
                .where(col("status").equalTo(lit(SUCCEEDED)))
                .collectAsList();
        for (Row r : rows) {
            dates.add(((Date) r.getAs("snapshot_date")).toLocalDate());
        }
        return dates;
    }
}
