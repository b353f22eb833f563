package io.lifecycle.jobs.health;

import io.lifecycle.common.catalog.TableDef;
import io.lifecycle.common.catalog.GoldTables;
import io.lifecycle.common.catalog.SilverTables;
import io.lifecycle.common.catalog.StagingTables;
import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.run.Job;
import io.lifecycle.common.run.JobContext;
import io.lifecycle.common.run.JobResult;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.time.LocalDate;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Health scores for a set of snapshot dates in one pass: reads the features of exactly those dates and the
 * scores of D-7, D-30 and D-90, scores with {@link HealthScoring} and replaces those dates of
 * gold.account_health_daily. Re-running a date writes the same rows.
 */
public final class HealthJob implements Job {
    public static final String NAME = "health";
    /** The job writing silver.account_features_daily. */

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<TableDef> reads() {
        return List.of(SilverTables.ACCOUNT_FEATURES_DAILY, StagingTables.SUBSCRIPTIONS);
    }

    @Override
    public List<TableDef> writes() {
        return List.of(GoldTables.ACCOUNT_HEALTH_DAILY, GoldTables.HEALTH_BACKTEST, GoldTables.HEALTH_WEIGHT_SUGGESTIONS);
    }

    @Override
    public JobResult run(JobContext ctx, SortedSet<LocalDate> snapshotDates) {
        ScorecardConfig config = ScorecardConfig.load(ctx.configDir(), ctx.config());
        List<HealthOverride> overrides = HealthOverrides.load(ctx.configDir(), config);
        Lakehouse lakehouse = ctx.lakehouse();
        Dataset<Row> features = lakehouse.read(SilverTables.ACCOUNT_FEATURES_DAILY).where(Lakehouse.onDates("snapshot_date", snapshotDates));
        long rowsIn = features.count();
        ctx.progress().step(NAME, String.format("scoring %,d feature rows of %d snapshot date(s) with %d scorecard(s), "
                + "%d override(s)", rowsIn, snapshotDates.size(), config.scorecards().size(), overrides.size()));
        Dataset<Row> earlier = lakehouse.read(GoldTables.ACCOUNT_HEALTH_DAILY)
                .where(Lakehouse.onDates("snapshot_date", earlierDates(snapshotDates))).select("snapshot_date", "account_id", "score");
        Dataset<Row> rows = HealthScoring.score(features, earlier, config, overrides);
        long written = lakehouse.replace(GoldTables.ACCOUNT_HEALTH_DAILY, rows, Lakehouse.onDates("snapshot_date", snapshotDates));
        ctx.progress().step(NAME, String.format("wrote %,d account health scores", written));
        return new JobResult(rowsIn, written + backtest(ctx, config.backtest(), snapshotDates.last()));
    }

    /**
     * Recomputes gold.health_backtest and writes the day's gold.health_weight_suggestions from the point-in-time
     * scores of the month-end snapshots whose horizon has closed by {@code computedAt}; returns the rows written.
     */
    private static long backtest(JobContext ctx, ScorecardConfig.Backtest settings, LocalDate computedAt) {
        Lakehouse lakehouse = ctx.lakehouse();
        int horizon = settings.horizonDays();
        Dataset<Row> scores = lakehouse.read(GoldTables.ACCOUNT_HEALTH_DAILY);
        SortedSet<LocalDate> closed = new TreeSet<>();
        for (LocalDate d : HealthBacktest.monthEndSnapshots(scores)) {
            if (!d.plusDays(horizon).isAfter(computedAt)) {
                closed.add(d);
            }
        }
        if (closed.isEmpty()) {
            ctx.progress().step(NAME, "backtest: no month-end snapshot is " + horizon + " days old yet; skipped");
            return 0;
        }
        Dataset<Row> monthEnds = scores.where(Lakehouse.onDates("snapshot_date", closed)).cache();
        try {
            Dataset<Row> labels = ChurnLabels.of(lakehouse.read(StagingTables.SUBSCRIPTIONS), closed, horizon,
                    computedAt).cache();
            // The whole table is rewritten: rows of an older Lifecycle (population null) do not outlive this run.
            Dataset<Row> renewals = HealthBacktest.renewals(lakehouse.read(SilverTables.ACCOUNT_FEATURES_DAILY)
                    .where(Lakehouse.onDates("snapshot_date", closed)));
            long months = lakehouse.overwrite(GoldTables.HEALTH_BACKTEST,
                    HealthBacktest.of(monthEnds, labels, renewals, horizon, computedAt));
            long weights = lakehouse.replace(GoldTables.HEALTH_WEIGHT_SUGGESTIONS,
                    WeightSuggestions.of(monthEnds, labels, horizon, computedAt, settings.regParam()),
                    "computed_at_snapshot = DATE'" + computedAt + "'");
            ctx.progress().step(NAME, String.format("backtest over %d closed month(s) (%s .. %s, %d-day horizon): "
                    + "%,d backtest rows, %,d weight suggestions", closed.size(), closed.first(), closed.last(),
                    horizon, months, weights));
            labels.unpersist();
            return months + weights;
        } finally {
            monthEnds.unpersist();
        }
    }

    /** D-7, D-30 and D-90 of every date, except the dates this pass computes itself. */
    static SortedSet<LocalDate> earlierDates(SortedSet<LocalDate> snapshotDates) {
        SortedSet<LocalDate> dates = new TreeSet<>();
        for (LocalDate d : snapshotDates) {
            for (int days : ScoreHistory.LOOKBACK_DAYS) {
                dates.add(d.minusDays(days));
            }
        }
        dates.removeAll(snapshotDates);
        return dates;
    }
}
