package io.lifecycle.jobs.health;

import io.lifecycle.common.LifecycleException;
import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.catalog.Tables;
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
import static org.junit.jupiter.api.Assertions.assertThrows;
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
        assertEquals(List.of("features"), job.dependsOn());
        LifecycleException missing = assertThrows(LifecycleException.class, () -> job.run(ctx, dates(D)));
        assertTrue(missing.getMessage().contains("'features'"), missing.getMessage());

        FeatureRows features = new FeatureRows();
        for (LocalDate d : List.of(D7, D, D.plusDays(1))) {
            double seats = d.equals(D) ? 0.9 : 0.5;
            features.add(d, "A1", "smb", "seat_utilisation", seats, "stickiness", 0.3, "adoption_breadth", 0.6,
                            "days_since_last_activity", 2, "usage_trend", 0.1, "avg_csat_90d", 4.5, "latest_nps", 9,
                            "touch_response_rate_90d", 0.2, "mrr_change_90d", 0.0, "mrr", 120)
                    .add(d, "A2", "enterprise", "seat_utilisation", 0.9, "stickiness", 0.35, "adoption_breadth", 0.9,
                            "days_since_last_activity", 1, "usage_trend", 0.1, "avg_csat_90d", 4.5, "latest_nps", 9,
                            "touch_response_rate_90d", 0.4, "mrr_change_90d", 0.1, "failed_payments_90d", 2, "mrr", 900)
                    .addWithStatus(d, "T1", "smb", "trial", "seat_utilisation", 0.9);
        }
        lake.replace(Tables.ACCOUNT_FEATURES_DAILY, features.frame(), "true");

        // nightly runs, one date after the other
        JobResult first = job.run(ctx, dates(D7));
        assertEquals(3, first.rowsIn());
        assertEquals(2, first.rowsOut());
        job.run(ctx, dates(D));
        Dataset<Row> nightly = lake.read(Tables.ACCOUNT_HEALTH_DAILY).localCheckpoint();
        Scored s = new Scored(nightly);
        assertEquals(4, s.size());                       // two active accounts x two dates; no trial, no D+1
        assertFalse(s.has(D.plusDays(1), "A1"));
        // A1's seat_utilisation went from 0.5 to 0.9: measure score 100 x (0.5 - 0.2) / 0.6 = 50 -> 100 x 0.7 / 0.6,
        // clamped to 100; with every feature present its weight is 0.40 (product_usage) x 0.25 (seat in the group),
        // so the score rose 0.40 x 0.25 x 50 = 5 points; the D-7 score comes from the table
        Row a1 = s.row(D, "A1");
        assertEquals(s.score(D7, "A1"), a1.<Double>getAs("score_7d_ago"), EPS);
        assertEquals(0.40 * 0.25 * (100 - 50), a1.<Double>getAs("change_7d"), EPS);
        assertEquals("standard", a1.getAs("scorecard"));
        assertEquals("enterprise", s.row(D, "A2").getAs("scorecard"));
        // A2 (enterprise scorecard): product_usage (25 + 20 + 0 x 15 [the segment's only usage_trend ranks 0] + 25
        // + 15) / 100 x 100 = 85, support 100, relationship 100, billing (40 x 0 + 30 x 100 + 30 x 100) / 100 = 60;
        // score = 0.35 x 85 + 0.20 x 100 + 0.25 x 100 + 0.20 x 60 = 86.75: green, but 2 failed payments cap it at
        // yellow; on D-7 the red override was in force, on D it had expired
        assertEquals(86.75, s.score(D, "A2"), EPS);
        assertEquals("green", s.row(D, "A2").getAs("computed_band"));
        assertEquals("yellow", s.band(D, "A2"));
        assertEquals("repeated failed payments", s.row(D, "A2").getAs("guard_rail"));
        assertEquals("red", s.band(D7, "A2"));
        assertTrue(s.row(D7, "A2").<Boolean>getAs("override_applied"));
        assertFalse(s.row(D, "A2").<Boolean>getAs("override_applied"));

        // a backfill of both dates in one pass, run twice, gives the same rows as the nightly runs
        job.run(ctx, dates(D7, D));
        Frames.assertSameRows(nightly, lake.read(Tables.ACCOUNT_HEALTH_DAILY));
        job.run(ctx, dates(D7, D));
        Frames.assertSameRows(nightly, lake.read(Tables.ACCOUNT_HEALTH_DAILY));
        assertEquals(4L, SharedSpark.get().sql("SELECT count(*) FROM gold.account_health_daily").first().getLong(0));
    }

    private static TreeSet<LocalDate> dates(LocalDate... dates) {
        return new TreeSet<>(List.of(dates));
    }
}
