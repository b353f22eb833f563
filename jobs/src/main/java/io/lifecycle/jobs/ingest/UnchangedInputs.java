package io.lifecycle.jobs.ingest;

import io.lifecycle.common.catalog.OpsTables;
import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.catalog.TableDef;
import io.lifecycle.common.catalog.Tables;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * Inputs a night need not stage again: the source, and the inputs its checks depend on, have the fingerprint
 * recorded when it was last staged, and its check result cannot depend on the snapshot date
 * ({@link InputFingerprints#skippable}). Its staging table stays as it is; its quarantine rows and
 * ops.dq_results rows of that last staging are carried over to the new date, so every date still reconciles
 * read = staged + quarantined + duplicates. When anything needed for that is missing or disagrees (the staging
 * table's row count, the quarantine rows, the dq rows), the input is staged again.
 */
final class UnchangedInputs {
    private UnchangedInputs() {
    }

    /** An input left as staged for {@code last.snapshotDate()}, with that date's dq_results rows for it. */
    record Unchanged(StagingLedger.Entry last, List<Row> dqRows, long quarantined) {
    }

    static Map<String, Unchanged> find(Lakehouse lakehouse, Map<String, String> fingerprints) {
        Map<String, StagingLedger.Entry> ledger = StagingLedger.load(lakehouse);
        List<StagingLedger.Entry> candidates = ledger.values().stream()
                .filter(e -> InputFingerprints.skippable(e.input()) && e.fingerprint() != null
                        && e.fingerprint().equals(fingerprints.get(e.input())))
                .toList();
        Map<String, Unchanged> unchanged = new LinkedHashMap<>();
        if (candidates.isEmpty()) {
            return unchanged;
        }
        List<Row> dq = lakehouse.read(OpsTables.DQ_RESULTS)
                .where(col("job").equalTo(lit(IngestJob.NAME))
                        .and(col("snapshot_date").isin(candidates.stream()
                                .map(e -> Date.valueOf(e.snapshotDate())).toArray())))
                .collectAsList();
        Map<String, Unchanged> verified = Parallel.map(candidates.stream().map(StagingLedger.Entry::input).toList(),
                input -> verify(lakehouse, ledger.get(input), dq));
        verified.forEach((input, u) -> {
            if (u != null) {
                unchanged.put(input, u);
            }
        });
        return unchanged;
    }

    /** The input's last staging, if the tables still show exactly what it wrote; null otherwise. */
    private static Unchanged verify(Lakehouse lakehouse, StagingLedger.Entry last, List<Row> dq) {
        Date day = Date.valueOf(last.snapshotDate());
        List<Row> rows = dq.stream()
                .filter(r -> r.getAs("table_name").equals(last.input()) && r.getAs("snapshot_date").equals(day))
                .toList();
        Row reconciliation = rows.stream().filter(r -> r.getAs("rule").equals("reconciliation")).findFirst()
                .orElse(null);
        TableDef staging = Contracts.of(last.input()).staging();
        if (reconciliation == null || !lakehouse.exists(staging)) {
            return null;
        }
        long quarantined = reconciliation.getAs("rows_quarantined");
        if (lakehouse.read(staging).count() != (long) reconciliation.getAs("rows_staged")
                || quarantineOf(lakehouse, last.input(), last.snapshotDate()).count() != quarantined) {
            return null;
        }
        return new Unchanged(last, rows, quarantined);
    }

    private static Dataset<Row> quarantineOf(Lakehouse lakehouse, String input, LocalDate day) {
        return lakehouse.read(Tables.quarantine(input))
                .where(col("snapshot_date").equalTo(lit(Date.valueOf(day))));
    }

    /**
     * Writes the input's quarantine rows for {@code snapshot} (those of its last staging, now under this run) and
     * returns its dq_results rows for {@code snapshot}. Nothing to write when it was last staged for that date.
     */
    static List<Row> carryOver(Lakehouse lakehouse, String input, Unchanged u, LocalDate snapshot, String runId) {
        TableDef quarantine = Tables.quarantine(input);
        if (!u.last().snapshotDate().equals(snapshot) && lakehouse.exists(quarantine)) {
            lakehouse.replace(quarantine, quarantineOf(lakehouse, input, u.last().snapshotDate())
                            .withColumn("snapshot_date", lit(Date.valueOf(snapshot)))
                            .withColumn("run_id", lit(runId)),
                    "snapshot_date = DATE'" + snapshot + "'");
        }
        List<Row> rows = new ArrayList<>();
        for (Row r : u.dqRows()) {
            Object[] values = new Object[r.size()];
            for (int i = 0; i < r.size(); i++) {
                values[i] = r.get(i);
            }
            values[r.fieldIndex("run_id")] = runId;
            values[r.fieldIndex("snapshot_date")] = Date.valueOf(snapshot);
            rows.add(RowFactory.create(values));
        }
        return rows;
    }
}
