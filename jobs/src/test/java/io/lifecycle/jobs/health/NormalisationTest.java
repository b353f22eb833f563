package io.lifecycle.jobs.health;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;

import static io.lifecycle.jobs.health.Scored.EPS;
import static io.lifecycle.jobs.health.Scored.measureScore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import java.util.List;

/** Each normalisation turns feature values into the hand-computed 0-100 measure scores. */
class NormalisationTest {
    static final LocalDate D = LocalDate.of(2026, 3, 31);

    @TempDir
    Path tmp;

    @Test
    void linearScoresInBothDirectionsAndClamps() {
        ScorecardConfig config = FeatureRows.load(tmp, FeatureRows.oneGroup("""
                - {feature: seat_utilisation, weight: 1, linear: {red: 0.2, green: 0.8}}
                - {feature: days_since_last_activity, weight: 1, linear: {red: 30, green: 10}}
                """, "", ""));
        Scored s = new Scored(HealthScoring.score(new FeatureRows()
                .add(D, "A", "smb", "seat_utilisation", 0.5, "days_since_last_activity", 15)
                .add(D, "B", "smb", "seat_utilisation", 1.4, "days_since_last_activity", 45)
                .add(D, "C", "smb", "seat_utilisation", 0.1, "days_since_last_activity", 2)
                .frame(), FeatureRows.noEarlierScores(), config, List.of()));
        // seat: 100 x (0.5 - 0.2) / (0.8 - 0.2) = 50; days (lower is better): 100 x (15 - 30) / (10 - 30) = 75
        assertEquals(50.0, measureScore(s.row(D, "A"), "seat_utilisation"), EPS);
        assertEquals(75.0, measureScore(s.row(D, "A"), "days_since_last_activity"), EPS);
        // overall: (50 + 75) / 2 = 62.5
        assertEquals(62.5, s.score(D, "A"), EPS);
        // seat 1.4: 100 x 1.2 / 0.6 = 200 -> clamped to 100; days 45: 100 x (45 - 30) / (10 - 30) = -75 -> 0
        assertEquals(100.0, measureScore(s.row(D, "B"), "seat_utilisation"), EPS);
        assertEquals(0.0, measureScore(s.row(D, "B"), "days_since_last_activity"), EPS);
        // seat 0.1: 100 x (-0.1) / 0.6 < 0 -> 0; days 2: 100 x (2 - 30) / (10 - 30) = 140 -> 100
        assertEquals(0.0, measureScore(s.row(D, "C"), "seat_utilisation"), EPS);
        assertEquals(100.0, measureScore(s.row(D, "C"), "days_since_last_activity"), EPS);
    }

    @Test
    void thresholdsTakeTheFirstCutPointReached() {
        ScorecardConfig config = FeatureRows.load(tmp, FeatureRows.oneGroup("""
                - feature: urgent_tickets_90d
                  weight: 1
                  thresholds: [{atLeast: 3, score: 0}, {atLeast: 1, score: 50}, {otherwise: 100}]
                """, "", ""));
        FeatureRows rows = new FeatureRows();
        long[] values = {5, 3, 2, 1, 0};
        for (long v : values) {
            rows.add(D, "T" + v, "smb", "urgent_tickets_90d", v);
        }
        Scored s = new Scored(HealthScoring.score(rows.frame(), FeatureRows.noEarlierScores(), config,
                List.of()));
        // 5 >= 3 -> 0; 3 >= 3 -> 0; 2 >= 1 -> 50; 1 >= 1 -> 50; 0 reaches no cut point -> otherwise 100
        assertEquals(0.0, s.score(D, "T5"), EPS);
        assertEquals(0.0, s.score(D, "T3"), EPS);
        assertEquals(50.0, s.score(D, "T2"), EPS);
        assertEquals(50.0, s.score(D, "T1"), EPS);
        assertEquals(100.0, s.score(D, "T0"), EPS);
    }

    @Test
    void segmentPercentileRanksWithinSegmentAndDateWithTies() {
        ScorecardConfig config = FeatureRows.load(tmp, FeatureRows.oneGroup("""
                - {name: trend_up, feature: usage_trend, weight: 1, segmentPercentile: {higherIsBetter: true}}
                - {name: trend_down, feature: usage_trend, weight: 1, segmentPercentile: {higherIsBetter: false}}
                """, "", ""));
        LocalDate other = D.minusDays(1);
        Scored s = new Scored(HealthScoring.score(new FeatureRows()
                .add(D, "S1", "smb", "usage_trend", 0.1)
                .add(D, "S2", "smb", "usage_trend", 0.2)
                .add(D, "S3", "smb", "usage_trend", 0.2)
                .add(D, "S4", "smb", "usage_trend", 0.5)
                .add(D, "S5", "smb")
                .addWithStatus(D, "CHURNED", "smb", "churned", "usage_trend", 9.0)
                .add(D, "E1", "enterprise", "usage_trend", 0.9)
                .add(other, "S1", "smb", "usage_trend", 0.1)
                .add(other, "S9", "smb", "usage_trend", -1.0)
                .frame(), FeatureRows.noEarlierScores(), config, List.of()));
        // smb on D, valued and active: 0.1, 0.2, 0.2, 0.5 (n = 4; the churned account is not ranked).
        // percent_rank = (rank - 1) / (n - 1); ascending: 0.1 rank 1 -> 0; 0.2 ties rank 2 -> 1/3; 0.5 rank 4 -> 1
        assertEquals(0.0, measureScore(s.row(D, "S1"), "trend_up"), EPS);
        assertEquals(100.0 / 3, measureScore(s.row(D, "S2"), "trend_up"), EPS);
        assertEquals(100.0 / 3, measureScore(s.row(D, "S3"), "trend_up"), EPS);
        assertEquals(100.0, measureScore(s.row(D, "S4"), "trend_up"), EPS);
        // descending (lower is better): 0.5 rank 1 -> 0; 0.2 ties rank 2 -> 1/3; 0.1 rank 4 -> 1
        assertEquals(100.0, measureScore(s.row(D, "S1"), "trend_down"), EPS);
        assertEquals(100.0 / 3, measureScore(s.row(D, "S2"), "trend_down"), EPS);
        assertEquals(0.0, measureScore(s.row(D, "S4"), "trend_down"), EPS);
        // no value: no measure score; the only enterprise account: (1 - 1) / (1 - 1) -> percent_rank 0
        assertNull(measureScore(s.row(D, "S5"), "trend_up"));
        assertEquals(0.0, measureScore(s.row(D, "E1"), "trend_up"), EPS);
        // the other date ranks separately: S1's 0.1 beats -1.0 there -> (2 - 1) / (2 - 1) = 1
        assertEquals(100.0, measureScore(s.row(other, "S1"), "trend_up"), EPS);
        assertFalse(s.has(D, "CHURNED"));
    }
}
