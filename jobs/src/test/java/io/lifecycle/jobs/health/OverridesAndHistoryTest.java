package io.lifecycle.jobs.health;

import io.lifecycle.common.testing.SharedSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;

import static io.lifecycle.jobs.health.Scored.EPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Overrides in force per snapshot date, and scores of 7, 30 and 90 days before with the trend. */
class OverridesAndHistoryTest {
    static final LocalDate D = LocalDate.of(2026, 3, 31);
    static final String SEAT_CARD = FeatureRows.oneGroup("""
            - {feature: seat_utilisation, weight: 1, linear: {red: 0, green: 1}}
            """, "", "");

    @TempDir
    Path tmp;

    @Test
    void overridesApplyFromStartsOnThroughExpiresOnOnly() {
        ScorecardConfig config = FeatureRows.load(tmp, SEAT_CARD);
        LocalDate next = D.plusDays(1);
        FeatureRows features = new FeatureRows();
        for (LocalDate d : List.of(D, next)) {
            features.add(d, "BAND", "smb", "seat_utilisation", 1.0)
                    .add(d, "SCORE", "smb", "seat_utilisation", 0.5)
                    .add(d, "BOTH", "smb", "seat_utilisation", 0.5)
                    .add(d, "LATER", "smb", "seat_utilisation", 0.5);
        }
        List<HealthOverride> overrides = List.of(
                new HealthOverride(2, "BAND", Band.RED, null, "exec escalation", "ana", null, D),
                new HealthOverride(3, "SCORE", null, 20.0, "lost champion", "ben", null, next),
                new HealthOverride(4, "BOTH", Band.GREEN, 10.0, "renewal signed", "cy", null, next),
                new HealthOverride(5, "LATER", Band.RED, null, "migration", "di", next, next));
        Scored s = new Scored(HealthScoring.score(features.frame(), FeatureRows.noEarlierScores(), config, overrides));

        // BAND: computed 100 / green; the red override is in force on its expires_on ...
        Row inForce = s.row(D, "BAND");
        assertEquals("red", inForce.getAs("band"));
        assertEquals("green", inForce.getAs("computed_band"));
        assertEquals(100.0, inForce.<Double>getAs("score"), EPS);
        assertTrue(inForce.<Boolean>getAs("override_applied"));
        assertEquals("exec escalation", inForce.getAs("override_reason"));
        assertEquals("ana", inForce.getAs("override_owner"));
        assertEquals(Date.valueOf(D), inForce.getAs("override_expires_on"));
        // ... and not the day after
        Row expired = s.row(next, "BAND");
        assertEquals("green", expired.getAs("band"));
        assertFalse(expired.<Boolean>getAs("override_applied"));
        assertNull(expired.getAs("override_reason"));
        assertNull(expired.getAs("override_expires_on"));

        // SCORE: computed 50 / yellow; the score override sets score 20 and its band (20 < 40: red)
        Row score = s.row(next, "SCORE");
        assertEquals(20.0, score.<Double>getAs("score"), EPS);
        assertEquals("red", score.getAs("band"));
        assertEquals("yellow", score.getAs("computed_band"));
        // BOTH: the band given wins over the band of the score given
        assertEquals(10.0, s.score(D, "BOTH"), EPS);
        assertEquals("green", s.band(D, "BOTH"));
        // LATER: starts the day after D
        assertEquals("yellow", s.band(D, "LATER"));
        assertEquals("red", s.band(next, "LATER"));
    }

    @Test
    void overlappingOverridesTheLaterLineWins() {
        List<OverrideColumns.Period> periods = OverrideColumns.disjoint(List.of(
                new HealthOverride(2, "A", Band.RED, null, "r", "o", null, LocalDate.of(2026, 3, 31)),
                new HealthOverride(3, "A", Band.GREEN, null, "r", "o", LocalDate.of(2026, 3, 10),
                        LocalDate.of(2026, 3, 20))));
        // line 2 until 03-09, line 3 from 03-10 through 03-20, line 2 again from 03-21 through 03-31
        assertEquals(3, periods.size());
        assertEquals(List.of(2, 3, 2), periods.stream().map(p -> p.override().line()).toList());
        assertNull(periods.get(0).from());
        assertEquals(LocalDate.of(2026, 3, 9), periods.get(0).to());
        assertEquals(LocalDate.of(2026, 3, 21), periods.get(2).from());
        assertEquals(LocalDate.of(2026, 3, 31), periods.get(2).to());
    }

    @Test
    void earlierScoresComeFromTheTableAndFromThisPass() {
        ScorecardConfig config = FeatureRows.load(tmp, SEAT_CARD);
        LocalDate d30 = D.minusDays(30);
        Dataset<Row> features = new FeatureRows()
                .add(D, "A", "smb", "seat_utilisation", 0.6)
                .add(d30, "A", "smb", "seat_utilisation", 0.5)
                .add(D, "B", "smb", "seat_utilisation", 0.6)
                .add(d30, "B", "smb", "seat_utilisation", 0.57)
                .add(D, "C", "smb", "seat_utilisation", 0.6)
                .add(d30, "C", "smb", "seat_utilisation", 0.7)
                .frame();
        Dataset<Row> earlier = earlier(
                RowFactory.create(Date.valueOf(D.minusDays(7)), "A", 55.0),
                RowFactory.create(Date.valueOf(D.minusDays(90)), "A", 90.0),
                // a stale row of a date this pass recomputes: ignored
                RowFactory.create(Date.valueOf(d30), "A", 0.0),
                RowFactory.create(Date.valueOf(D.minusDays(8)), "B", 10.0));
        Scored s = new Scored(HealthScoring.score(features, earlier, config, List.of()));

        Row a = s.row(D, "A");
        // A on D: score 60; D-7 from the table: 55 -> change 5; D-30 from this pass: 50 -> change 10 > 5: up;
        // D-90 from the table: 90 -> change -30
        assertEquals(55.0, a.<Double>getAs("score_7d_ago"), EPS);
        assertEquals(5.0, a.<Double>getAs("change_7d"), EPS);
        assertEquals(50.0, a.<Double>getAs("score_30d_ago"), EPS);
        assertEquals(10.0, a.<Double>getAs("change_30d"), EPS);
        assertEquals(90.0, a.<Double>getAs("score_90d_ago"), EPS);
        assertEquals(-30.0, a.<Double>getAs("change_90d"), EPS);
        assertEquals("up", a.getAs("trend"));
        // B: 60 - 57 = 3, within 5: flat; the row 8 days back is not 7 days back
        assertEquals(3.0, s.row(D, "B").<Double>getAs("change_30d"), EPS);
        assertEquals("flat", s.row(D, "B").getAs("trend"));
        assertNull(s.row(D, "B").getAs("score_7d_ago"));
        // C: 60 - 70 = -10: down
        assertEquals("down", s.row(D, "C").getAs("trend"));
        // on D-30 nothing earlier was scored: no changes, no trend
        Row first = s.row(d30, "A");
        assertNull(first.getAs("score_7d_ago"));
        assertNull(first.getAs("score_30d_ago"));
        assertNull(first.getAs("trend"));
        assertEquals(6, s.size());
    }

    private static Dataset<Row> earlier(Row... rows) {
        StructType schema = new StructType().add("snapshot_date", DataTypes.DateType)
                .add("account_id", DataTypes.StringType).add("score", DataTypes.DoubleType);
        return SharedSpark.get().createDataFrame(List.of(rows), schema);
    }
}
