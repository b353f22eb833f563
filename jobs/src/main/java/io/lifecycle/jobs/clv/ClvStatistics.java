package io.lifecycle.jobs.clv;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * The models' sufficient statistics, aggregated by Spark from {@link ClvHistories} and collected to the driver
 * per snapshot date and segment: a fit then costs the same for a thousand or a million accounts. Rows come
 * sorted, so fits (floating-point sums) are the same on every run. Each statistic is a list of rows:
 * <ul>
 *   <li>sBG fit: {t, churned (1) or censored (0) at period t, accounts}</li>
 *   <li>sBG holdout: {n_C, n_D, accounts alive at C, of those alive at their last renewal by D}</li>
 *   <li>BG/NBD: {x, t_x days, T days, accounts, one-off invoices in the holdout window}</li>
 *   <li>Gamma-Gamma: {x, mean amount m_x, accounts, holdout invoices, holdout amount}</li>
 * </ul>
 */
final class ClvStatistics {
    /** The statistics of one model at one cut (the snapshot date D, or the holdout cut C). */
    static final class Stats {
        final Map<SegmentKey, List<double[]>> rows = new LinkedHashMap<>();

        List<double[]> of(SegmentKey key) {
            return rows.getOrDefault(key, List.of());
        }

        /** All segments of a date, for the pooled fit. */
        List<double[]> pooled(LocalDate date) {
            List<double[]> all = new ArrayList<>();
            rows.forEach((k, v) -> {
                if (k.date().equals(date)) {
                    all.addAll(v);
                }
            });
            return all;
        }
    }

    record SegmentKey(LocalDate date, String segment) {
    }

    final Stats sbgAtD = new Stats();
    final Stats sbgAtC = new Stats();
    final Stats retentionHoldout = new Stats();
    final Stats purchasesAtD = new Stats();
    final Stats purchasesAtC = new Stats();
    final Stats spendAtD = new Stats();
    final Stats spendAtC = new Stats();

    private ClvStatistics() {
    }

    /** All seven statistics in one Spark job: the aggregations are unioned, tagged, and collected together. */
    static ClvStatistics of(Dataset<Row> h) {
        ClvStatistics s = new ClvStatistics();
        List<Stats> targets = List.of(s.sbgAtD, s.sbgAtC, s.retentionHoldout, s.purchasesAtD, s.purchasesAtC,
                s.spendAtD, s.spendAtC);
        List<Dataset<Row>> parts = List.of(
                survival(h, "d"),
                survival(h, "c"),
                h.where(col("in_force_c"))
                        .groupBy(col("snapshot_date"), col("segment"), col("n_c"), col("n_d"))
                        .agg(count(lit(1)), count(when(col("alive_until_d").geq(col("n_d")), lit(1)))),
                h.groupBy(col("snapshot_date"), col("segment"), col("x_d"), col("recency_days_d"), col("age_days_d"))
                        .agg(count(lit(1)), lit(0L)),
                h.where(col("age_days_c").geq(1))
                        .groupBy(col("snapshot_date"), col("segment"), col("x_c"), col("recency_days_c"), col("age_days_c"))
                        .agg(count(lit(1)), sum(col("holdout_transactions"))),
                h.where(col("x_d").geq(1)).groupBy(col("snapshot_date"), col("segment"), col("x_d"), col("mean_spend_d"))
                        .agg(count(lit(1)), lit(0L), lit(0.0)),
                h.where(col("age_days_c").geq(1))
                        .groupBy(col("snapshot_date"), col("segment"), col("x_c"), col("mean_spend_c"))
                        .agg(count(lit(1)), sum(col("holdout_transactions")), sum(col("holdout_amount"))));
        Dataset<Row> all = null;
        for (int i = 0; i < parts.size(); i++) {
            Dataset<Row> tagged = tagged(parts.get(i), i);
            all = all == null ? tagged : all.union(tagged);
        }
        List<Row> collected = new ArrayList<>(all.collectAsList());
        // Sorted here, not by Spark: fits sum in the same order on every run.
        collected.sort(Comparator.comparingInt((Row r) -> r.getInt(0)).thenComparing(r -> r.getDate(1).toLocalDate())
                .thenComparing(r -> r.getString(2)).thenComparing(ClvStatistics::values, ClvStatistics::compare));
        for (Row r : collected) {
            SegmentKey key = new SegmentKey(r.getDate(1).toLocalDate(), r.getString(2));
            targets.get(r.getInt(0)).rows.computeIfAbsent(key, k -> new ArrayList<>()).add(values(r));
        }
        return s;
    }

    /** (statistic, snapshot_date, segment, v0..v4 as doubles; missing values are null, read as NaN). */
    private static Dataset<Row> tagged(Dataset<Row> part, int statistic) {
        int values = part.columns().length - 2;
        List<String> names = new ArrayList<>(List.of("snapshot_date", "segment"));
        for (int v = 0; v < values; v++) {
            names.add("v" + v);
        }
        Dataset<Row> renamed = part.toDF(names.toArray(String[]::new));
        List<Column> columns = new ArrayList<>(List.of(lit(statistic).as("statistic"), col("snapshot_date"), col("segment")));
        for (int v = 0; v < 5; v++) {
            columns.add((v < values ? col("v" + v).cast("double") : lit(null).cast("double")).as("v" + v));
        }
        return renamed.select(columns.toArray(Column[]::new));
    }

    /** Accounts acquired by the cut with at least one period started: churned at t, or censored at n. */
    private static Dataset<Row> survival(Dataset<Row> h, String cut) {
        Column n = col("n_" + cut);
        Column aliveUntil = col("alive_until_" + cut);
        Column churned = aliveUntil.lt(n);
        return h.where(col("acquired_" + cut).isNotNull().and(n.geq(1)))
                .groupBy(col("snapshot_date"), col("segment"), when(churned, aliveUntil.plus(1)).otherwise(n).as("t"),
                        when(churned, lit(1)).otherwise(lit(0)).as("churned"))
                .agg(count(lit(1)));
    }

    private static double[] values(Row r) {
        double[] row = new double[5];
        for (int i = 0; i < 5; i++) {
            row[i] = r.isNullAt(3 + i) ? Double.NaN : r.getDouble(3 + i);
        }
        return row;
    }

    private static int compare(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) {
            int c = Double.compare(a[i], b[i]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
