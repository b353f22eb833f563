package io.lifecycle.jobs.ingest;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;

/** An input read and checked, with its rows counted per broken rule (the pass that proves it is readable). */
record CheckedInput(String input, SourceReader.Read read, ContractCheck.Checked checked, long rowsRead,
                    Map<String, Long> brokenByRule) {

    static CheckedInput count(String input, SourceReader.Read read, ContractCheck.Checked checked) {
        Map<String, Long> byRule = new LinkedHashMap<>();
        long total = 0;
        try {
            for (Row r : checked.rows().groupBy(col(ContractCheck.RULE)).count().collectAsList()) {
                total += r.getLong(1);
                if (!r.isNullAt(0)) {
                    byRule.put(r.getString(0), r.getLong(1));
                }
            }
        } catch (Exception e) {
            throw IngestJob.unreadable(input, read.source(), e);
        }
        return new CheckedInput(input, read, checked, total, byRule);
    }

    long quarantined() {
        return brokenByRule.values().stream().mapToLong(Long::longValue).sum();
    }

    /** One ops.dq_results row per rule checked, plus the reconciliation read = staged + quarantined + duplicates. */
    List<Row> dqRows(String runId, LocalDate snapshot, String job, long staged) {
        Date day = Date.valueOf(snapshot);
        List<Row> rows = new ArrayList<>();
        for (String rule : checked.ruleNames()) {
            long failing = brokenByRule.getOrDefault(rule, 0L);
            rows.add(RowFactory.create(runId, day, job, input, rule, failing, null, null, null, null, failing == 0,
                    null));
        }
        for (String extra : read.extraColumns()) {
            rows.add(RowFactory.create(runId, day, job, input, "extra_column_ignored:" + extra, 0L, null, null, null,
                    null, true, null));
        }
        long duplicates = rowsRead - quarantined() - staged;
        rows.add(RowFactory.create(runId, day, job, input, "reconciliation", 0L, rowsRead, staged, quarantined(),
                duplicates, duplicates >= 0, null));
        return rows;
    }
}
