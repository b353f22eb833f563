package io.lifecycle.jobs.health;

import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static io.lifecycle.jobs.health.Scored.EPS;
import static io.lifecycle.jobs.health.Scored.drivers;
import static io.lifecycle.jobs.health.Scored.group;
import static io.lifecycle.jobs.health.Scored.measure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import java.math.BigDecimal;

/** Roll-up, missing data, coverage, bands, guard-rails and drivers, with hand-computed numbers. */
class HealthScoringTest {
    static final LocalDate D = LocalDate.of(2026, 3, 31);

    @TempDir
    Path tmp;

    /** usage (weight 3): seat_utilisation w1, stickiness w3; support (weight 1): avg_csat_90d w1. */
    static final String TWO_GROUPS = """
            bands: {redBelow: 40, greenAtLeast: 70}
            minCoverage: 0.4
            trendFlatTolerance: 5
            scorecards:
              - name: card
                version: "2026.1"
                groups:
                  - name: usage
                    weight: 3
                    measures:
                      - {feature: seat_utilisation, weight: 1, linear: {red: 0, green: 1}}
                      - {feature: stickiness, weight: 3, linear: {red: 0, green: 1}}
                  - name: support
                    weight: 1
                    measures:
                      - {feature: avg_csat_90d, weight: 1, linear: {red: 1, green: 5}}
            resolution:
              defaultScorecard: card
            """;

    @Test
    void missingMeasuresAndGroupsAreLeftOutAndTheRestRenormalised() {
        ScorecardConfig config = FeatureRows.load(tmp, TWO_GROUPS);
        Scored s = new Scored(HealthScoring.score(new FeatureRows()
                .add(D, "FULL", "smb", "seat_utilisation", 0.8, "stickiness", 0.4, "avg_csat_90d", 5.0, "mrr", 99.5)
                .add(D, "NO_STICKINESS", "smb", "seat_utilisation", 0.5, "avg_csat_90d", 4.0)
                .add(D, "NO_SUPPORT", "smb", "seat_utilisation", 0.5)
                .add(D, "NOTHING", "smb")
                .frame(), FeatureRows.noEarlierScores(), config, List.of()));

        // FULL: usage = (1 x 80 + 3 x 40) / 4 = 50; support = 100; score = (3 x 50 + 1 x 100) / 4 = 62.5
        Row full = s.row(D, "FULL");
        assertEquals(62.5, full.<Double>getAs("score"), EPS);
        assertEquals(1.0, full.<Double>getAs("coverage"), EPS);
        assertEquals("yellow", full.getAs("band"));
        assertEquals("card", full.getAs("scorecard"));
        assertEquals("2026.1", full.getAs("scorecard_version"));
        assertEquals(0, new BigDecimal("99.50").compareTo(full.getAs("mrr")));

        // NO_STICKINESS: usage = 50 (seat alone); support = 100 x (4 - 1) / 4 = 75; score = (3 x 50 + 75) / 4 = 56.25
        Row partial = s.row(D, "NO_STICKINESS");
        assertEquals(56.25, partial.<Double>getAs("score"), EPS);
        // coverage = usage share 3/4 x seat share 1/4 + support share 1/4 x 1 = 3/16 + 4/16 = 0.4375 (>= 0.4)
        assertEquals(0.4375, partial.<Double>getAs("coverage"), EPS);
        assertEquals("yellow", partial.getAs("band"));
        // effective weights: seat 3/4 x 1/1 = 0.75, csat 1/4 x 1/1 = 0.25, stickiness 0
        Row seat = measure(partial, "seat_utilisation");
        assertEquals(0.75, seat.<Double>getAs("effective_weight"), EPS);
        assertEquals(3.0 / 16, seat.<Double>getAs("weight"), EPS);
        // contribution 0.75 x 50 = 37.5, points lost 0.75 x 50 = 37.5
        assertEquals(37.5, seat.<Double>getAs("contribution"), EPS);
        assertEquals(37.5, seat.<Double>getAs("points_lost"), EPS);
        Row csat = measure(partial, "avg_csat_90d");
        assertEquals(0.25 * 75, csat.<Double>getAs("contribution"), EPS);   // 18.75; 37.5 + 18.75 = 56.25
        assertEquals(0.25 * 25, csat.<Double>getAs("points_lost"), EPS);    // 6.25
        Row sticky = measure(partial, "stickiness");
        assertNull(sticky.getAs("raw_value"));
        assertNull(sticky.getAs("score"));
        assertEquals(0.0, sticky.<Double>getAs("effective_weight"), EPS);
        assertEquals(9.0 / 16, sticky.<Double>getAs("weight"), EPS);
        Row usage = group(partial, "usage");
        assertEquals(50.0, usage.<Double>getAs("score"), EPS);
        assertEquals(0.75, usage.<Double>getAs("weight"), EPS);
        assertEquals(0.25, usage.<Double>getAs("coverage"), EPS);           // 1 of 4 measure weight

        // NO_SUPPORT: only seat: score = 50; coverage = 3/16 = 0.1875 < 0.4 -> unknown, score still reported
        Row noSupport = s.row(D, "NO_SUPPORT");
        assertEquals(50.0, noSupport.<Double>getAs("score"), EPS);
        assertEquals(0.1875, noSupport.<Double>getAs("coverage"), EPS);
        assertEquals("unknown", noSupport.getAs("band"));
        assertEquals("unknown", noSupport.getAs("computed_band"));
        assertNull(group(noSupport, "support").getAs("score"));
        assertEquals(1.0, measure(noSupport, "seat_utilisation").<Double>getAs("effective_weight"), EPS);

        // NOTHING: no data at all -> no score, coverage 0, unknown, no drivers
        Row nothing = s.row(D, "NOTHING");
        assertNull(nothing.getAs("score"));
        assertEquals(0.0, nothing.<Double>getAs("coverage"), EPS);
        assertEquals("unknown", nothing.getAs("band"));
        assertEquals(List.of(), drivers(nothing));
    }

    @Test
    void bandEdgesAreExact() {
        ScorecardConfig config = FeatureRows.load(tmp, FeatureRows.oneGroup("""
                - feature: urgent_tickets_90d
                  weight: 1
                  thresholds: [{atLeast: 3, score: 39.999}, {atLeast: 2, score: 40}, {atLeast: 1, score: 69.999}, {otherwise: 70}]
                """, "", ""));
        Scored s = new Scored(HealthScoring.score(new FeatureRows()
                .add(D, "U3", "smb", "urgent_tickets_90d", 3).add(D, "U2", "smb", "urgent_tickets_90d", 2)
                .add(D, "U1", "smb", "urgent_tickets_90d", 1).add(D, "U0", "smb", "urgent_tickets_90d", 0)
                .frame(), FeatureRows.noEarlierScores(), config, List.of()));
        // red below 40, green at or above 70
        assertEquals(39.999, s.score(D, "U3"), 0.0);
        assertEquals("red", s.band(D, "U3"));
        assertEquals("yellow", s.band(D, "U2"));     // 40 exactly
        assertEquals("yellow", s.band(D, "U1"));     // 69.999
        assertEquals(70.0, s.score(D, "U0"), 0.0);
        assertEquals("green", s.band(D, "U0"));      // 70 exactly
    }

    @Test
    void guardRailsCapTheBandAndNameTheRule() {
        ScorecardConfig config = FeatureRows.load(tmp, FeatureRows.oneGroup("""
                - {feature: seat_utilisation, weight: 1, linear: {red: 0, green: 1}}
                """, """
                guardRails:
                  - {name: repeated failed payments, feature: failed_payments_90d, atLeast: 2, maxBand: yellow}
                  - {feature: urgent_tickets_90d, atLeast: 5, maxBand: red}
                """, ""));
        Scored s = new Scored(HealthScoring.score(new FeatureRows()
                .add(D, "CAPPED", "smb", "seat_utilisation", 1.0, "failed_payments_90d", 2)
                .add(D, "ONE_FAILURE", "smb", "seat_utilisation", 1.0, "failed_payments_90d", 1)
                .add(D, "ALREADY_RED", "smb", "seat_utilisation", 0.1, "failed_payments_90d", 3)
                .add(D, "BOTH", "smb", "seat_utilisation", 1.0, "failed_payments_90d", 2, "urgent_tickets_90d", 5)
                .frame(), FeatureRows.noEarlierScores(), config, List.of()));
        // score 100 is green, but 2 failed payments cap it at yellow
        Row capped = s.row(D, "CAPPED");
        assertEquals(100.0, capped.<Double>getAs("score"), EPS);
        assertEquals("green", capped.getAs("computed_band"));
        assertEquals("yellow", capped.getAs("band"));
        assertEquals("repeated failed payments", capped.getAs("guard_rail"));
        assertEquals("green", s.band(D, "ONE_FAILURE"));
        assertNull(s.row(D, "ONE_FAILURE").getAs("guard_rail"));
        // score 10 is red already: the rail lowers nothing and is not named
        assertEquals("red", s.band(D, "ALREADY_RED"));
        assertNull(s.row(D, "ALREADY_RED").getAs("guard_rail"));
        // both rails fire: the lower cap (red) wins; the unnamed rail is named by its condition
        assertEquals("red", s.band(D, "BOTH"));
        assertEquals("urgent_tickets_90d >= 5", s.row(D, "BOTH").getAs("guard_rail"));
    }

    @Test
    void topDriversAreTheThreeMeasuresLosingMostPoints() {
        ScorecardConfig config = FeatureRows.load(tmp, FeatureRows.oneGroup("""
                - {feature: seat_utilisation, weight: 1, linear: {red: 0, green: 1}}
                - {feature: stickiness, weight: 1, linear: {red: 0, green: 1}}
                - {feature: adoption_breadth, weight: 1, linear: {red: 0, green: 1}}
                - {feature: touch_response_rate_90d, weight: 1, linear: {red: 0, green: 1}}
                - {feature: usage_trend, weight: 1, linear: {red: 0, green: 1}}
                """, "", ""));
        Scored s = new Scored(HealthScoring.score(new FeatureRows()
                .add(D, "A", "smb", "seat_utilisation", 0.9, "stickiness", 0.2, "adoption_breadth", 0.5,
                        "touch_response_rate_90d", 1.0, "usage_trend", 0.4)
                .add(D, "TWO", "smb", "seat_utilisation", 0.5, "stickiness", 1.0, "adoption_breadth", 1.0,
                        "touch_response_rate_90d", 1.0, "usage_trend", 0.75)
                .add(D, "PERFECT", "smb", "seat_utilisation", 1.0, "stickiness", 1.0, "adoption_breadth", 1.0,
                        "touch_response_rate_90d", 1.0, "usage_trend", 1.0)
                .frame(), FeatureRows.noEarlierScores(), config, List.of()));
        // each effective weight 1/5; points lost = 0.2 x (100 - score):
        // seat 0.2 x 10 = 2, stickiness 0.2 x 80 = 16, adoption 0.2 x 50 = 10, touch 0, trend 0.2 x 60 = 12
        assertEquals(List.of("stickiness:16.0", "usage_trend:12.0", "adoption_breadth:10.0"), drivers(s.row(D, "A")));
        // score = 0.2 x (90 + 20 + 50 + 100 + 40) = 60
        assertEquals(60.0, s.score(D, "A"), EPS);
        // seat 0.2 x 50 = 10, trend 0.2 x 25 = 5; the others lose nothing and are left out
        assertEquals(List.of("seat_utilisation:10.0", "usage_trend:5.0"), drivers(s.row(D, "TWO")));
        assertEquals(List.of(), drivers(s.row(D, "PERFECT")));
        assertFalse(s.row(D, "PERFECT").<Boolean>getAs("override_applied"));
    }

    @Test
    void resolutionPicksTheFirstMatchingRuleElseTheDefault() {
        ScorecardConfig config = FeatureRows.load(tmp, """
                bands: {redBelow: 40, greenAtLeast: 70}
                minCoverage: 0.5
                trendFlatTolerance: 5
                scorecards:
                  - name: standard
                    version: "s1"
                    groups: [{name: g, weight: 1, measures: [{feature: seat_utilisation, weight: 1, linear: {red: 0, green: 1}}]}]
                  - name: big
                    version: "b1"
                    bands: {redBelow: 60, greenAtLeast: 90}
                    groups: [{name: g, weight: 1, measures: [{feature: seat_utilisation, weight: 1, linear: {red: 0, green: 2}}]}]
                resolution:
                  rules:
                    - {segment: enterprise, stage: onboarding, scorecard: big}
                    - {segment: enterprise, scorecard: standard}
                  defaultScorecard: standard
                """);
        Scored s = new Scored(HealthScoring.score(new FeatureRows()
                .add(D, "E", "enterprise", "seat_utilisation", 1.0)
                .add(D, "M", "mid_market", "seat_utilisation", 1.0)
                .frame(), FeatureRows.noEarlierScores(), config, List.of()));
        // no stage column: the first rule's stage is ignored and it matches enterprise; 100 x 1 / 2 = 50, red below 60
        assertEquals("big", s.row(D, "E").getAs("scorecard"));
        assertEquals("b1", s.row(D, "E").getAs("scorecard_version"));
        assertEquals(50.0, s.score(D, "E"), EPS);
        assertEquals("red", s.band(D, "E"));
        assertEquals("standard", s.row(D, "M").getAs("scorecard"));
        assertEquals("green", s.band(D, "M"));
    }
}
