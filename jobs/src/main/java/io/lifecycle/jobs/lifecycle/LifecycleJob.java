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
import static org.apache.spark.sql.functions.lit;
import java.sql.Date;
import java.util.Arrays;

/**
 * Lifecycle stages and transitions for a set of snapshot dates in one pass. Incremental: reads the features and
 * health of those dates only, plus the stages of the newest earlier snapshot (the state carried forward), and
 * replaces exactly the dates computed in gold.account_lifecycle_daily and gold.lifecycle_transitions; then
 * gold.lifecycle_map, gold.dormant_accounts, gold.advocates and gold.channel_effectiveness for the same dates.
 */
public final class LifecycleJob implements Job {
    public static final String NAME = "lifecycle";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<TableDef> reads() {
        return List.of(StagingTables.ACCOUNTS, StagingTables.LEADS, StagingTables.TOUCHPOINTS,
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

        LifecycleStages.Inputs inputs = new LifecycleStages.Inputs(
                lakehouse.read(SilverTables.ACCOUNT_FEATURES_DAILY).where(onDates),
                health.where(onDates), lakehouse.read(StagingTables.LEADS),
                prior == null ? null : lakehouse.read(GoldTables.ACCOUNT_LIFECYCLE_DAILY)
                        .where(col("snapshot_date").equalTo(lit(Date.valueOf(prior)))),
                ctx.config().defaultSegment());
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
