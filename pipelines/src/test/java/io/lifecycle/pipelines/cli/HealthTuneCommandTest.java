package io.lifecycle.pipelines.cli;

import io.lifecycle.common.config.AppConfigLoader;
import io.lifecycle.jobs.health.ScorecardConfig;
import io.lifecycle.pipelines.Every;
import io.lifecycle.pipelines.it.PublishedLakehouse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * bin/lifecycle health tune over a copy of the shared published lakehouse (a TINY warehouse scored on its seven
 * month-ends, 2025-12-31 .. 2026-06-30, and its last days): with the shipped 90-day horizon the history is too short
 * and the command says so; with a 30-day horizon (six closed month-ends) and --min-month-ends 6 it writes a proposal
 * the scorecard loader reads.
 */
class HealthTuneCommandTest {
    static final LocalDate END = LocalDate.of(2026, 6, 30);

    @TempDir
    static Path tmp;
    static Path conf;
    static Path conf30;

    @BeforeAll
    static void scoreMonthEnds() throws IOException {
        // The shared published lakehouse (seed 11, END) has health scored on these month-ends (and on the last days).
        PublishedLakehouse published = PublishedLakehouse.get();
        assertTrue(PublishedLakehouse.snapshotDates().containsAll(Every.MONTH_END.dates(LocalDate.of(2025, 12, 1),
                END)));
        Path lakehouse = published.copyLakehouse(tmp.resolve("lakehouse"));
        conf = PublishedLakehouse.writeConfig(tmp.resolve("conf"), published.warehouse(), lakehouse);
        conf30 = PublishedLakehouse.writeConfig(tmp.resolve("conf30"), published.warehouse(), lakehouse);
        Path scorecards = conf30.resolve(ScorecardConfig.FILE_NAME);
        String shipped = Files.readString(scorecards);
        assertTrue(shipped.contains("backtest: {horizonDays: 90,"));
        Files.writeString(scorecards, shipped.replace("backtest: {horizonDays: 90,", "backtest: {horizonDays: 30,"));
    }

    @Test
    void refusesTooShortHistoryWithAClearMessage() {
        CliRun run = CliRun.of("health", "tune", "--config", conf.toString(), "--out",
                tmp.resolve("never.yaml").toString());
        assertEquals(1, run.status(), run.out() + run.err());
        assertTrue(run.err().contains("Not enough history to tune: 4 month-end snapshot(s) have a closed 90-day "
                + "churn horizon by 2026-06-30 (2025-12-31 .. 2026-03-31), and tuning needs at least 12"), run.err());
        assertFalse(Files.exists(tmp.resolve("never.yaml")));
    }

    @Test
    void writesAProposalTheScorecardLoaderReadsAndPrintsBothBacktests() throws IOException {
        Path out = tmp.resolve("review/proposal.yaml");
        CliRun run = CliRun.of("health", "tune", "--config", conf30.toString(), "--min-month-ends", "6",
                "--out", out.toString());
        assertEquals(0, run.status(), run.out() + run.err());
        System.out.println(run.out());
        // Six closed month-ends (2025-12-31 .. 2026-05-31): report on the newest two, fit on those whose 30-day
        // horizon closed by 2026-04-30.
        assertTrue(run.out().contains("health tune: 6 month-ends with a closed 30-day horizon; fit on 4 (2025-12-31 "
                + ".. 2026-03-31), report on 2 (2026-04-30 .. 2026-05-31)"), run.out());
        assertTrue(run.out().contains("Proposal written to " + out), run.out());
        assertTrue(run.out().contains("all            renewing"), run.out());

        Path review = Files.createDirectories(tmp.resolve("load"));
        Files.copy(out, review.resolve(ScorecardConfig.FILE_NAME));
        ScorecardConfig loaded = ScorecardConfig.load(review, AppConfigLoader.load(conf30));
        ScorecardConfig shipped = ScorecardConfig.load(conf30, AppConfigLoader.load(conf30));
        List<String> tuned = loaded.scorecards().stream().map(s -> s.name()).filter(n -> n.startsWith("tuned_"))
                .toList();
        assertFalse(tuned.isEmpty(), run.out());
        assertEquals(shipped.scorecards().size() + tuned.size(), loaded.scorecards().size());
        for (String name : tuned) {
            assertTrue(run.out().contains("-> " + name + ":"), name);
            assertTrue(loaded.resolution().rules().stream().anyMatch(r -> r.scorecard().equals(name)
                    && name.equals("tuned_" + r.segment())), name);
        }
        assertEquals(shipped.backtest(), loaded.backtest());
    }

    @Test
    void neverWritesIntoTheConfigFolder() {
        CliRun run = CliRun.of("health", "tune", "--config", conf30.toString(), "--min-month-ends", "6",
                "--out", conf30.resolve(ScorecardConfig.FILE_NAME).toString());
        assertEquals(1, run.status(), run.out() + run.err());
        assertTrue(run.err().contains("health tune does not write into the config folder"), run.err());
    }
}
