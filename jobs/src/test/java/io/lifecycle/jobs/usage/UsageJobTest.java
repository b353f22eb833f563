package io.lifecycle.jobs.usage;

import io.lifecycle.common.catalog.SilverTables;
import io.lifecycle.common.catalog.StagingTables;
import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.config.AppConfig;
import io.lifecycle.common.run.JobContext;
import io.lifecycle.common.run.Progress;
import io.lifecycle.common.testing.SharedSpark;
import io.lifecycle.common.testing.TestConfigs;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UsageJobTest {
    private final SparkSession spark = SharedSpark.get();

    @TempDir
    Path tmp;

    private static Row event(String id, String account, String user, String time, String feature, double qty) {
        Timestamp t = Timestamp.valueOf(time);
        return RowFactory.create(id, account, user, t, feature, qty, Date.valueOf(t.toLocalDateTime().toLocalDate()));
    }

    private void stage(Lakehouse lake, List<Row> events) {
        lake.append(StagingTables.USAGE_EVENTS, spark.createDataFrame(events, StagingTables.USAGE_EVENTS.schema()));
    }

    private void runUsage(Lakehouse lake, AppConfig config, LocalDate date) {
        new UsageJob().run(new JobContext(config, tmp, lake, "r", Progress.silent()), new TreeSet<>(List.of(date)));
    }

    private Row day(Lakehouse lake, String account, String date) {
        return lake.read(SilverTables.ACCOUNT_DAILY_USAGE)
                .where("account_id = '" + account + "' AND usage_date = DATE'" + date + "'").first();
    }

    @Test
    void rollsUpPerAccountDayAndFeatureAsComputedByHand() {
        AppConfig config = TestConfigs.of(tmp.resolve("wh"), tmp.resolve("lake"));
        Lakehouse lake = Lakehouse.open(spark, config.lakehouse());
        stage(lake, List.of(
                event("E1", "A1", "U1", "2026-03-30 10:00:00", "reports", 1.0),
                event("E2", "A1", "U2", "2026-03-30 11:00:00", "reports", 2.0),
                event("E3", "A1", "U1", "2026-03-30 12:00:00", "api", 4.0),
                event("E4", "A1", null, "2026-03-30 13:00:00", "api", 0.5),
                event("E5", "A1", "U1", "2026-03-31 09:00:00", "reports", 1.0),
                event("E6", "A2", "U3", "2026-03-31 23:59:59", "reports", 5.0)));
        runUsage(lake, config, LocalDate.of(2026, 3, 31));

        Row a1 = day(lake, "A1", "2026-03-30");
        assertEquals(2L, (long) a1.getAs("active_users"), "U1 and U2; an event without a user counts no user");
        assertEquals(4L, (long) a1.getAs("events"));
        assertEquals(7.5, (double) a1.getAs("quantity"), 1e-12);
        assertEquals(2L, (long) a1.getAs("distinct_features"));
        assertEquals(3, lake.read(SilverTables.ACCOUNT_DAILY_USAGE).count());

        Row reports = lake.read(SilverTables.ACCOUNT_FEATURE_USAGE_DAILY)
                .where("account_id = 'A1' AND feature = 'reports' AND usage_date = DATE'2026-03-30'").first();
        assertEquals(2L, (long) reports.getAs("users"));
        assertEquals(2L, (long) reports.getAs("events"));
        assertEquals(4, lake.read(SilverTables.ACCOUNT_FEATURE_USAGE_DAILY).count());

        Row u1 = lake.read(SilverTables.ACCOUNT_USER_DAILY)
                .where("account_id = 'A1' AND user_id = 'U1' AND usage_date = DATE'2026-03-30'").first();
        assertEquals(2L, (long) u1.getAs("events"), "E1 and E3");
        assertEquals(4, lake.read(SilverTables.ACCOUNT_USER_DAILY).count(), "A1/U1 and A1/U2 on the 30th, A1/U1 and "
                + "A2/U3 on the 31st; the event without a user has no row");
    }

    @Test
    void aNightRecomputesOnlyTheLookBackWindowSoLateEventsCorrectTheirDay() {
        AppConfig config = TestConfigs.of(tmp.resolve("wh"), tmp.resolve("lake")); // look-back 3 days
        Lakehouse lake = Lakehouse.open(spark, config.lakehouse());
        List<Row> history = new ArrayList<>();
        for (int d = 1; d <= 20; d++) {
            history.add(event("E" + d, "A1", "U1", String.format("2026-03-%02d 10:00:00", d), "reports", 1.0));
        }
        stage(lake, history);
        runUsage(lake, config, LocalDate.of(2026, 3, 20));
        assertEquals(20, lake.read(SilverTables.ACCOUNT_DAILY_USAGE).count());

        // Night of the 21st: a new day, one late event for the 19th (inside the look-back) and one for the 5th
        // that staging received by a backfill but that the nightly window does not cover.
        stage(lake, List.of(event("E21", "A1", "U1", "2026-03-21 10:00:00", "reports", 1.0),
                event("L19", "A1", "U2", "2026-03-19 22:00:00", "api", 1.0),
                event("L5", "A1", "U2", "2026-03-05 22:00:00", "api", 1.0)));
        runUsage(lake, config, LocalDate.of(2026, 3, 21));

        assertEquals(21, lake.read(SilverTables.ACCOUNT_DAILY_USAGE).count());
        assertEquals(2L, (long) day(lake, "A1", "2026-03-19").getAs("events"), "the late event corrected its day");
        assertEquals(2L, (long) day(lake, "A1", "2026-03-19").getAs("active_users"));
        assertEquals(1L, (long) day(lake, "A1", "2026-03-05").getAs("events"),
                "days before the window are not recomputed by a night");
    }
}
