package io.lifecycle.jobs.health;

import io.lifecycle.common.LifecycleException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The split, cut-off and weight rules of health tune, and a proposal that loads with the scorecard loader. */
class ScorecardTuningTest {
    @TempDir
    Path tmp;

    /** Month-ends 2024-01-31 .. 2024-01-31 + (n - 1) months. */
    private static SortedSet<LocalDate> monthEnds(int n) {
        SortedSet<LocalDate> out = new TreeSet<>();
        for (int i = 0; i < n; i++) {
            out.add(LocalDate.of(2024, 1, 1).plusMonths(i + 1).minusDays(1));
        }
        return out;
    }

    @Test
    void reportsOnTheNewestThirdAndFitsOnTheMonthsWhoseHorizonClosedBeforeIt() {
        // 15 month-ends 2024-01-31 .. 2025-03-31; data end 2025-06-30: all closed by 90 days except none (03-31 + 90
        // = 06-29). Report: newest 5 (2024-11-30 .. 2025-03-31). Fit: D + 90 <= 2024-11-30 -> through 2024-08-31.
        ScorecardTuning.Split split = ScorecardTuning.split(monthEnds(15), 90, LocalDate.of(2025, 6, 30), 12);
        assertEquals(15, split.closed().size());
        assertEquals(List.of(LocalDate.of(2024, 11, 30), LocalDate.of(2024, 12, 31), LocalDate.of(2025, 1, 31),
                LocalDate.of(2025, 2, 28), LocalDate.of(2025, 3, 31)), split.report());
        assertEquals(LocalDate.of(2024, 1, 31), split.fit().get(0));
        assertEquals(LocalDate.of(2024, 8, 31), split.fit().get(split.fit().size() - 1));
        assertEquals(8, split.fit().size());
    }

    @Test
    void refusesTooShortHistoryNamingWhatItHasAndNeeds() {
        // 14 month-ends, but with data ending 2025-02-28 only those through 2024-11-30 have a closed horizon: 11.
        LifecycleException e = assertThrows(LifecycleException.class,
                () -> ScorecardTuning.split(monthEnds(14), 90, LocalDate.of(2025, 2, 28), 12));
        assertTrue(e.getMessage().startsWith("Not enough history to tune: 11 month-end snapshot(s) have a closed "
                + "90-day churn horizon by 2025-02-28 (2024-01-31 .. 2024-11-30), and tuning needs at least 12"),
                e.getMessage());
        assertThrows(LifecycleException.class, () -> ScorecardTuning.split(monthEnds(14), 90,
                LocalDate.of(2025, 6, 30), 2), "a minimum below 3 is refused");
    }

    @Test
    void cutOffsPutRedWhereTheChurnersAre() {
        Scorecard.Linear higherIsBetter = new Scorecard.Linear(0.05, 0.4);
        assertEquals(new Scorecard.Linear(0.1, 0.9), ScorecardTuning.cutOffs(higherIsBetter, 0.1, 0.9, 0.2, 0.6));
        assertEquals(new Scorecard.Linear(0.9, 0.1), ScorecardTuning.cutOffs(higherIsBetter, 0.1, 0.9, 0.7, 0.3),
                "churners have the higher values: the data turns the direction round");
        assertEquals(new Scorecard.Linear(0.1, 0.9), ScorecardTuning.cutOffs(higherIsBetter, 0.1, 0.9, null, 0.3),
                "no churner: the configured direction");
        assertEquals(new Scorecard.Linear(21.0, 0.0), ScorecardTuning.cutOffs(new Scorecard.Linear(21.0, 0.0), 0.0,
                21.0, null, null));
        assertNull(ScorecardTuning.cutOffs(higherIsBetter, 3.0, 3.0, 1.0, 2.0), "one value: keep the configured");
        assertEquals(123.5, ScorecardTuning.round(123.456), 1e-12);
    }

    @Test
    void weightsAreSharesInPercentAndMeasuresWithoutShareAreLeftOut() {
        Scorecard card = new Scorecard("standard", "v1", null, null, List.of(
                new Scorecard.Group("usage", 60.0, List.of(
                        measure("events_30d", 50.0), measure("stickiness", 50.0))),
                new Scorecard.Group("support", 40.0, List.of(measure("tickets_90d", 100.0)))), List.of());
        Scorecard tuned = ScorecardTuning.withWeights(card, Map.of("events_30d", 0.0, "stickiness", 0.25,
                "tickets_90d", 0.75));
        assertEquals(2, tuned.groups().size());
        assertEquals(25.0, tuned.groups().get(0).weight());
        assertEquals(List.of("stickiness"), tuned.groups().get(0).measures().stream().map(Scorecard.Measure::feature)
                .toList());
        assertEquals(75.0, tuned.groups().get(1).weight());
        assertNull(ScorecardTuning.withWeights(card, Map.of("events_30d", 0.0)), "nothing left");
    }

    @Test
    void aProposalLoadsWithTheScorecardLoaderAndResolvesEachTunedSegmentToItsScorecard() throws IOException {
        ScorecardConfig shipped = ScorecardConfig.load(Path.of("..", "conf"), FeatureRows.APP);
        Scorecard base = shipped.scorecard("standard");
        Map<String, Scorecard.Linear> cut = Map.of("stickiness", new Scorecard.Linear(0.01, 0.625));
        Scorecard recut = ScorecardTuning.withCutOffs(base, cut, "tuned_smb", "tuned-2026-06-30");
        Scorecard tuned = ScorecardTuning.withWeights(recut, Map.of("stickiness", 0.4, "avg_csat_90d", 0.35,
                "failed_payments_90d", 0.25));
        ScorecardConfig proposal = ScorecardTuning.withTuned(shipped, Map.of("smb", tuned));
        Path dir = Files.createDirectories(tmp.resolve("review"));
        Files.writeString(dir.resolve(ScorecardConfig.FILE_NAME), ScorecardYaml.write(proposal,
                List.of("a proposal", "", "with comments")));
        ScorecardConfig loaded = ScorecardConfig.load(dir, FeatureRows.APP);
        assertEquals(proposal, loaded, "the file reads back to the same configuration");
        assertEquals("tuned_smb", loaded.resolution().rules().get(0).scorecard());
        assertEquals("smb", loaded.resolution().rules().get(0).segment());
        Scorecard back = loaded.scorecard("tuned_smb");
        assertEquals("tuned-2026-06-30", back.version());
        assertEquals(new Scorecard.Linear(0.01, 0.625), back.groups().get(0).measures().get(0).linear());
        assertEquals(40.0, back.groups().get(0).weight());
        assertEquals(base.guardRails(), back.guardRails());
        assertEquals(shipped.scorecards().size() + 1, loaded.scorecards().size());

        // Tuned again: the tuned scorecard is replaced, not added a second time.
        ScorecardConfig again = ScorecardTuning.withTuned(loaded, Map.of("smb", tuned));
        assertEquals(loaded.scorecards().size(), again.scorecards().size());
        assertEquals(loaded.resolution().rules(), again.resolution().rules());
    }

    private static Scorecard.Measure measure(String feature, double weight) {
        return new Scorecard.Measure(null, feature, weight, new Scorecard.Linear(0.0, 1.0), null, null);
    }
}
