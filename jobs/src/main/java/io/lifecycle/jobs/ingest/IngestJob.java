package io.lifecycle.jobs.ingest;

import io.lifecycle.common.LifecycleException;
import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.catalog.Tables;
import io.lifecycle.common.config.AppConfig;
import io.lifecycle.common.config.Inputs;
import io.lifecycle.common.config.SourceConfig;
import io.lifecycle.common.run.IncrementalWindow;
import io.lifecycle.common.run.Job;
import io.lifecycle.common.run.JobContext;
import io.lifecycle.common.run.JobResult;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Files;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

/**
 * Stages the ten warehouse inputs as of the newest snapshot date. Every input is read and checked in full
 * before anything is written, so a broken input fails the run with staging untouched. Usage events are read
 * incrementally (the late-data window); the other inputs are small and are re-staged whole each night.
 */
public final class IngestJob implements Job {
    public static final String NAME = "ingest";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> dependsOn() {
        return List.of();
    }

    @Override
    public JobResult run(JobContext ctx, SortedSet<LocalDate> snapshotDates) {
        LocalDate snapshot = snapshotDates.last();
        AppConfig config = ctx.config();
        Lakehouse lakehouse = ctx.lakehouse();
        SparkSession spark = ctx.spark();
        IncrementalWindow window = IncrementalWindow.of(newestIngestedEventDate(lakehouse), snapshotDates,
                config.lateDataLookbackDays());
        SourceReader reader = new SourceReader(spark, config.warehouse());

        Map<String, CheckedInput> checked = new LinkedHashMap<>();
        Dataset<Row> accounts = spark.createDataFrame(List.of(), Tables.STAGING_ACCOUNTS.schema());
        Dataset<Row> fx = spark.createDataFrame(List.of(), Tables.STAGING_FX_RATES.schema());
        for (String input : Inputs.ALL) {
            Contract contract = Contracts.of(input);
            SourceConfig source = config.source(input);
            if (input.equals(Inputs.FX_RATES) && !source.isJdbc()
                    && !Files.exists(reader.pathOf(source, input))) {
                ctx.progress().step(NAME, "fx_rates: no source at " + reader.pathOf(source, input)
                        + "; only " + config.reportingCurrency() + " amounts can be staged");
                checked.put(input, null);
                continue;
            }
            boolean incremental = input.equals(Inputs.USAGE_EVENTS);
            SourceReader.Read read = reader.read(contract, source,
                    incremental ? new LocalDate[]{window.from(), window.to()} : null);
            ContractCheck.Checked result = ContractCheck.apply(contract, read.rows(), accounts, fx, snapshot,
                    incremental ? window.from() : null, config.reportingCurrency());
            if (!incremental || window.from() != null) {
                // Small enough to keep (everything but a full-history read of events): counted, staged and
                // quarantined from one read.
                result = new ContractCheck.Checked(result.rows().cache(), result.ruleNames());
            }
            CheckedInput in = CheckedInput.count(input, read, result);
            checked.put(input, in);
            ctx.progress().step(NAME, String.format("%-16s read %,d rows%s, %,d broke the contract%s", input,
                    in.rowsRead(), incremental ? " (event dates " + window + ")" : "", in.quarantined(),
                    read.extraColumns().isEmpty() ? "" : "; extra columns ignored: " + read.extraColumns()));
            if (input.equals(Inputs.ACCOUNTS)) {
                accounts = Staging.staged(contract, result.rows(), config).select("account_id").cache();
            } else if (input.equals(Inputs.FX_RATES)) {
                fx = Staging.staged(contract, result.rows(), config).cache();
            }
        }

        long rowsIn = 0;
        long rowsOut = 0;
        List<Row> dq = new ArrayList<>();
        for (Map.Entry<String, CheckedInput> e : checked.entrySet()) {
            CheckedInput in = e.getValue();
            if (in == null) {
                continue;
            }
            Contract contract = Contracts.of(e.getKey());
            Dataset<Row> staged = Staging.staged(contract, in.checked().rows(), config);
            long stagedRows = contract.input().equals(Inputs.USAGE_EVENTS)
                    ? lakehouse.replace(contract.staging(), staged, window.predicate("event_date"))
                    : lakehouse.overwrite(contract.staging(), staged);
            if (in.quarantined() > 0 || lakehouse.exists(Tables.quarantine(contract.input()))) {
                lakehouse.replace(Tables.quarantine(contract.input()),
                        Staging.quarantined(contract, in.checked().rows(), snapshot, ctx.runId()),
                        "snapshot_date = DATE'" + snapshot + "'");
            }
            in.checked().rows().unpersist();
            dq.addAll(in.dqRows(ctx.runId(), snapshot, NAME, stagedRows));
            rowsIn += in.rowsRead();
            rowsOut += stagedRows;
            ctx.progress().step(NAME, String.format("%-16s staged %,d rows, quarantined %,d, duplicates removed %,d",
                    contract.input(), stagedRows, in.quarantined(), in.rowsRead() - in.quarantined() - stagedRows));
        }
        lakehouse.replace(Tables.DQ_RESULTS, spark.createDataFrame(dq, Tables.DQ_RESULTS.schema()),
                "snapshot_date = DATE'" + snapshot + "' AND job = '" + NAME + "'");
        accounts.unpersist();
        fx.unpersist();
        return new JobResult(rowsIn, rowsOut);
    }

    private static LocalDate newestIngestedEventDate(Lakehouse lakehouse) {
        if (!lakehouse.exists(Tables.STAGING_USAGE_EVENTS)) {
            return null;
        }
        Row row = lakehouse.read(Tables.STAGING_USAGE_EVENTS).agg(max(col("event_date"))).first();
        return row.isNullAt(0) ? null : row.getDate(0).toLocalDate();
    }

    /** Fails with the input named when its rows cannot be read (e.g. a corrupt file found while counting). */
    static LifecycleException unreadable(String input, String source, Exception e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return new LifecycleException("Input " + input + ": cannot read " + source + ": "
                + SourceReader.firstLine(String.valueOf(root.getMessage())), e);
    }
}
