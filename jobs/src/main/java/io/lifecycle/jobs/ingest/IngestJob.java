package io.lifecycle.jobs.ingest;

import io.lifecycle.common.catalog.TableDef;
import io.lifecycle.common.catalog.OpsTables;
import io.lifecycle.common.catalog.StagingTables;
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
 * incrementally (the late-data window); the other inputs are re-staged whole, except those whose source has not
 * changed since they were last staged (see {@link UnchangedInputs}; never when the run is forced).
 */
public final class IngestJob implements Job {
    public static final String NAME = "ingest";

    @Override
    public String name() {
        return NAME;
    }

    /** Reads the warehouse only. */
    @Override
    public List<TableDef> reads() {
        return List.of();
    }

    /** Every staging table and its quarantine companion. */
    @Override
    public List<TableDef> writes() {
        List<TableDef> out = new ArrayList<>();
        for (String input : Inputs.ALL) {
            out.add(Tables.staging(input));
            out.add(Tables.quarantine(input));
        }
        return out;
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
        Map<String, String> fingerprints = InputFingerprints.of(spark, reader, config);
        Map<String, UnchangedInputs.Unchanged> unchanged = ctx.force() ? Map.of()
                : UnchangedInputs.find(lakehouse, fingerprints);
        if (ctx.force()) {
            ctx.progress().step(NAME, "forced: every input is staged again");
        }
        unchanged.forEach((input, u) -> ctx.progress().step(NAME, String.format(
                "%-16s unchanged since staged for %s (run %s): skipped, its %,d quarantined rows and counts carried over",
                input, u.last().snapshotDate(), u.last().runId(), u.quarantined())));

        // Phase 1: read and check every changed input (fx rates and accounts first: the others are checked
        // against them; unchanged ones are taken from staging). Nothing is written until every input has been
        // read in full.
        Dataset<Row> noAccounts = spark.createDataFrame(List.of(), StagingTables.ACCOUNTS.schema());
        Dataset<Row> noRates = spark.createDataFrame(List.of(), StagingTables.FX_RATES.schema());
        Map<String, CheckedInput> checked = new LinkedHashMap<>();
        Dataset<Row> fx;
        if (unchanged.containsKey(Inputs.FX_RATES)) {
            fx = lakehouse.read(StagingTables.FX_RATES).cache();
        } else {
            CheckedInput fxInput = check(ctx, reader, Inputs.FX_RATES, noAccounts, noRates, window, snapshot);
            checked.put(Inputs.FX_RATES, fxInput);
            fx = fxInput == null ? noRates
                    : Staging.staged(Contracts.of(Inputs.FX_RATES), fxInput.checked().rows(), config).cache();
        }
        Dataset<Row> accounts;
        if (unchanged.containsKey(Inputs.ACCOUNTS)) {
            accounts = lakehouse.read(StagingTables.ACCOUNTS).select("account_id").cache();
        } else {
            CheckedInput accountsInput = check(ctx, reader, Inputs.ACCOUNTS, noAccounts, fx, window, snapshot);
            checked.put(Inputs.ACCOUNTS, accountsInput);
            accounts = Staging.staged(Contracts.of(Inputs.ACCOUNTS), accountsInput.checked().rows(), config)
                    .select("account_id").cache();
        }
        List<String> rest = Inputs.ALL.stream()
                .filter(i -> !checked.containsKey(i) && !unchanged.containsKey(i)).toList();
        checked.putAll(Parallel.map(rest, input -> check(ctx, reader, input, accounts, fx, window, snapshot)));

        // Phase 2: write staging, quarantine and the data-quality results. Tables are independent, so small
        // ones are written side by side; each write is one atomic Delta commit.
        List<String> present = checked.entrySet().stream().filter(e -> e.getValue() != null).map(Map.Entry::getKey)
                .toList();
        Map<String, Long> staged = Parallel.map(present, input -> write(ctx, checked.get(input), window, snapshot));
        Map<String, List<Row>> carried = Parallel.map(List.copyOf(unchanged.keySet()), input ->
                UnchangedInputs.carryOver(lakehouse, input, unchanged.get(input), snapshot, ctx.runId()));
        long rowsIn = 0;
        long rowsOut = 0;
        List<Row> dq = new ArrayList<>();
        for (String input : Inputs.ALL) {
            if (carried.containsKey(input)) {
                dq.addAll(carried.get(input));
            } else if (staged.containsKey(input)) {
                CheckedInput in = checked.get(input);
                dq.addAll(in.dqRows(ctx.runId(), snapshot, NAME, staged.get(input)));
                rowsIn += in.rowsRead();
                rowsOut += staged.get(input);
            }
        }
        lakehouse.replace(OpsTables.DQ_RESULTS, spark.createDataFrame(dq, OpsTables.DQ_RESULTS.schema()),
                "snapshot_date = DATE'" + snapshot + "' AND job = '" + NAME + "'");
        StagingLedger.record(lakehouse, fingerprints, present, snapshot, ctx.runId());
        accounts.unpersist();
        fx.unpersist();
        return new JobResult(rowsIn, rowsOut);
    }

    /** Reads one input and checks it (counting its rows proves it readable); null for an absent fx source. */
    private static CheckedInput check(JobContext ctx, SourceReader reader, String input, Dataset<Row> accounts,
                                      Dataset<Row> fx, IncrementalWindow window, LocalDate snapshot) {
        AppConfig config = ctx.config();
        Contract contract = Contracts.of(input);
        SourceConfig source = config.source(input);
        if (input.equals(Inputs.FX_RATES) && !source.isJdbc() && !Files.exists(reader.pathOf(source, input))) {
            ctx.progress().step(NAME, "fx_rates: no source at " + reader.pathOf(source, input)
                    + "; only " + config.reportingCurrency() + " amounts can be staged");
            return null;
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
        ctx.progress().step(NAME, String.format("%-16s read %,d rows%s, %,d broke the contract%s", input,
                in.rowsRead(), incremental ? " (event dates " + window + ")" : "", in.quarantined(),
                read.extraColumns().isEmpty() ? "" : "; extra columns ignored: " + read.extraColumns()));
        return in;
    }

    /** Stages one checked input and quarantines its broken rows; returns the rows staged. */
    private static long write(JobContext ctx, CheckedInput in, IncrementalWindow window, LocalDate snapshot) {
        Lakehouse lakehouse = ctx.lakehouse();
        Contract contract = Contracts.of(in.input());
        Dataset<Row> staged = Staging.staged(contract, in.checked().rows(), ctx.config());
        long stagedRows = contract.input().equals(Inputs.USAGE_EVENTS)
                ? lakehouse.replace(contract.staging(), staged, window.predicate("event_date"))
                : lakehouse.overwrite(contract.staging(), staged);
        if (in.quarantined() > 0 || lakehouse.exists(Tables.quarantine(contract.input()))) {
            lakehouse.replace(Tables.quarantine(contract.input()),
                    Staging.quarantined(contract, in.checked().rows(), snapshot, ctx.runId()),
                    "snapshot_date = DATE'" + snapshot + "'");
        }
        in.checked().rows().unpersist();
        ctx.progress().step(NAME, String.format("%-16s staged %,d rows, quarantined %,d, duplicates removed %,d",
                contract.input(), stagedRows, in.quarantined(), in.rowsRead() - in.quarantined() - stagedRows));
        return stagedRows;
    }

    private static LocalDate newestIngestedEventDate(Lakehouse lakehouse) {
        if (!lakehouse.exists(StagingTables.USAGE_EVENTS)) {
            return null;
        }
        Row row = lakehouse.read(StagingTables.USAGE_EVENTS).agg(max(col("event_date"))).first();
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
