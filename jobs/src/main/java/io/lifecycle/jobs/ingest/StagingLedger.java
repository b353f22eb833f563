package io.lifecycle.jobs.ingest;

import io.lifecycle.common.catalog.OpsTables;
import io.lifecycle.common.catalog.Lakehouse;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** ops.source_fingerprints: per input, the fingerprint of its source when it was last staged, and for which date. */
final class StagingLedger {
    private StagingLedger() {
    }

    record Entry(String input, String fingerprint, LocalDate snapshotDate, String runId, Timestamp stagedAt) {
    }

    static Map<String, Entry> load(Lakehouse lakehouse) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (Row r : lakehouse.read(OpsTables.SOURCE_FINGERPRINTS).collectAsList()) {
            Entry e = new Entry(r.getAs("input"), r.getAs("fingerprint"),
                    ((Date) r.getAs("snapshot_date")).toLocalDate(), r.getAs("run_id"), r.getAs("staged_at"));
            entries.put(e.input(), e);
        }
        return entries;
    }

    /**
     * Records the inputs just staged, keeping the others' entries; written after staging and dq_results, so an
     * entry never claims a staging that did not finish.
     */
    static void record(Lakehouse lakehouse, Map<String, String> fingerprints, Collection<String> staged,
                       LocalDate snapshot, String runId) {
        Map<String, Entry> entries = load(lakehouse);
        Timestamp now = Timestamp.from(Instant.now());
        for (String input : staged) {
            entries.put(input, new Entry(input, fingerprints.get(input), snapshot, runId, now));
        }
        List<Row> rows = new ArrayList<>();
        for (Entry e : entries.values()) {
            rows.add(RowFactory.create(e.input(), e.fingerprint(), Date.valueOf(e.snapshotDate()), e.runId(),
                    e.stagedAt()));
        }
        lakehouse.overwrite(OpsTables.SOURCE_FINGERPRINTS,
                lakehouse.spark().createDataFrame(rows, OpsTables.SOURCE_FINGERPRINTS.schema()));
    }
}
