package io.lifecycle.jobs.features;

import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.catalog.OpsTables;
import io.lifecycle.common.catalog.SilverTables;
import io.lifecycle.common.catalog.StagingTables;
import io.lifecycle.common.catalog.TableDef;
import io.lifecycle.common.config.Inputs;
import io.lifecycle.common.run.Job;
import io.lifecycle.common.run.JobContext;
import io.lifecycle.common.run.JobResult;
import io.lifecycle.jobs.shared.AccountPlans;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.slice;

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
            Dataset<Row> features = AccountFeatures.of(ctx.spark(), inputs, snapshotDates, config,
                    AccountPlans.segmentRules(ctx.config()));
            long written = lakehouse.replace(SilverTables.ACCOUNT_FEATURES_DAILY, features,
                    Lakehouse.onDates("snapshot_date", snapshotDates));
            ctx.progress().step(NAME, String.format("wrote %,d account feature rows", written));
            recordPlanFallbacks(ctx, snapshotDates);
            return new JobResult(written, written);
        } finally {
            dailyUsage.unpersist();
        }
    }

    private static Column usageDays(LocalDate from, LocalDate to) {
        Column upTo = col("usage_date").leq(lit(Date.valueOf(to)));
        return from == null ? upTo : upTo.and(col("usage_date").geq(lit(Date.valueOf(from))));
    }

    /** The dq rule whose failing rows are paying accounts whose plan tier (and segment) came from staging.accounts. */
    static final String PLAN_FALLBACK_RULE = "plan_tier_from_subscription_terms";

    /**
     * One ops.dq_results row per date: how many accounts that have paid by the date took their plan tier from
     * staging.accounts (the tier at the end of history) because none of their terms carries a plan, with up to 10
     * of their ids. Prospects that never paid are not counted: no term can tell their plan.
     */
    private static void recordPlanFallbacks(JobContext ctx, SortedSet<LocalDate> snapshotDates) {
        Lakehouse lakehouse = ctx.lakehouse();
        Dataset<Row> fallbacks = lakehouse.read(SilverTables.ACCOUNT_FEATURES_DAILY)
                .where(Lakehouse.onDates("snapshot_date", snapshotDates))
                .where(col("plan_tier_source").equalTo(AccountPlans.FROM_ACCOUNT).and(col("first_paid_date").isNotNull()));
        Map<LocalDate, List<String>> byDate = new TreeMap<>();
        Map<LocalDate, Long> counts = new TreeMap<>();
        for (Row r : fallbacks.groupBy("snapshot_date").agg(count(lit(1)).as("n"),
                slice(array_sort(collect_list(col("account_id"))), 1, 10).as("examples")).collectAsList()) {
            LocalDate day = r.getDate(0).toLocalDate();
            counts.put(day, r.getLong(1));
            byDate.put(day, r.getList(2));
        }
        List<Row> rows = new ArrayList<>();
        for (LocalDate day : snapshotDates) {
            long failing = counts.getOrDefault(day, 0L);
            rows.add(RowFactory.create(ctx.runId(), Date.valueOf(day), NAME, StagingTables.SUBSCRIPTIONS.qualifiedName(),
                    PLAN_FALLBACK_RULE, failing, null, null, null, null, failing == 0,
                    failing == 0 ? null : String.join(",", byDate.get(day))));
        }
        lakehouse.replace(OpsTables.DQ_RESULTS, ctx.spark().createDataFrame(rows, OpsTables.DQ_RESULTS.schema()),
                "job = '" + NAME + "' AND " + Lakehouse.onDates("snapshot_date", snapshotDates));
    }
}
