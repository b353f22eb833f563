package io.lifecycle.jobs.health;

import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.catalog.Tables;
import io.lifecycle.common.run.Job;
import io.lifecycle.common.run.JobContext;
import io.lifecycle.common.run.JobResult;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Health scores for a set of snapshot dates in one pass: reads the features of exactly those dates and the
 * scores of D-7, D-30 and D-90, scores with {@link HealthScoring} and replaces those dates of
 * gold.account_health_daily. Re-running a date writes the same rows.
 */
public final class HealthJob implements Job {
    public static final String NAME = "health";
    /** The job writing silver.account_features_daily. */
    static final String FEATURES_JOB = "features";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> dependsOn() {
        return List.of(FEATURES_JOB);
    }

    @Override
    public JobResult run(JobContext ctx, SortedSet<LocalDate> snapshotDates) {
        ScorecardConfig config = ScorecardConfig.load(ctx.configDir(), ctx.config());
        List<HealthOverride> overrides = HealthOverrides.load(ctx.configDir(), config);
        Lakehouse lakehouse = ctx.lakehouse();
        lakehouse.require(Tables.ACCOUNT_FEATURES_DAILY, FEATURES_JOB);
        Dataset<Row> features = lakehouse.read(Tables.ACCOUNT_FEATURES_DAILY).where(in(snapshotDates));
        long rowsIn = features.count();
        ctx.progress().step(NAME, String.format("scoring %,d feature rows of %d snapshot date(s) with %d scorecard(s), "
                + "%d override(s)", rowsIn, snapshotDates.size(), config.scorecards().size(), overrides.size()));
        Dataset<Row> earlier = lakehouse.read(Tables.ACCOUNT_HEALTH_DAILY)
                .where(in(earlierDates(snapshotDates))).select("snapshot_date", "account_id", "score");
        Dataset<Row> rows = HealthScoring.score(features, earlier, config, overrides);
        long written = lakehouse.replace(Tables.ACCOUNT_HEALTH_DAILY, rows, in(snapshotDates));
        ctx.progress().step(NAME, String.format("wrote %,d account health scores", written));
        return new JobResult(rowsIn, written);
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

    private static String in(Collection<LocalDate> dates) {
        if (dates.isEmpty()) {
            return "false";
        }
        return "snapshot_date IN (" + dates.stream().map(d -> "DATE'" + d + "'").collect(Collectors.joining(", "))
                + ")";
    }
}
