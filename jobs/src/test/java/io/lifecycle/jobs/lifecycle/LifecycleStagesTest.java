package io.lifecycle.jobs.lifecycle;

import io.lifecycle.jobs.shared.LifecycleStage;
import io.lifecycle.common.catalog.GoldTables;
import io.lifecycle.common.testing.Frames;
import io.lifecycle.common.testing.SharedSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import static io.lifecycle.jobs.shared.LifecycleStage.CHURNED;
import static io.lifecycle.jobs.shared.LifecycleStage.DORMANT;
import static io.lifecycle.jobs.shared.LifecycleStage.ENGAGED;
import static io.lifecycle.jobs.shared.LifecycleStage.ONBOARDING;
import static io.lifecycle.jobs.shared.LifecycleStage.RENEWAL;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.sql.Date;

/**
 * Invariants of the lifecycle over a seeded random daily history: one stage per entity and date, transitions
 * exactly where consecutive stages differ, only possible moves, and a backfill equal to nightly runs.
 */
class LifecycleStagesTest {
    private static final SparkSession spark = SharedSpark.get();
    private static final SimulatedHistory HISTORY = new SimulatedHistory(11, LocalDate.of(2024, 1, 1), 150, 40, 25);
    private static List<Row> onePass;
    private static List<Row> transitions;

    @BeforeAll
    static void backfill() {
        Dataset<Row> daily = run(HISTORY.dates, null);
        onePass = daily.collectAsList();
        transitions = LifecycleTransitions.of(daily).collectAsList();
    }

    private static Dataset<Row> run(SortedSet<LocalDate> dates, Dataset<Row> prior) {
        LifecycleStages.Inputs in = new LifecycleStages.Inputs(HISTORY.features(spark), HISTORY.health(spark),
                HISTORY.leads(spark), prior, "other");
        return LifecycleStages.of(spark, in, dates, Fixtures.CONFIG);
    }

    private static String entity(Row r) {
        String lead = r.getAs("lead_id");
        return lead != null ? "lead:" + lead : "account:" + r.getAs("account_id");
    }

    @Test
    void exactlyOneStagePerEntityAndDate() {
        Set<String> keys = new HashSet<>();
        Set<String> accounts = new HashSet<>();
        for (Row r : onePass) {
            assertTrue(keys.add(entity(r) + "@" + r.getAs("snapshot_date")), "duplicate " + r);
            if (r.getAs("account_id") != null) {
                assertTrue(accounts.add(r.getAs("account_id") + "@" + r.getAs("snapshot_date")), "duplicate " + r);
            }
        }
        assertEquals(HISTORY.features.size(), accounts.size(), "every account-day has a stage");
        long leadDays = onePass.stream().filter(r -> r.getAs("account_id") == null).count();
        assertTrue(leadDays > 100, "open lead-days: " + leadDays);
    }

    @Test
    void transitionsAreExactlyTheChangesBetweenConsecutiveSnapshots() {
        Map<String, TreeMap<LocalDate, String>> stages = new HashMap<>();
        for (Row r : onePass) {
            stages.computeIfAbsent(entity(r), k -> new TreeMap<>())
                    .put(r.<Date>getAs("snapshot_date").toLocalDate(), r.getAs("stage"));
        }
        Set<List<Object>> expected = new HashSet<>();
        stages.forEach((entity, byDate) -> {
            String before = null;
            for (Map.Entry<LocalDate, String> e : byDate.entrySet()) {
                if (before != null && !before.equals(e.getValue())) {
                    expected.add(List.of(entity, e.getKey(), before, e.getValue()));
                }
                before = e.getValue();
            }
        });
        Set<List<Object>> actual = new HashSet<>();
        for (Row t : transitions) {
            actual.add(List.of(entity(t), t.<Date>getAs("transition_date").toLocalDate(),
                    t.getAs("from_stage"), t.getAs("to_stage")));
        }
        assertTrue(expected.size() > 100, "transitions: " + expected.size());
        assertEquals(expected, actual);
    }

    @Test
    void noImpossibleMoves() {
        Set<String> triggers = new TreeSet<>();
        for (Row t : transitions) {
            LifecycleStage from = LifecycleStage.of(t.getAs("from_stage"));
            LifecycleStage to = LifecycleStage.of(t.getAs("to_stage"));
            String trigger = t.getAs("trigger");
            triggers.add(trigger);
            assertTrue(possible(from, to, Trigger.valueOf(trigger.toUpperCase())), "impossible move " + t);
            assertTrue(t.<Integer>getAs("days_in_previous_stage") >= 1, "days in previous stage " + t);
        }
        assertTrue(triggers.containsAll(Set.of("trial_started", "first_payment", "activated", "renewal_window_opened",
                "renewed", "went_dormant", "reactivated", "churned", "lead_lost")), "triggers seen: " + triggers);
    }

    /** The moves the stage rules allow: anything else (e.g. churned → engaged without a payment) is a defect. */
    static boolean possible(LifecycleStage from, LifecycleStage to, Trigger trigger) {
        return switch (trigger) {
            case CHURNED -> to == CHURNED && from != CHURNED;
            case LEAD_LOST -> to == LifecycleStage.LOST && !from.paying() && from != CHURNED;
            case TRIAL_STARTED -> to == LifecycleStage.CONVERSION;
            case FIRST_PAYMENT -> !from.paying() && to.paying();
            case WENT_DORMANT -> from.paying() && to == DORMANT;
            case REACTIVATED -> from == DORMANT && to.paying() && to != DORMANT;
            case ACTIVATED -> from == ONBOARDING && to == ENGAGED;
            case RENEWAL_WINDOW_OPENED, ADVOCATE_QUALIFIED -> (from == ONBOARDING || from == ENGAGED) && to == RENEWAL;
            case RENEWED -> (from == RENEWAL || from == ENGAGED || from == ONBOARDING)
                    && (to == ENGAGED || to == ONBOARDING) && from != to;
            case EXPANDED -> (from == RENEWAL || from == ENGAGED) && to == ONBOARDING;
            case ADVOCATE_LAPSED -> from == RENEWAL && to == ENGAGED;
        };
    }

    @Test
    void nightlyRunsFromYesterdaysStateGiveTheRowsOfOnePass() {
        List<LocalDate> all = new ArrayList<>(HISTORY.dates);
        SortedSet<LocalDate> firstPart = new TreeSet<>(all.subList(0, all.size() - 4));
        List<Row> rows = new ArrayList<>(run(firstPart, null).collectAsList());
        LocalDate yesterday = firstPart.last();
        for (LocalDate night : all.subList(all.size() - 4, all.size())) {
            LocalDate prior = yesterday;
            Dataset<Row> state = spark.createDataFrame(rows.stream().filter(r -> r.<Date>getAs(
                    "snapshot_date").toLocalDate().equals(prior)).toList(), GoldTables.ACCOUNT_LIFECYCLE_DAILY.schema());
            rows.addAll(run(new TreeSet<>(List.of(night)), state).collectAsList());
            yesterday = night;
        }
        Frames.assertSameRows(spark.createDataFrame(onePass, GoldTables.ACCOUNT_LIFECYCLE_DAILY.schema()),
                spark.createDataFrame(rows, GoldTables.ACCOUNT_LIFECYCLE_DAILY.schema()));
        Dataset<Row> nightlyTransitions = LifecycleTransitions.of(
                spark.createDataFrame(rows, GoldTables.ACCOUNT_LIFECYCLE_DAILY.schema()));
        Frames.assertSameRows(spark.createDataFrame(transitions, GoldTables.LIFECYCLE_TRANSITIONS.schema()),
                spark.createDataFrame(nightlyTransitions.collectAsList(), GoldTables.LIFECYCLE_TRANSITIONS.schema()));
    }

    @Test
    void aConvertedLeadContinuesAsItsAccount() {
        Row lead = HISTORY.leads.stream().filter(r -> r.get(1) != null)
                .max((a, b) -> a.getTimestamp(5).compareTo(b.getTimestamp(5))).orElseThrow();
        String leadId = lead.getString(0);
        Row firstAccountDay = onePass.stream().filter(r -> leadId.equals(r.getAs("lead_id"))
                        && r.getAs("account_id") != null)
                .min((a, b) -> a.<Date>getAs("snapshot_date").compareTo(b.getAs("snapshot_date")))
                .orElseThrow();
        assertEquals(lead.getString(1), firstAccountDay.getAs("account_id"));
        assertEquals(lead.get(4) == null ? "awareness" : "conversion", firstAccountDay.getAs("previous_stage"));
        assertEquals("first_payment", firstAccountDay.getAs("entry_trigger"));
        assertEquals(0L, spark.createDataFrame(onePass, GoldTables.ACCOUNT_LIFECYCLE_DAILY.schema())
                .where(col("lead_id").equalTo(leadId).and(col("account_id").isNull())
                        .and(col("snapshot_date").geq(firstAccountDay.<Date>getAs("snapshot_date"))))
                .count(), "no open-lead row once converted");
    }
}
