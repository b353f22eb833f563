package io.lifecycle.jobs.usage;

import io.lifecycle.common.catalog.TableDef;
import io.lifecycle.common.catalog.SilverTables;
import io.lifecycle.common.catalog.StagingTables;
import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.run.IncrementalWindow;
import io.lifecycle.common.run.Job;
import io.lifecycle.common.run.JobContext;
import io.lifecycle.common.run.JobResult;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.time.LocalDate;
import java.util.List;
import java.util.SortedSet;


/**
 * Rolls staged usage events up per account and day, and per account, feature and day. Incremental: only the
 * days of the late-data window are recomputed, so late events correct the days they belong to and a night
 * does not rescan history.
 */
public final class UsageJob implements Job {
    public static final String NAME = "usage";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<TableDef> reads() {
        return List.of(StagingTables.USAGE_EVENTS);
    }

    @Override
    public List<TableDef> writes() {
        return List.of(SilverTables.ACCOUNT_DAILY_USAGE, SilverTables.ACCOUNT_FEATURE_USAGE_DAILY, SilverTables.ACCOUNT_USER_DAILY);
    }

    @Override
    public JobResult run(JobContext ctx, SortedSet<LocalDate> snapshotDates) {
        Lakehouse lakehouse = ctx.lakehouse();
        IncrementalWindow window = IncrementalWindow.of(lakehouse.newestDate(SilverTables.ACCOUNT_DAILY_USAGE, null), snapshotDates,
                ctx.config().lateDataLookbackDays());
        Dataset<Row> events = lakehouse.read(StagingTables.USAGE_EVENTS)
                .where(window.predicate("event_date"))
                .select("account_id", "user_id", "feature", "quantity", "event_date")
                .cache();
        try {
            long rowsIn = events.count();
            ctx.progress().step(NAME, String.format("rolling up %,d events (event dates %s)", rowsIn, window));
            long daily = lakehouse.replace(SilverTables.ACCOUNT_DAILY_USAGE, UsageRollups.accountDaily(events),
                    window.predicate("usage_date"));
            long perFeature = lakehouse.replace(SilverTables.ACCOUNT_FEATURE_USAGE_DAILY,
                    UsageRollups.accountFeatureDaily(events), window.predicate("usage_date"));
            long perUser = lakehouse.replace(SilverTables.ACCOUNT_USER_DAILY, UsageRollups.accountUserDaily(events),
                    window.predicate("usage_date"));
            ctx.progress().step(NAME, String.format("wrote %,d account-days, %,d account-feature-days and %,d "
                    + "user-days", daily, perFeature, perUser));
            return new JobResult(rowsIn, daily + perFeature + perUser);
        } finally {
            events.unpersist();
        }
    }
}
