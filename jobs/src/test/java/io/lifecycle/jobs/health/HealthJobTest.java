package io.lifecycle.jobs.health;

import io.lifecycle.common.catalog.StagingTables;
import io.lifecycle.common.catalog.GoldTables;
import io.lifecycle.common.catalog.SilverTables;
import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.run.JobContext;
import io.lifecycle.common.run.JobResult;
import io.lifecycle.common.run.Progress;
import io.lifecycle.common.testing.Frames;
import io.lifecycle.common.testing.SharedSpark;
import io.lifecycle.common.testing.TestConfigs;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.TreeSet;

import static io.lifecycle.jobs.health.Scored.EPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The health job on a temporary lakehouse with the shipped scorecards: dates, history, overrides, idempotence. */
class HealthJobTest {
    static final LocalDate D = LocalDate.of(2026, 3, 31);
    static final LocalDate D7 = D.minusDays(7);

    @TempDir
    Path tmp;

    @Test
    void scoresTheRequestedDatesAndRerunsGiveTheSameRows() throws IOException {
        Path conf = Files.createDirectories(tmp.resolve("conf"));
        Files.copy(Path.of("..", "conf", ScorecardConfig.FILE_NAME), conf.resolve(ScorecardConfig.FILE_NAME));
        Files.writeString(conf.resolve("health_overrides.csv"), """
                account_id,band,score,reason,owner,expires_on
                A2,red,,exec sponsor left,ana,2026-03-24
                """);
        Lakehouse lake = Lakehouse.open(SharedSpark.get(), tmp.resolve("lakehouse"));
        JobContext ctx = new JobContext(TestConfigs.of(tmp.resolve("warehouse"), lake.root()), conf, lake, "run-1",
                Progress.silent());
        HealthJob job = new HealthJob();
        assertEquals("health", job.name());
        assertEquals(List.of(SilverTables.ACCOUNT_FEATURES_DAILY, StagingTables.SUBSCRIPTIONS), job.reads());

        FeatureRows features = new FeatureRows();
        for (LocalDate d : List.of(D7, D, D.plusDays(1))) {
            double stickiness = d.equals(D) ? 0.4 : 0.225;
            features.add(d, "A1", "smb", "seat_utilisation", 0.5, "stickiness", stickiness, "adoption_breadth", 0.6,
                            "days_since_last_activity", 2, "usage_trend", 0.1, "avg_csat_90d", 4.5, "latest_nps", 9,
                            "touch_response_rate_90d", 0.2, "mrr_change_90d", 0.0, "mrr", 120)
                    .add(d, "A2", "enterprise", "seat_utilisation", 0.9, "stickiness", 0.35, "adoption_breadth", 0.9,
                            "days_since_last_activity", 1, "usage_trend", 0.1, "avg_csat_90d", 4.5, "latest_nps", 9,
                            "touch_response_rate_90d", 0.4, "mrr_change_90d", 0.1, "failed_payments_90d", 2, "mrr", 900)
                    .addWithStatus(d, "T1", "smb", "trial", "seat_utilisation", 0.9);
        }
        lake.replace(SilverTables.ACCOUNT_FEATURES_DAILY, features.frame(), "true");

        // nightly runs, one date after the other
        JobResult first = job.run(ctx, dates(D7));
        assertEquals(3, first.rowsIn());
        assertEquals(2, first.rowsOut());
        job.run(ctx, dates(D));
        Dataset<Row> nightly = lake.read(GoldTables.ACCOUNT_HEALTH_DAILY).localCheckpoint();
        Scored s = new Scored(nightly);
        assertEquals(4, s.size());                       // two active accounts x two dates; no trial, no D+1
        assertFalse(s.has(D.plusDays(1), "A1"));
        // A1's stickiness went from 0.225 to 0.4: measure score 100 x (0.225 - 0.05) / 0.35 = 50 -> 100. Every
        // measure has data (counts such as events_30d and tickets_90d are 0, not null), so stickiness weighs
        // 60/125 (product_usage among 60 + 25 + 15 + 25) x 20/100 (within the group) and the score rose 4.8 points
        Row a1 = s.row(D, "A1");
        assertEquals(s.score(D7, "A1"), a1.<Double>getAs("score_7d_ago"), EPS);
        assertEquals(60.0 / 125 * 20.0 / 100 * (100 - 50), a1.<Double>getAs("change_7d"), EPS);
        assertEquals("standard", a1.getAs("scorecard"));
        assertEquals("enterprise", s.row(D, "A2").getAs("scorecard"));
        // A2 (enterprise scorecard): product_usage (45 x 100 x 20/21 [1 day inactive, red 21] + 20 x 100 x 0.3/0.35
        // + 20 x 0 + 10 x 0 [the segment's only usage_trend and events_30d rank 0] + 5 x 100) / 100 = 65; support
        // (60 x 100 x 3/3.5 + 20 x 100 + 20 x 100) / 100; relationship (80 x 87.5 + 20 x 100) / 100 = 90; billing
        // (40 x 0 + 20 x 100 + 40 x 100) / 100 = 60; score = (60 x 65 + 25 x support + 15 x 90 + 25 x 60) / 125
        // = 72.29: green, but 2 failed payments cap it at yellow; on D-7 the red override was in force, on D it had
        // expired
        double support = (60 * 300 / 3.5 + 20 * 100 + 20 * 100) / 100;
        assertEquals((60 * 65 + 25 * support + 15 * 90 + 25 * 60) / 125.0, s.score(D, "A2"), EPS);
        assertEquals("green", s.row(D, "A2").getAs("computed_band"));
        assertEquals("yellow", s.band(D, "A2"));
        assertEquals("repeated failed payments", s.row(D, "A2").getAs("guard_rail"));
        assertEquals("red", s.band(D7, "A2"));
        assertTrue(s.row(D7, "A2").<Boolean>getAs("override_applied"));
        assertFalse(s.row(D, "A2").<Boolean>getAs("override_applied"));

        // a backfill of both dates in one pass, run twice, gives the same rows as the nightly runs
        job.run(ctx, dates(D7, D));
        Frames.assertSameRows(nightly, lake.read(GoldTables.ACCOUNT_HEALTH_DAILY));
        job.run(ctx, dates(D7, D));
        Frames.assertSameRows(nightly, lake.read(GoldTables.ACCOUNT_HEALTH_DAILY));
        assertEquals(4L, SharedSpark.get().sql("SELECT count(*) FROM gold_unpublished.account_health_daily").first().getLong(0));
    }

    private static TreeSet<LocalDate> dates(LocalDate... dates) {
        return new TreeSet<>(List.of(dates));
    }
}
