package io.lifecycle.common.catalog;


import java.util.List;

import static io.lifecycle.common.catalog.CatalogRegistry.define;
import static io.lifecycle.common.catalog.ColumnTypes.BOOL;
import static io.lifecycle.common.catalog.ColumnTypes.DATE;
import static io.lifecycle.common.catalog.ColumnTypes.LONG;
import static io.lifecycle.common.catalog.ColumnTypes.STRING;
import static io.lifecycle.common.catalog.ColumnTypes.TS;
import static io.lifecycle.common.catalog.TableDef.column;

/** ops: the run log, data-quality results and source fingerprints. */
public final class OpsTables {
    private OpsTables() {
    }


    public static final TableDef PIPELINE_RUNS = define(Layer.OPS, "pipeline_runs",
            "One row per job and snapshot date of every run: written as running when the job starts, replaced by "
                    + "its outcome when it ends; rows of a run whose process died are recorded as failed by the next "
                    + "run.",
            List.of("run_id", "job", "snapshot_date"), "snapshot_date", List.of(),
            column("run_id", STRING, false, "Run id (one per command invocation)."),
            column("job", STRING, false, "Job name (ingest, usage, ...)."),
            column("snapshot_date", DATE, false, "As-of date the job ran for."),
            column("status", STRING, false, "running (the job has not ended yet), succeeded or failed (also a "
                    + "crashed run, found still running by the next run: message starts with 'crashed')."),
            column("rows_in", LONG, true, "Rows the job read."),
            column("rows_out", LONG, true, "Rows the job wrote."),
            column("started_at", TS, false, "When the job started (UTC)."),
            column("duration_ms", LONG, false, "Wall-clock duration of the job in milliseconds "
                    + "(for a job run over several dates in one pass: the whole pass)."),
            column("message", STRING, true, "Error message when failed (credentials masked)."));

    public static final TableDef DQ_RESULTS = define(Layer.OPS, "dq_results",
            "Data-quality results: per input and rule, how many rows failed; per input, the reconciliation "
                    + "read = staged + quarantined + duplicates_removed.",
            List.of("snapshot_date", "job", "table_name", "rule"), "snapshot_date", List.of(),
            column("run_id", STRING, false, "Run id."),
            column("snapshot_date", DATE, false, "As-of date of the run."),
            column("job", STRING, false, "Job that checked."),
            column("table_name", STRING, false, "Input or table checked."),
            column("rule", STRING, false, "Rule name; 'reconciliation' for the count identity."),
            column("failing_rows", LONG, false, "Rows that broke the rule (0 when it held)."),
            column("rows_read", LONG, true, "Rows read (reconciliation row only)."),
            column("rows_staged", LONG, true, "Rows staged (reconciliation row only)."),
            column("rows_quarantined", LONG, true, "Rows quarantined (reconciliation row only)."),
            column("duplicates_removed", LONG, true, "Duplicate rows removed (reconciliation row only)."),
            column("passed", BOOL, false, "Whether the rule held (reconciliation: the identity holds)."),
            column("examples", STRING, true, "For rules about accounts or rows: up to 10 of the keys that broke it, "
                    + "comma-separated, smallest first (null when none or not recorded)."));

    public static final TableDef SOURCE_FINGERPRINTS = define(Layer.OPS, "source_fingerprints",
            "One row per warehouse input: the fingerprint of its source when ingest last staged it. A night skips "
                    + "re-staging an input whose fingerprint is unchanged (and carries its quarantine and "
                    + "dq_results rows over to the new date).",
            List.of("input"), null, List.of(),
            column("input", STRING, false, "Warehouse input (accounts, users, ...)."),
            column("fingerprint", STRING, true, "SHA-256 of the source's state (files: sorted relative path, size "
                    + "and last-modified of every file; delta: table version and its commit time), the source "
                    + "settings, the staging schema and the fingerprints of the inputs its checks depend on "
                    + "(accounts, fx_rates). Null when the source has none (jdbc): always re-read."),
            column("snapshot_date", DATE, false, "Snapshot date the input was last staged for."),
            column("run_id", STRING, false, "Run that last staged the input."),
            column("staged_at", TS, false, "When it was staged (UTC)."));

    /** This layer's tables, in the order they are declared. */
    static List<TableDef> tables() {
        return CatalogRegistry.ofLayer(Layer.OPS);
    }
}
