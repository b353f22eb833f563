package io.lifecycle.jobs.lifecycle;

import io.lifecycle.common.config.Inputs;
import io.lifecycle.common.catalog.TableDef;
import io.lifecycle.common.catalog.GoldTables;
import io.lifecycle.common.catalog.SilverTables;
import io.lifecycle.common.catalog.StagingTables;
import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.run.Job;
import io.lifecycle.common.run.JobContext;
import io.lifecycle.common.run.JobResult;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.time.LocalDate;
import java.util.List;
import java.util.SortedSet;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_date;
import java.sql.Date;
import java.util.Arrays;

/**
 * Lifecycle stages and transitions for a set of snapshot dates in one pass. Incremental: reads the features and
 * health of those dates only, the newest earlier row of each entity (the stages of the newest earlier snapshot, plus
 * the last rows of retired lost leads and churned accounts: the state carried forward), the leads that can change
 * (open on that snapshot, or with activity since), the touchpoints of the lostLeadDays before the dates and the
 * non-paid subscription terms; and replaces exactly the dates computed in gold.account_lifecycle_daily and
 * gold.lifecycle_transitions; then gold.lifecycle_map, gold.dormant_accounts, gold.advocates and
 * gold.channel_effectiveness for the same dates.
 */
public final class LifecycleJob implements Job {
    public static final String NAME = "lifecycle";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<TableDef> reads() {
        return List.of(StagingTables.ACCOUNTS, StagingTables.LEADS, StagingTables.TOUCHPOINTS, StagingTables.SUBSCRIPTIONS,
                SilverTables.ACCOUNT_DAILY_USAGE, SilverTables.ACCOUNT_FEATURES_DAILY, GoldTables.ACCOUNT_HEALTH_DAILY);
    }

    @Override
    public List<TableDef> writes() {
        return List.of(GoldTables.ACCOUNT_LIFECYCLE_DAILY, GoldTables.LIFECYCLE_TRANSITIONS, GoldTables.LIFECYCLE_MAP,
                GoldTables.DORMANT_ACCOUNTS, GoldTables.ADVOCATES, GoldTables.CHANNEL_EFFECTIVENESS);
    }

    @Override
    public JobResult run(JobContext ctx, SortedSet<LocalDate> snapshotDates) {
        LifecycleConfig config = LifecycleConfig.load(ctx.configDir());
        Lakehouse lakehouse = ctx.lakehouse();
        return run(ctx, snapshotDates, config, lakehouse.read(GoldTables.ACCOUNT_HEALTH_DAILY));
    }

    /** The job once its inputs are known to exist; {@code health} holds at least the dates' health bands. */
    JobResult run(JobContext ctx, SortedSet<LocalDate> snapshotDates, LifecycleConfig config, Dataset<Row> health) {
        Lakehouse lakehouse = ctx.lakehouse();
        Column onDates = col("snapshot_date").isin(snapshotDates.stream().map(Date::valueOf).toArray());
        LocalDate prior = lakehouse.newestDate(GoldTables.ACCOUNT_LIFECYCLE_DAILY, snapshotDates.first());
        ctx.progress().step(NAME, String.format("%d snapshot date(s) %s..%s; %s", snapshotDates.size(),
                snapshotDates.first(), snapshotDates.last(),
                prior == null ? "no earlier stages (history starts here)" : "stages carried from " + prior));

        LocalDate touchesFrom = snapshotDates.first().minusDays(config.lostLeadDays() - 1L);
        if (prior != null && prior.plusDays(1).isBefore(touchesFrom)) {
            touchesFrom = prior.plusDays(1);
        }
        Dataset<Row> touchpoints = lakehouse.read(StagingTables.TOUCHPOINTS).where(to_date(col("touched_at"))
                .between(Date.valueOf(touchesFrom), Date.valueOf(snapshotDates.last())));
        LifecycleStages.Inputs inputs = new LifecycleStages.Inputs(
                lakehouse.read(SilverTables.ACCOUNT_FEATURES_DAILY).where(onDates),
                health.where(onDates), lakehouse.read(StagingTables.LEADS), touchpoints,
                lakehouse.read(StagingTables.SUBSCRIPTIONS),
                prior == null ? null : LifecycleStages.priorRows(lakehouse.read(GoldTables.ACCOUNT_LIFECYCLE_DAILY), prior),
                prior, ctx.config().defaultSegment());
        Dataset<Row> daily = LifecycleStages.of(ctx.spark(), inputs, snapshotDates, config).cache();
        try {
            long stages = lakehouse.replace(GoldTables.ACCOUNT_LIFECYCLE_DAILY, daily,
                    Lakehouse.onDates("snapshot_date", snapshotDates));
            ctx.progress().step(NAME, String.format("wrote %,d stage rows", stages));
            long transitions = lakehouse.replace(GoldTables.LIFECYCLE_TRANSITIONS, LifecycleTransitions.of(daily),
                    Lakehouse.onDates("transition_date", snapshotDates));
            ctx.progress().step(NAME, String.format("wrote %,d transitions", transitions));
            long[] derived = DerivedTables.write(lakehouse, daily, snapshotDates, ctx.progress());
            return new JobResult(stages, stages + transitions + Arrays.stream(derived).sum());
        } finally {
            daily.unpersist();
        }
    }
}
