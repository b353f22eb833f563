package io.lifecycle.jobs.lifecycle;

import io.lifecycle.common.catalog.GoldTables;
import io.lifecycle.common.catalog.SilverTables;
import io.lifecycle.common.catalog.StagingTables;
import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.run.Progress;
import io.lifecycle.jobs.shared.SnapshotCalendar;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;

/**
 * The lifecycle job's second step: gold.lifecycle_map, gold.dormant_accounts, gold.advocates and
 * gold.channel_effectiveness for the dates just written, reading only those dates' stages and features, each date's
 * cohort snapshot and the transitions in between, the touchpoints of the 90 days before the dates, and for channel
 * effectiveness the stages, touchpoints and daily usage of the {@link ChannelEffectiveness#LOOK_BACK_DAYS} before.
 */
final class DerivedTables {
    /** The forward rates start from the newest snapshot between 120 and 90 days before the date. */
    static final int HORIZON_DAYS = 90;
    static final int MAX_COHORT_AGE_DAYS = 120;
    /** Touchpoints are read for the 90-day channel windows of both tables. */
    static final int CHANNEL_WINDOW_DAYS = Math.max(DormantAccounts.CHANNEL_WINDOW_DAYS, MapSignals.CHANNEL_WINDOW_DAYS);

    private DerivedTables() {
    }

    /** Returns the rows written: map rows, dormant rows, advocate rows and channel effectiveness rows. */
    static long[] write(Lakehouse lakehouse, Dataset<Row> daily, SortedSet<LocalDate> dates, Progress progress) {
        String onDates = Lakehouse.onDates("snapshot_date", dates);
        Dataset<Row> stored = lakehouse.read(GoldTables.ACCOUNT_LIFECYCLE_DAILY);
        // Only the snapshots that can be a cohort date: the partition filter keeps this from listing the history.
        SortedSet<LocalDate> snapshots = new TreeSet<>(dates);
        for (Row r : stored.where(col("snapshot_date").between(Date.valueOf(dates.first().minusDays(MAX_COHORT_AGE_DAYS)),
                Date.valueOf(dates.last().minusDays(HORIZON_DAYS)))).select("snapshot_date").distinct().collectAsList()) {
            snapshots.add(r.getDate(0).toLocalDate());
        }
        List<Row> pairs = new ArrayList<>();
        TreeSet<Date> cohortDays = new TreeSet<>();
        for (LocalDate d : dates) {
            LocalDate cohort = cohortOf(snapshots, d);
            pairs.add(RowFactory.create(Date.valueOf(d), cohort == null ? null : Date.valueOf(cohort)));
            if (cohort != null) {
                cohortDays.add(Date.valueOf(cohort));
            }
        }
        Dataset<Row> cohortDates = lakehouse.spark().createDataFrame(pairs, new StructType()
                .add("snapshot_date", DataTypes.DateType).add("cohort_date", DataTypes.DateType));
        Dataset<Row> cohorts = stored.where(col("snapshot_date").isin(cohortDays.toArray()));
        Date from = cohortDays.isEmpty() ? Date.valueOf(dates.first()) : cohortDays.first();
        Dataset<Row> transitions = lakehouse.read(GoldTables.LIFECYCLE_TRANSITIONS)
                .where(col("transition_date").gt(lit(from)).and(col("transition_date").leq(lit(Date.valueOf(dates.last())))));
        Dataset<Row> touches = touchpoints(lakehouse, dates.first().minusDays(CHANNEL_WINDOW_DAYS - 1), dates.last());
        Dataset<Row> features = lakehouse.read(SilverTables.ACCOUNT_FEATURES_DAILY);
        Object[] days = dates.stream().map(Date::valueOf).toArray();
        Dataset<Row> recentTransitions = lakehouse.read(GoldTables.LIFECYCLE_TRANSITIONS).where(col("transition_date")
                .between(Date.valueOf(dates.first().minusDays(DormantAccounts.TRANSITIONS_LOOK_BACK_DAYS)),
                        Date.valueOf(dates.last())));
        LocalDate lookBack = dates.first().minusDays(ChannelEffectiveness.LOOK_BACK_DAYS);
        Dataset<Row> stages = stored.where(col("snapshot_date").between(Date.valueOf(lookBack), Date.valueOf(dates.last())))
                .select("snapshot_date", "account_id", "segment", "stage");
        Dataset<Row> usage = lakehouse.read(SilverTables.ACCOUNT_DAILY_USAGE)
                .where(col("usage_date").between(Date.valueOf(lookBack), Date.valueOf(dates.last())))
                .select("account_id", "usage_date", "events");
        long map = written(progress, "lifecycle map rows", lakehouse.replace(GoldTables.LIFECYCLE_MAP,
                LifecycleMap.of(daily, cohortDates, cohorts, transitions,
                        features.where(col("snapshot_date").isin(cohortDays.toArray())), touches), onDates));
        long dormant = written(progress, "dormant accounts", lakehouse.replace(GoldTables.DORMANT_ACCOUNTS,
                DormantAccounts.of(daily, features.where(col("snapshot_date").isin(days)), touches,
                        recentTransitions), onDates));
        long advocates = written(progress, "advocates", lakehouse.replace(GoldTables.ADVOCATES,
                Advocates.of(daily, features.where(col("snapshot_date").isin(days))), onDates));
        long channels = written(progress, "channel effectiveness rows", lakehouse.replace(GoldTables.CHANNEL_EFFECTIVENESS,
                ChannelEffectiveness.of(SnapshotCalendar.dates(lakehouse.spark(), dates), stages,
                        touchpoints(lakehouse, lookBack, dates.last()), usage), onDates));
        return new long[] {map, dormant, advocates, channels};
    }

    private static long written(Progress progress, String what, long rows) {
        progress.step(LifecycleJob.NAME, String.format("wrote %,d %s", rows, what));
        return rows;
    }

    /** staging.touchpoints touched from {@code from} to {@code to}, both inclusive (UTC days). */
    private static Dataset<Row> touchpoints(Lakehouse lakehouse, LocalDate from, LocalDate to) {
        return lakehouse.read(StagingTables.TOUCHPOINTS)
                .where(to_date(col("touched_at")).between(Date.valueOf(from), Date.valueOf(to)));
    }

    static LocalDate cohortOf(SortedSet<LocalDate> snapshots, LocalDate d) {
        SortedSet<LocalDate> candidates = snapshots.subSet(d.minusDays(MAX_COHORT_AGE_DAYS),
                d.minusDays(HORIZON_DAYS).plusDays(1));
        return candidates.isEmpty() ? null : candidates.last();
    }
}
