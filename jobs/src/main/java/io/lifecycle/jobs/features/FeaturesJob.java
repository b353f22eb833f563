package io.lifecycle.jobs.features;

import io.lifecycle.common.config.Inputs;
import io.lifecycle.common.catalog.SilverTables;
import io.lifecycle.common.catalog.StagingTables;
import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.catalog.TableDef;
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

/**
 * Builds silver.account_features_daily for a set of snapshot dates in one pass. Incremental: the usage rollups are
 * read for the 60 days before the dates only, plus the days since the newest earlier snapshot, whose
 * last_active_date carries the rest of history forward. Replaces exactly the dates computed.
 */
public final class FeaturesJob implements Job {
    public static final String NAME = "features";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<TableDef> reads() {
        return List.of(StagingTables.ACCOUNTS, StagingTables.SUBSCRIPTIONS, StagingTables.INVOICES,
                StagingTables.SUPPORT_TICKETS, StagingTables.NPS_RESPONSES, StagingTables.TOUCHPOINTS,
                SilverTables.ACCOUNT_DAILY_USAGE, SilverTables.ACCOUNT_USER_DAILY, SilverTables.ACCOUNT_FEATURE_USAGE_DAILY);
    }

    @Override
    public List<TableDef> writes() {
        return List.of(SilverTables.ACCOUNT_FEATURES_DAILY);
    }

    @Override
    public JobResult run(JobContext ctx, SortedSet<LocalDate> snapshotDates) {
        FeaturesConfig config = FeaturesConfig.load(ctx.configDir());
        Lakehouse lakehouse = ctx.lakehouse();
        LocalDate first = snapshotDates.first();
        LocalDate prior = lakehouse.newestDate(SilverTables.ACCOUNT_FEATURES_DAILY, first);
        LocalDate windowStart = first.minusDays(UsageFeatures.WINDOW_DAYS - 1);
        LocalDate readFrom = prior == null ? null : (prior.plusDays(1).isBefore(windowStart) ? prior.plusDays(1) : windowStart);
        Column usageDays = usageDays(readFrom, snapshotDates.last());
        ctx.progress().step(NAME, String.format("%d snapshot date(s) %s..%s; usage days %s..%s%s",
                snapshotDates.size(), first, snapshotDates.last(), readFrom == null ? "start" : readFrom,
                snapshotDates.last(), prior == null ? "" : " (last activity carried from " + prior + ")"));

        // read once: the activity sums, the last activity and the usage freshness all use it
        Dataset<Row> dailyUsage = lakehouse.read(SilverTables.ACCOUNT_DAILY_USAGE).where(usageDays).cache();
        try {
            AccountFeatures.Inputs inputs = new AccountFeatures.Inputs(
                    lakehouse.read(StagingTables.ACCOUNTS), lakehouse.read(StagingTables.SUBSCRIPTIONS),
                    lakehouse.read(StagingTables.INVOICES), lakehouse.read(StagingTables.SUPPORT_TICKETS),
                    lakehouse.read(StagingTables.NPS_RESPONSES), lakehouse.read(StagingTables.TOUCHPOINTS),
                    dailyUsage,
                    lakehouse.read(SilverTables.ACCOUNT_USER_DAILY).where(usageDays),
                    lakehouse.read(SilverTables.ACCOUNT_FEATURE_USAGE_DAILY).where(usageDays),
                    prior == null ? null : lakehouse.read(SilverTables.ACCOUNT_FEATURES_DAILY)
                            .where(col("snapshot_date").equalTo(lit(Date.valueOf(prior))))
                            .select(col("account_id"), col("last_active_date").as("prior_last_active_date")));
            Dataset<Row> features = AccountFeatures.of(ctx.spark(), inputs, snapshotDates, config);
            long written = lakehouse.replace(SilverTables.ACCOUNT_FEATURES_DAILY, features,
                    Lakehouse.onDates("snapshot_date", snapshotDates));
            ctx.progress().step(NAME, String.format("wrote %,d account feature rows", written));
            return new JobResult(written, written);
        } finally {
            dailyUsage.unpersist();
        }
    }

    private static Column usageDays(LocalDate from, LocalDate to) {
        Column upTo = col("usage_date").leq(lit(Date.valueOf(to)));
        return from == null ? upTo : upTo.and(col("usage_date").geq(lit(Date.valueOf(from))));
    }
}
