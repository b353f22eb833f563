package io.lifecycle.jobs.marts;

import io.lifecycle.common.LifecycleException;
import io.lifecycle.common.catalog.GoldTables;
import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.catalog.Layer;
import io.lifecycle.common.catalog.OpsTables;
import io.lifecycle.common.catalog.TableDef;
import io.lifecycle.common.catalog.Tables;
import io.lifecycle.common.run.JobContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedSet;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * Write-audit-publish of the gold layer for a night (or a backfill's dates): audits the unpublished rows of every
 * gold table on those dates against the catalog's rules and conf/publish.yaml, records every rule's failing count
 * in ops.dq_results (job marts), and only when every rule holds publishes each table in one atomic commit
 * ({@link Lakehouse#publish}). Tables partitioned by their date are published for the dates; the others (whole-
 * history tables such as gold.health_backtest) as a whole, audited on every row and reported on the newest date.
 * Every gold table of the catalog is published, empty when no job has written it yet.
 */
final class GoldPublication {
    static final String JOB = MartsJob.NAME;

    /** One rule's outcome on one table and date. */
    record Finding(LocalDate date, String table, String rule, long failingRows) {
        boolean passed() {
            return failingRows == 0;
        }
    }

    private GoldPublication() {
    }

    /** Audits, records, and publishes when every rule holds; otherwise throws, naming the failed rules. */
    static long auditAndPublish(JobContext ctx, SortedSet<LocalDate> dates, PublishConfig config) {
        Lakehouse lakehouse = ctx.lakehouse();
        // The publication record last: a night is listed there, and so seen by the _current views, only once every
        // other table of it is published.
        List<TableDef> tables = new ArrayList<>(Tables.all().stream().filter(t -> t.layer() == Layer.GOLD).toList());
        tables.remove(GoldTables.PUBLISHED_NIGHTS);
        tables.add(GoldTables.PUBLISHED_NIGHTS);
        for (TableDef def : tables) {
            // A table no job has written yet (e.g. gold.account_expansion before a model passes the floors) is
            // published empty, so BI finds every table and _current view of the catalog.
            lakehouse.ensure(def);
        }
        List<Row> nights = dates.stream().map(d -> RowFactory.create(Date.valueOf(d), tables.size(), ctx.runId()))
                .toList();
        lakehouse.replace(GoldTables.PUBLISHED_NIGHTS, ctx.spark().createDataFrame(nights,
                GoldTables.PUBLISHED_NIGHTS.schema()), Lakehouse.onDates("snapshot_date", dates));
        long t0 = System.nanoTime();
        // The version of each unpublished table the audit reads is the version published: rows written in between
        // (by a run that ignored the writer lock) are never published unaudited.
        Map<TableDef, Long> audited = new LinkedHashMap<>();
        for (TableDef def : tables) {
            audited.put(def, lakehouse.version(def));
        }
        List<Finding> findings = new ArrayList<>();
        for (TableDef def : tables) {
            findings.addAll(audit(lakehouse, def, audited.get(def), dates, config.rowCountBand()));
        }
        record(ctx, dates, findings);
        List<Finding> failed = findings.stream().filter(f -> !f.passed()).toList();
        ctx.progress().step(JOB, String.format("audited %d gold tables on %d date(s): %d rule checks, %d failed (%.1fs)",
                tables.size(), dates.size(), findings.size(), failed.size(), (System.nanoTime() - t0) / 1e9));
        if (!failed.isEmpty()) {
            throw new LifecycleException("The audit of the gold tables failed, so nothing was published for "
                    + describe(dates) + ": BI still sees the data published before. Failed rules:\n"
                    + failed.stream().map(f -> "  " + f.table() + " " + f.rule() + " on " + f.date() + ": "
                    + f.failingRows() + " row(s)").collect(Collectors.joining("\n"))
                    + "\nThe rules are in docs/tables.md (checks) and conf/publish.yaml; the unpublished rows are in "
                    + Lakehouse.UNPUBLISHED + ".<table>; every result: bin/lifecycle sql \"SELECT * FROM "
                    + OpsTables.DQ_RESULTS + " WHERE job = '" + JOB + "' AND NOT passed\"");
        }
        long t1 = System.nanoTime();
        long published = 0;
        for (TableDef def : tables) {
            published += lakehouse.publish(def, byDate(def) ? Lakehouse.onDates(def.dateColumn(), dates) : null,
                    config.properties(def), audited.get(def));
        }
        ctx.progress().step(JOB, String.format("published %d gold tables (%,d rows) in %.1fs", tables.size(),
                published, (System.nanoTime() - t1) / 1e9));
        return published;
    }

    /** Whether the table is published date by date (partitioned by its date column). */
    static boolean byDate(TableDef def) {
        return def.dateColumn() != null && def.partitionColumns().equals(List.of(def.dateColumn()));
    }

    /**
     * Every rule on the table's rows of the dates (all rows when not published by date): keys unique, each check
     * of the catalog, and for the tables of the row-count band rows(D) within the band of rows(D - 1). A rule is
     * reported for each date the table has rows on. (NOT NULL columns need no rule: Delta refuses a null there
     * when the job writes it, so such a night fails before it reaches the audit.)
     */
    static List<Finding> audit(Lakehouse lakehouse, TableDef def, long version, SortedSet<LocalDate> dates,
                               PublishConfig.RowCountBand band) {
        boolean byDate = byDate(def);
        Dataset<Row> all = lakehouse.read(def, version);
        Dataset<Row> rows = byDate ? all.where(Lakehouse.onDates(def.dateColumn(), dates)) : all;
        Column day = byDate ? col(def.dateColumn()) : lit(Date.valueOf(dates.last()));

        List<String> rules = new ArrayList<>();
        List<Column> violations = new ArrayList<>();
        for (TableDef.Check check : def.checks()) {
            rules.add("check_" + check.name());
            violations.add(coalesce(expr("NOT (" + check.condition() + ")"), lit(true))); // null breaks it, as in Delta
        }
        List<Column> aggregates = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            aggregates.add(sum(when(violations.get(i), 1L).otherwise(0L)).as("r" + i));
        }
        Dataset<Row> perDay = rows.withColumn("_day", day).groupBy("_day")
                .agg(count(lit(1)).as("_rows"), aggregates.toArray(Column[]::new));
        Column[] keys = def.keys().stream().map(k -> col(k)).toArray(Column[]::new);
        Map<LocalDate, Long> duplicates = new HashMap<>();
        for (Row r : rows.withColumn("_day", day).groupBy(keys).agg(count(lit(1)).as("n"),
                        first("_day").as("_day")).where("n > 1")
                .groupBy("_day").agg(sum("n")).collectAsList()) {
            duplicates.put(r.getDate(0).toLocalDate(), r.getLong(1));
        }
        List<Finding> findings = new ArrayList<>();
        Map<LocalDate, Long> rowsOn = new HashMap<>();
        for (Row r : perDay.collectAsList()) {
            LocalDate d = r.getDate(0).toLocalDate();
            rowsOn.put(d, r.getLong(1));
            findings.add(new Finding(d, def.qualifiedName(), "unique_" + String.join("_", def.keys()),
                    duplicates.getOrDefault(d, 0L)));
            for (int i = 0; i < rules.size(); i++) {
                findings.add(new Finding(d, def.qualifiedName(), rules.get(i), r.getLong(2 + i)));
            }
        }
        if (byDate && band.tables().contains(def.qualifiedName())) {
            findings.addAll(rowCountBand(all, def, rowsOn, band));
        }
        return findings;
    }

    /** rows(D) / rows(D - 1) within the band, for each audited date D whose day before has enough rows. */
    private static List<Finding> rowCountBand(Dataset<Row> all, TableDef def, Map<LocalDate, Long> rowsOn,
                                              PublishConfig.RowCountBand band) {
        List<Date> daysBefore = rowsOn.keySet().stream().map(d -> Date.valueOf(d.minusDays(1))).toList();
        Map<LocalDate, Long> before = new HashMap<>();
        for (Row r : all.where(col(def.dateColumn()).isin(daysBefore.toArray())).groupBy(def.dateColumn()).count()
                .collectAsList()) {
            before.put(r.getDate(0).toLocalDate(), r.getLong(1));
        }
        List<Finding> findings = new ArrayList<>();
        for (Map.Entry<LocalDate, Long> today : rowsOn.entrySet()) {
            Long previous = before.get(today.getKey().minusDays(1));
            if (previous == null || previous < band.minPreviousRows()) {
                continue;
            }
            double ratio = today.getValue() / (double) previous;
            boolean inBand = ratio >= band.minRatio() && ratio <= band.maxRatio();
            // Failing rows: how far the count lies outside the band (0 inside it).
            long outside = inBand ? 0 : Math.max(1, Math.round(Math.abs(today.getValue()
                    - Math.max(band.minRatio() * previous, Math.min(band.maxRatio() * previous, today.getValue())))));
            findings.add(new Finding(today.getKey(), def.qualifiedName(), "row_count_within_band_of_day_before",
                    outside));
        }
        return findings;
    }

    /** Replaces ops.dq_results rows of job marts on the dates with these findings. */
    private static void record(JobContext ctx, SortedSet<LocalDate> dates, List<Finding> findings) {
        List<Row> rows = findings.stream().map(f -> RowFactory.create(ctx.runId(), Date.valueOf(f.date()), JOB,
                f.table(), f.rule(), f.failingRows(), null, null, null, null, f.passed(), null)).toList();
        ctx.lakehouse().replace(OpsTables.DQ_RESULTS, ctx.spark().createDataFrame(rows, OpsTables.DQ_RESULTS.schema()),
                "job = '" + JOB + "' AND " + Lakehouse.onDates("snapshot_date", dates));
    }

    private static String describe(SortedSet<LocalDate> dates) {
        return dates.size() == 1 ? dates.first().toString()
                : dates.size() + " dates " + dates.first() + " .. " + dates.last();
    }
}
