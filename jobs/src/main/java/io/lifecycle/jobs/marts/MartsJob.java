package io.lifecycle.jobs.marts;

import io.lifecycle.common.catalog.Layer;
import io.lifecycle.common.catalog.Tables;
import io.lifecycle.common.catalog.GoldTables;
import io.lifecycle.common.catalog.SilverTables;
import io.lifecycle.common.catalog.StagingTables;
import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.catalog.TableDef;
import io.lifecycle.common.run.Job;
import io.lifecycle.common.run.JobContext;
import io.lifecycle.common.run.JobResult;
import io.lifecycle.jobs.bi.BiAfterPublish;
import io.lifecycle.jobs.features.FeaturesConfig;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;

import static org.apache.spark.sql.functions.expr;

/**
 * The marts BI reads, for a set of snapshot dates in one pass: gold.segment_kpis_daily and gold.renewal_briefs,
 * replacing exactly the dates computed (a re-run replaces, never duplicates); then the audit and publication of
 * every gold table for those dates ({@link GoldPublication}, conf/publish.yaml), and then the DuckDB file BI reads
 * ({@link BiAfterPublish}, conf/bi.yaml). MRR comes from staging.subscriptions
 * (also on D - 30 and 12 months back, which need not be snapshot dates); everything else from the dates' rows of
 * the features and gold tables.
 */
public final class MartsJob implements Job {
    public static final String NAME = "marts";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<TableDef> reads() {
        return List.of(StagingTables.SUBSCRIPTIONS, StagingTables.SUPPORT_TICKETS,
                SilverTables.ACCOUNT_DAILY_USAGE, SilverTables.ACCOUNT_FEATURE_USAGE_DAILY,
                SilverTables.ACCOUNT_FEATURES_DAILY, GoldTables.ACCOUNT_HEALTH_DAILY, GoldTables.ACCOUNT_LIFECYCLE_DAILY,
                GoldTables.DORMANT_ACCOUNTS, GoldTables.ACCOUNT_CLV);
    }

    /** Every other gold table: audited and published when a job has written it (empty otherwise). */
    @Override
    public List<TableDef> readsIfPresent() {
        return Tables.all().stream().filter(t -> t.layer() == Layer.GOLD)
                .filter(t -> !reads().contains(t) && !writes().contains(t)).toList();
    }

    @Override
    public List<TableDef> writes() {
        return List.of(GoldTables.SEGMENT_KPIS_DAILY, GoldTables.RENEWAL_BRIEFS, GoldTables.PUBLISHED_NIGHTS);
    }

    @Override
    public JobResult run(JobContext ctx, SortedSet<LocalDate> snapshotDates) {
        Lakehouse lakehouse = ctx.lakehouse();
        PublishConfig publish = PublishConfig.load(ctx.configDir());
        JobResult marts = run(ctx, snapshotDates, inputs(lakehouse, snapshotDates));
        long published = GoldPublication.auditAndPublish(ctx, snapshotDates, publish);
        BiAfterPublish.refresh(ctx);
        return new JobResult(marts.rowsIn(), marts.rowsOut() + published);
    }

    /** The job once its inputs are read; tests call it with some gold inputs left empty. */
    JobResult run(JobContext ctx, SortedSet<LocalDate> snapshotDates, MartsInputs in) {
        Lakehouse lakehouse = ctx.lakehouse();
        ctx.progress().step(NAME, String.format("%d snapshot date(s) %s..%s; expansion columns %s; churn forecast "
                        + "columns %s", snapshotDates.size(), snapshotDates.first(), snapshotDates.last(),
                source(in.expansion(), GoldTables.ACCOUNT_EXPANSION), source(in.churnRisk(), GoldTables.ACCOUNT_CHURN_RISK)));
        Dataset<Row> movements = MrrMovements.of(ctx.spark(), in.subscriptions(), snapshotDates).cache();
        try {
            long rowsIn = movements.count();
            String where = Lakehouse.onDates("snapshot_date", snapshotDates);
            long kpis = lakehouse.replace(GoldTables.SEGMENT_KPIS_DAILY, SegmentKpis.of(movements, in), where);
            long briefs = lakehouse.replace(GoldTables.RENEWAL_BRIEFS, RenewalBriefs.of(in, FeaturesConfig.load(ctx.configDir())), where);
            ctx.progress().step(NAME, String.format("wrote %,d segment KPI rows and %,d renewal briefs", kpis, briefs));
            return new JobResult(rowsIn, kpis + briefs);
        } finally {
            movements.unpersist();
        }
    }

    private static String source(Dataset<Row> rows, TableDef table) {
        return rows == null ? "null (" + table.qualifiedName() + " does not exist yet)" : "from " + table.qualifiedName();
    }

    static MartsInputs inputs(Lakehouse lakehouse, SortedSet<LocalDate> snapshotDates) {
        String onDates = Lakehouse.onDates("snapshot_date", snapshotDates);
        return new MartsInputs(
                lakehouse.read(SilverTables.ACCOUNT_FEATURES_DAILY).where(expr(onDates))
                        .select("snapshot_date", "account_id", "segment"),
                lakehouse.read(StagingTables.SUBSCRIPTIONS),
                lakehouse.read(StagingTables.SUPPORT_TICKETS),
                lakehouse.read(SilverTables.ACCOUNT_FEATURES_DAILY).where(expr(onDates)),
                lakehouse.read(SilverTables.ACCOUNT_DAILY_USAGE),
                lakehouse.read(SilverTables.ACCOUNT_FEATURE_USAGE_DAILY),
                lakehouse.read(GoldTables.ACCOUNT_HEALTH_DAILY).where(expr(onDates)),
                lakehouse.read(GoldTables.ACCOUNT_LIFECYCLE_DAILY).where(expr(onDates)),
                lakehouse.read(GoldTables.DORMANT_ACCOUNTS).where(expr(onDates)),
                lakehouse.read(GoldTables.ACCOUNT_CLV).where(expr(onDates)),
                optional(lakehouse, GoldTables.ACCOUNT_EXPANSION).map(rows -> rows.where(expr(onDates))).orElse(null),
                optional(lakehouse, GoldTables.ACCOUNT_CHURN_RISK).map(rows -> rows.where(expr(onDates))).orElse(null));
    }

    /** A model's gold table once its job has written it (a marts-only run may come first); else empty. */
    static Optional<Dataset<Row>> optional(Lakehouse lakehouse, TableDef table) {
        return lakehouse.exists(table) ? Optional.of(lakehouse.read(table)) : Optional.empty();
    }
}
