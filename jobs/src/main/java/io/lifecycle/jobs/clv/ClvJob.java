package io.lifecycle.jobs.clv;

import io.lifecycle.common.catalog.TableDef;
import io.lifecycle.common.catalog.GoldTables;
import io.lifecycle.common.catalog.StagingTables;
import io.lifecycle.jobs.shared.AccountPlans;
import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.run.Job;
import io.lifecycle.common.run.JobContext;
import io.lifecycle.common.run.JobResult;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.time.LocalDate;
import java.util.List;
import java.util.SortedSet;

/**
 * Customer lifetime value for a set of snapshot dates in one pass: Spark builds every account's history as of
 * each date and aggregates it to the models' sufficient statistics, the driver fits sBG, BG/NBD and
 * Gamma-Gamma per date and segment (with a holdout check), and Spark scores every account. Writes
 * gold.clv_models and gold.account_clv, replacing exactly the dates computed.
 */
public final class ClvJob implements Job {
    public static final String NAME = "clv";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<TableDef> reads() {
        return List.of(StagingTables.ACCOUNTS, StagingTables.SUBSCRIPTIONS, StagingTables.INVOICES);
    }

    @Override
    public List<TableDef> writes() {
        return List.of(GoldTables.CLV_MODELS, GoldTables.ACCOUNT_CLV);
    }

    @Override
    public JobResult run(JobContext ctx, SortedSet<LocalDate> snapshotDates) {
        ClvConfig config = ClvConfig.load(ctx.configDir(), ctx.config());
        Lakehouse lakehouse = ctx.lakehouse();
        Dataset<Row> histories = ClvHistories.of(ctx.spark(), lakehouse.read(StagingTables.ACCOUNTS),
                lakehouse.read(StagingTables.SUBSCRIPTIONS), lakehouse.read(StagingTables.INVOICES),
                snapshotDates, config, AccountPlans.segmentRules(ctx.config())).cache();
        try {
            long rowsIn = histories.count();
            ctx.progress().step(NAME, String.format("aggregating %,d account histories to sufficient statistics", rowsIn));
            ClvStatistics statistics = ClvStatistics.of(histories);
            long t0 = System.nanoTime();
            ClvPipeline.Result result = ClvPipeline.fitAndScore(ctx.spark(), histories, statistics, snapshotDates, config);
            ctx.progress().step(NAME, String.format("fitted %,d segment models in %.1fs (%d without a fit)",
                    result.fits().size(), (System.nanoTime() - t0) / 1e9,
                    result.fits().stream().filter(f -> f.fitted() == null).count()));
            String where = Lakehouse.onDates("snapshot_date", snapshotDates);
            long models = lakehouse.replace(GoldTables.CLV_MODELS, result.models(), where);
            long accounts = lakehouse.replace(GoldTables.ACCOUNT_CLV, result.accounts(), where);
            ctx.progress().step(NAME, String.format("wrote %,d model rows and %,d account CLVs", models, accounts));
            return new JobResult(rowsIn, models + accounts);
        } finally {
            histories.unpersist();
        }
    }
}
