package io.lifecycle.jobs.health;

import io.lifecycle.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.io.UncheckedIOException;

/** conf/scorecards.yaml and the overrides CSV are checked on load, with errors naming file, key or line. */
class ScorecardConfigTest {
    @TempDir
    Path tmp;

    @Test
    void theShippedScorecardsLoad() {
        ScorecardConfig config = ScorecardConfig.load(Path.of("..", "conf"), FeatureRows.APP);
        assertEquals(List.of("standard", "enterprise"), config.scorecards().stream().map(Scorecard::name).toList());
        assertEquals(List.of("product_usage", "support", "relationship", "billing"),
                config.scorecard("standard").groups().stream().map(Scorecard.Group::name).toList());
        assertEquals("repeated failed payments", config.scorecard("standard").guardRails().get(0).ruleName());
    }

    @Test
    void anUnknownFeatureIsRejectedWithTheAllowedOnes() {
        String message = error(FeatureRows.oneGroup("- {feature: seat_utilization, weight: 1, linear: {red: 0, green: 1}}",
                "", ""));
        assertTrue(message.contains("scorecards.yaml"), message);
        assertTrue(message.contains("scorecards[0].groups[0].measures[0].feature"), message);
        assertTrue(message.contains("unknown feature 'seat_utilization'"), message);
        assertTrue(message.contains("seat_utilisation"), message);
        // a non-numeric column is no feature either
        assertTrue(error(FeatureRows.oneGroup("- {feature: plan_tier, weight: 1, linear: {red: 0, green: 1}}", "", ""))
                .contains("unknown feature 'plan_tier'"));
    }

    @Test
    void weightsMustBePositive() {
        String message = error(FeatureRows.oneGroup("- {feature: seat_utilisation, weight: 0, linear: {red: 0, green: 1}}",
                "", ""));
        assertTrue(message.contains("key 'scorecards[0].groups[0].measures[0].weight'"), message);
        assertTrue(message.contains("greater than 0"), message);
    }

    @Test
    void linearRedMustDifferFromGreen() {
        String message = error(FeatureRows.oneGroup("- {feature: seat_utilisation, weight: 1, linear: {red: 1, green: 1}}",
                "", ""));
        assertTrue(message.contains("measures[0].linear") && message.contains("must differ"), message);
    }

    @Test
    void resolutionMayOnlyNameKnownSegmentsAndScorecards() {
        String yaml = FeatureRows.oneGroup("- {feature: seat_utilisation, weight: 1, linear: {red: 0, green: 1}}", "", "")
                .replace("resolution:\n", "resolution:\n  rules: [{segment: enterprize, scorecard: card}]\n");
        String message = error(yaml);
        assertTrue(message.contains("resolution.rules[0].segment"), message);
        assertTrue(message.contains("unknown segment 'enterprize'"), message);
        assertTrue(message.contains("enterprise, mid_market, smb, other"), message);
        String unknownCard = error(yaml.replace("enterprize, scorecard: card", "smb, scorecard: cards"));
        assertTrue(unknownCard.contains("unknown scorecard 'cards'"), unknownCard);
    }

    @Test
    void anUnknownKeyIsRejected() {
        String message = error(FeatureRows.oneGroup(
                "- {feature: seat_utilisation, weight: 1, linear: {red: 0, green: 1}, higherIsBetter: true}", "", ""));
        assertTrue(message.contains("higherIsBetter") && message.contains("unknown key"), message);
        assertTrue(message.contains("allowed here: feature, linear, name, segmentPercentile, thresholds, weight"),
                message);
    }

    @Test
    void thresholdsMustEndWithOtherwiseAndDescend() {
        String noOtherwise = error(FeatureRows.oneGroup("""
                - feature: urgent_tickets_90d
                  weight: 1
                  thresholds: [{atLeast: 3, score: 0}, {atLeast: 1, score: 50}]
                """, "", ""));
        assertTrue(noOtherwise.contains("measures[0].thresholds[1]") && noOtherwise.contains("otherwise"), noOtherwise);
        String ascending = error(FeatureRows.oneGroup("""
                - feature: urgent_tickets_90d
                  weight: 1
                  thresholds: [{atLeast: 1, score: 50}, {atLeast: 3, score: 0}, {otherwise: 100}]
                """, "", ""));
        assertTrue(ascending.contains("thresholds[1].atLeast") && ascending.contains("highest down"), ascending);
    }

    @Test
    void overridesFileRowsAreChecked() throws IOException {
        Path csv = tmp.resolve("health_overrides.csv");
        Files.writeString(csv, """
                # comments and blank lines are skipped
                account_id,band,score,reason,owner,starts_on,expires_on

                A1,red,,"Escalation, exec sponsor left",ana,,2026-03-31
                A2,,35,lost champion,ben,2026-03-01,2026-04-30
                """);
        List<HealthOverride> ok = HealthOverrides.read(csv);
        assertEquals(new HealthOverride(4, "A1", Band.RED, null, "Escalation, exec sponsor left", "ana", null,
                LocalDate.of(2026, 3, 31)), ok.get(0));
        assertEquals(35.0, ok.get(1).score());
        assertEquals(LocalDate.of(2026, 3, 1), ok.get(1).startsOn());

        assertCsvError("account_id,band,score,reason,owner,expires_on\nA1,purple,,r,o,2026-03-31\n",
                "line 2: band 'purple' is not allowed");
        assertCsvError("account_id,band,score,reason,owner,expires_on\nA1,,,r,o,2026-03-31\n",
                "line 2: neither band nor score");
        assertCsvError("account_id,band,score,reason,owner,expires_on\nA1,red,,r,o,31/03/2026\n",
                "line 2: expires_on '31/03/2026' is not a date");
        assertCsvError("account_id,band,score,reason,owner,expires_on\n\nA1,,101,r,o,2026-03-31\n",
                "line 3: score 101 is out of range");
        assertCsvError("account_id,band,score,reason,owner\n", "line 1: the header lacks column 'expires_on'");
        assertCsvError("account_id,band,score,reason,owner,expires_on\nA1,red,,,o,2026-03-31\n",
                "line 2: reason is empty");
    }

    @Test
    void anAbsentOverridesFileMeansNoOverrides() {
        Path conf = FeatureRows.write(tmp, FeatureRows.oneGroup(
                "- {feature: seat_utilisation, weight: 1, linear: {red: 0, green: 1}}", "",
                "overrides: {path: health_overrides.csv}"));
        ScorecardConfig config = ScorecardConfig.load(conf, FeatureRows.APP);
        assertEquals(List.of(), HealthOverrides.load(conf, config));
    }

    private void assertCsvError(String content, String expected) {
        Path csv = tmp.resolve("bad.csv");
        try {
            Files.writeString(csv, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String message = assertThrows(ConfigException.class, () -> HealthOverrides.read(csv)).getMessage();
        assertTrue(message.contains(csv.toString()) && message.contains(expected), message);
    }

    private String error(String yaml) {
        return assertThrows(ConfigException.class, () -> FeatureRows.load(tmp, yaml)).getMessage();
    }
}
