package io.lifecycle.jobs.health;

import io.lifecycle.jobs.shared.RocAuc;
import io.lifecycle.common.catalog.GoldTables;
import io.lifecycle.common.catalog.Tables;
import io.lifecycle.jobs.shared.RocAuc.Bin;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import static io.lifecycle.jobs.shared.RocAuc.Direction.LOW_SCORE_IS_RISK;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trunc;

/**
 * Does the health score predict churn? Rows of {@code gold.health_backtest} (see the column comments in
 * {@link Tables#GOLD_HEALTH_BACKTEST} for every formula) from the health rows and churn labels.
 *
 * <p>Point in time: per month the snapshot used is the month's last day that has any health row (the same day for
 * every segment), with the scores as they were that day. Only snapshots whose horizon has closed
 * (D + horizonDays ≤ computedAt) and that have a label count; a scored account without a label (no paid term in
 * force by the subscriptions, which should not happen) is left out.
 *
 * <p>Two populations per segment and month: {@value #ALL_ACCOUNTS} (every scored account) and {@value #RENEWING}
 * (accounts whose renewal falls inside the horizon: billing period monthly, or renewal_date ≤ D + horizonDays, both
 * as silver.account_features_daily had them on D — the point-in-time renewal date of the features, not a second
 * definition). Churn mostly happens at a renewal, so the renewing accounts are the ones whose contract comes up
 * within the horizon; an annual account renewing after it normally stays in force through it.
 *
 * <p>Spark aggregates per (segment, snapshot, renewing, score rounded to 0.1, band, churned) — at most a few thousand
 * rows per segment-month — and the driver computes AUC and lift from those bins with {@link RocAuc}. A row with a
 * null score counts in accounts, churn and bands but not in the AUC or lift; a null band counts as unknown.
 */
public final class HealthBacktest {
    /** The segment value of the rows across all segments. */
    public static final String ALL_SEGMENTS = "all";
    /** The population of every scored account. */
    public static final String ALL_ACCOUNTS = "all";
    /** The population of the accounts whose renewal falls inside the horizon. */
    public static final String RENEWING = "renewing";

    private HealthBacktest() {
    }

    /** The month-end snapshots of the health rows: per month, its last day with health rows. For ChurnLabels. */
    public static SortedSet<LocalDate> monthEndSnapshots(Dataset<Row> health) {
        SortedSet<LocalDate> out = new TreeSet<>();
        for (Row r : monthEnds(health).collectAsList()) {
            out.add(r.getDate(0).toLocalDate());
        }
        return out;
    }

    /**
     * The renewal columns {@link #of} and {@link #summary} read, from silver.account_features_daily rows:
     * snapshot_date, account_id, renewal_date, billing_period.
     */
    public static Dataset<Row> renewals(Dataset<Row> features) {
        return features.select("snapshot_date", "account_id", "renewal_date", "billing_period");
    }

    /**
     * The rows of gold.health_backtest: one per segment (and 'all'), population and closed month, for horizonDays;
     * renewals as {@link #renewals}. A population without accounts in a segment-month has no row.
     */
    public static Dataset<Row> of(Dataset<Row> health, Dataset<Row> labels, Dataset<Row> renewals, int horizonDays,
                                  LocalDate computedAt) {
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<CellKey, Cell> e : cells(health, labels, renewals, horizonDays, computedAt).entrySet()) {
            rows.add(e.getValue().toRow(e.getKey(), horizonDays, computedAt));
        }
        return health.sparkSession().createDataFrame(rows, GoldTables.HEALTH_BACKTEST.schema());
    }

    /**
     * Per segment (and 'all') and population, every closed month pooled: accounts, churn events, AUC, red and green
     * churn rates. The pooled AUC ranks accounts of different months against each other. Sorted by segment, then
     * population ({@value #ALL_ACCOUNTS} before {@value #RENEWING}).
     */
    public static List<SegmentSummary> summary(Dataset<Row> health, Dataset<Row> labels, Dataset<Row> renewals,
                                               int horizonDays, LocalDate computedAt) {
        Map<List<String>, Cell> pooled = new TreeMap<>(Comparator.<List<String>, String>comparing(k -> k.get(0))
                .thenComparing(k -> k.get(1)));
        cells(health, labels, renewals, horizonDays, computedAt).forEach((k, c) ->
                pooled.computeIfAbsent(List.of(k.segment(), k.population()), s -> new Cell()).add(c));
        List<SegmentSummary> out = new ArrayList<>();
        pooled.forEach((key, c) -> out.add(new SegmentSummary(key.get(0), key.get(1), c.accounts, c.churned,
                nullIfNaN(RocAuc.auc(c.bins(), LOW_SCORE_IS_RISK)), nullIfNaN(RocAuc.topDecileLift(c.bins(), LOW_SCORE_IS_RISK)),
                c.rate(Band.RED), c.rate(Band.GREEN))));
        return out;
    }

    /**
     * Per-segment and population figures over all closed months; {@link #toString()} is one aligned line,
     * {@link #header()} its titles.
     */
    public record SegmentSummary(String segment, String population, long accounts, long churnEvents, Double rocAuc,
                                 Double topDecileLift, Double churnRateRed, Double churnRateGreen) {
        public static String header() {
            return String.format(Locale.ROOT, "%-24s %-10s %9s %7s %6s %6s %8s %8s", "segment", "population",
                    "accounts", "churn", "auc", "lift", "red", "green");
        }

        /** churn rate red / churn rate green; null when either is unknown or green is 0. */
        public Double redGreenRatio() {
            return churnRateRed == null || churnRateGreen == null || churnRateGreen == 0 ? null
                    : churnRateRed / churnRateGreen;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-24s %-10s %9d %7d %6s %6s %8s %8s", segment, population, accounts,
                    churnEvents, fmt(rocAuc, "%.3f"), fmt(topDecileLift, "%.2f"), fmt(churnRateRed, "%.2f%%", 100),
                    fmt(churnRateGreen, "%.2f%%", 100));
        }

        public static String fmt(Double v, String pattern) {
            return fmt(v, pattern, 1);
        }

        private static String fmt(Double v, String pattern, double scale) {
            return v == null ? "-" : String.format(Locale.ROOT, pattern, v * scale);
        }
    }

    /**
     * Month-end health rows of closed months joined with their labels: the health columns plus churned (boolean)
     * and snapshot_month. Shared with {@link WeightSuggestions}.
     */
    static Dataset<Row> labelledMonthEnds(Dataset<Row> health, Dataset<Row> labels, int horizonDays, LocalDate computedAt) {
        Dataset<Row> ends = monthEnds(health).where(date_add(col("snapshot_date"), horizonDays).leq(lit(Date.valueOf(computedAt))));
        return health.join(ends, "snapshot_date")
                .join(labels.select(col("snapshot_date"), col("account_id"), col("churned_within_horizon").as("churned")),
                        new String[] {"snapshot_date", "account_id"})
                .withColumn("snapshot_month", trunc(col("snapshot_date"), "month"));
    }

    /**
     * {@link #labelledMonthEnds} plus renewing (boolean): billing period monthly on D, or renewal_date ≤ D + h; false
     * when the features have no renewal for the account on D.
     */
    static Dataset<Row> withRenewing(Dataset<Row> labelled, Dataset<Row> renewals, int horizonDays) {
        Column renewing = col("billing_period").equalTo("monthly")
                .or(col("renewal_date").leq(date_add(col("snapshot_date"), horizonDays)));
        return labelled.join(renewals(renewals), new String[] {"snapshot_date", "account_id"}, "left")
                .withColumn("renewing", coalesce(renewing, lit(false)))
                .drop("renewal_date", "billing_period");
    }

    private static Dataset<Row> monthEnds(Dataset<Row> health) {
        return health.groupBy(trunc(col("snapshot_date"), "month")).agg(max(col("snapshot_date")).as("snapshot_date"))
                .select("snapshot_date");
    }

    /** Sufficient statistics per (segment incl. 'all', month), from one Spark aggregation collected to the driver. */
    private static Map<CellKey, Cell> cells(Dataset<Row> health, Dataset<Row> labels, Dataset<Row> renewals,
                                            int horizonDays, LocalDate computedAt) {
        Dataset<Row> rows = withRenewing(labelledMonthEnds(health, labels, horizonDays, computedAt), renewals,
                horizonDays);
        Column band = coalesce(col("band"), lit("unknown"));
        List<Row> counts = rows.groupBy(col("segment"), col("snapshot_month"), round(col("score"), 1).as("score_bin"),
                        band.as("band"), col("churned"), col("scorecard_version"), col("renewing"))
                .agg(count(lit(1)).as("n"), sum(col("mrr")).as("mrr"))
                .collectAsList();
        Map<CellKey, Cell> cells = new TreeMap<>();
        for (Row r : counts) {
            LocalDate month = r.getDate(1).toLocalDate();
            List<String> populations = r.getBoolean(6) ? List.of(ALL_ACCOUNTS, RENEWING) : List.of(ALL_ACCOUNTS);
            for (String segment : new String[] {r.getString(0), ALL_SEGMENTS}) {
                for (String population : populations) {
                    cells.computeIfAbsent(new CellKey(segment, population, month), k -> new Cell()).add(r);
                }
            }
        }
        return cells;
    }

    private static Double nullIfNaN(double v) {
        return Double.isNaN(v) ? null : v;
    }

    private record CellKey(String segment, String population, LocalDate month) implements Comparable<CellKey> {
        @Override
        public int compareTo(CellKey o) {
            return Comparator.comparing(CellKey::segment).thenComparing(CellKey::population)
                    .thenComparing(CellKey::month).compare(this, o);
        }
    }

    private enum Band {
        RED, YELLOW, GREEN;

        static Band of(String band) {
            return switch (band) {
                case "red" -> RED;
                case "yellow" -> YELLOW;
                case "green" -> GREEN;
                default -> null;
            };
        }
    }

    /** Additive counts of one segment-month (or of several pooled). */
    private static final class Cell {
        long accounts;
        long churned;
        final long[] bandAccounts = new long[Band.values().length];
        final long[] bandChurned = new long[Band.values().length];
        BigDecimal churnedMrr = BigDecimal.ZERO;
        BigDecimal churnedMrrRedOrYellow = BigDecimal.ZERO;
        final Map<Double, double[]> scoreBins = new TreeMap<>();
        final Map<String, Long> versions = new TreeMap<>();

        /** Adds one aggregated row: segment, month, score_bin, band, churned, scorecard_version, renewing, n, mrr. */
        void add(Row r) {
            boolean isChurn = r.getBoolean(4);
            long n = r.getLong(7);
            Band band = Band.of(r.getString(3));
            accounts += n;
            if (band != null) {
                bandAccounts[band.ordinal()] += n;
            }
            if (isChurn) {
                churned += n;
                if (band != null) {
                    bandChurned[band.ordinal()] += n;
                }
                BigDecimal mrr = r.isNullAt(8) ? BigDecimal.ZERO : r.getDecimal(8);
                churnedMrr = churnedMrr.add(mrr);
                if (band == Band.RED || band == Band.YELLOW) {
                    churnedMrrRedOrYellow = churnedMrrRedOrYellow.add(mrr);
                }
            }
            if (!r.isNullAt(2)) {
                scoreBins.computeIfAbsent(r.getDouble(2), s -> new double[2])[isChurn ? 0 : 1] += n;
            }
            if (!r.isNullAt(5)) {
                versions.merge(r.getString(5), n, Long::sum);
            }
        }

        void add(Cell o) {
            accounts += o.accounts;
            churned += o.churned;
            for (int b = 0; b < bandAccounts.length; b++) {
                bandAccounts[b] += o.bandAccounts[b];
                bandChurned[b] += o.bandChurned[b];
            }
            churnedMrr = churnedMrr.add(o.churnedMrr);
            churnedMrrRedOrYellow = churnedMrrRedOrYellow.add(o.churnedMrrRedOrYellow);
            o.scoreBins.forEach((s, c) -> {
                double[] mine = scoreBins.computeIfAbsent(s, x -> new double[2]);
                mine[0] += c[0];
                mine[1] += c[1];
            });
            o.versions.forEach((v, n) -> versions.merge(v, n, Long::sum));
        }

        List<Bin> bins() {
            List<Bin> out = new ArrayList<>(scoreBins.size());
            scoreBins.forEach((s, c) -> out.add(new Bin(s, c[0], c[1])));
            return out;
        }

        Double rate(Band band) {
            long n = bandAccounts[band.ordinal()];
            return n == 0 ? null : (double) bandChurned[band.ordinal()] / n;
        }

        /** The version of the most accounts; ties: the greatest version string. */
        String mostCommonVersion() {
            return versions.entrySet().stream()
                    .max(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                    .map(Map.Entry::getKey).orElse(null);
        }

        Row toRow(CellKey key, int horizonDays, LocalDate computedAt) {
            List<Bin> bins = bins();
            Double share = churnedMrr.signum() == 0 ? null
                    : churnedMrrRedOrYellow.doubleValue() / churnedMrr.doubleValue();
            return RowFactory.create(key.segment(), Date.valueOf(key.month()), horizonDays, key.population(),
                    accounts, churned,
                    nullIfNaN(RocAuc.auc(bins, LOW_SCORE_IS_RISK)), nullIfNaN(RocAuc.topDecileLift(bins, LOW_SCORE_IS_RISK)),
                    rate(Band.RED), rate(Band.YELLOW), rate(Band.GREEN),
                    bandAccounts[Band.RED.ordinal()], bandAccounts[Band.YELLOW.ordinal()], bandAccounts[Band.GREEN.ordinal()],
                    churnedMrr.setScale(2, RoundingMode.HALF_UP), share, mostCommonVersion(), Date.valueOf(computedAt));
        }
    }
}
