package io.lifecycle.jobs.lifecycle;

import io.lifecycle.jobs.shared.LifecycleStage;
import io.lifecycle.common.catalog.GoldTables;
import io.lifecycle.common.testing.Frames;
import io.lifecycle.common.testing.SharedSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Timestamp;
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
        Dataset<Row> daily = run(HISTORY.dates, null, null);
        onePass = daily.collectAsList();
        transitions = LifecycleTransitions.of(daily).collectAsList();
    }

    private static Dataset<Row> run(SortedSet<LocalDate> dates, Dataset<Row> prior, LocalDate priorDate) {
        LifecycleStages.Inputs in = new LifecycleStages.Inputs(HISTORY.features(spark), HISTORY.health(spark),
                HISTORY.leads(spark), null, null, prior, priorDate, "other");
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
        long retiredDays = HISTORY.features.stream().filter(f -> !accounts.contains(f.getString(1) + "@" + f.get(0)))
                .peek(f -> assertTrue(Set.of("churned", "prospect").contains(f.getString(3)),
                        "only churned or lost (after a trial) account-days lack a row " + f))
                .count();
        assertEquals(HISTORY.features.size(), accounts.size() + retiredDays, "every other account-day has a stage");
        assertTrue(retiredDays > 100, "retired account-days: " + retiredDays);
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
        List<Row> rows = new ArrayList<>(run(firstPart, null, null).collectAsList());
        LocalDate yesterday = firstPart.last();
        for (LocalDate night : all.subList(all.size() - 4, all.size())) {
            Dataset<Row> state = LifecycleStages.priorRows(spark.createDataFrame(rows,
                    GoldTables.ACCOUNT_LIFECYCLE_DAILY.schema()), yesterday);
            rows.addAll(run(new TreeSet<>(List.of(night)), state, yesterday).collectAsList());
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

    /** lostLeadDays 20 and retireAfterDays 5, so the hand-made story below fits in 41 days. */
    private static final LifecycleConfig SHORT = new LifecycleConfig(Fixtures.CONFIG.activation(), 60, 30,
            Fixtures.CONFIG.advocate(), 20, 5);
    private static final LocalDate DAY0 = LocalDate.of(2024, 3, 1);

    /**
     * Account C pays, churns on day 6 and buys again on day 25; lead T (account TA, never converted) trials from day
     * 2 and its trial term ends on day 15; lead Q is created on day 0 and does nothing until a trial on day 38; lead
     * W (account WA) is touched on day 15.
     */
    private static LifecycleStages.Inputs story(Dataset<Row> prior, LocalDate priorDate) {
        List<Row> features = new ArrayList<>();
        List<Row> health = new ArrayList<>();
        for (int d = 0; d <= 40; d++) {
            boolean paying = d < 6 || d >= 25;
            LocalDate day = DAY0.plusDays(d);
            features.add(RowFactory.create(Date.valueOf(day), "C", "smb", paying ? "active" : "churned",
                    Date.valueOf(DAY0.minusDays(100)), paying ? "monthly" : null, null, paying ? 10 : null,
                    paying ? new BigDecimal("100.00") : null, paying ? 0.8 : null, 3, 1, 100 + d, null));
            health.add(RowFactory.create(Date.valueOf(day), "C", "yellow"));
        }
        List<Row> leads = List.of(
                RowFactory.create("T", "TA", "email", ts(DAY0), ts(DAY0.plusDays(2)), null),
                RowFactory.create("Q", null, "social", ts(DAY0), ts(DAY0.plusDays(38)), null),
                RowFactory.create("W", "WA", "social", ts(DAY0), null, null));
        Dataset<Row> touchpoints = spark.createDataFrame(List.of(RowFactory.create("WA", ts(DAY0.plusDays(15)))),
                new StructType().add("account_id", DataTypes.StringType).add("touched_at", DataTypes.TimestampType));
        Dataset<Row> subscriptions = spark.createDataFrame(List.of(RowFactory.create("TA",
                        Date.valueOf(DAY0.plusDays(2)), Date.valueOf(DAY0.plusDays(15)), "trial", new BigDecimal("0.00"))),
                new StructType().add("account_id", DataTypes.StringType).add("start_date", DataTypes.DateType)
                        .add("end_date", DataTypes.DateType).add("status", DataTypes.StringType)
                        .add("mrr_reporting", DataTypes.createDecimalType(18, 2)));
        return new LifecycleStages.Inputs(spark.createDataFrame(features, SimulatedHistory.FEATURES),
                spark.createDataFrame(health, SimulatedHistory.HEALTH),
                spark.createDataFrame(leads, SimulatedHistory.LEADS), touchpoints, subscriptions, prior, priorDate,
                "other");
    }

    private static Timestamp ts(LocalDate d) {
        return Timestamp.valueOf(d.atTime(12, 0));
    }

    private static SortedSet<LocalDate> days(int from, int to) {
        SortedSet<LocalDate> out = new TreeSet<>();
        for (int d = from; d <= to; d++) {
            out.add(DAY0.plusDays(d));
        }
        return out;
    }

    /** entity → day number → (stage, rule, previous_stage, entry_trigger, days_in_previous_stage). */
    private static Map<String, TreeMap<Integer, List<Object>>> byEntity(List<Row> rows) {
        Map<String, TreeMap<Integer, List<Object>>> out = new HashMap<>();
        for (Row r : rows) {
            int day = (int) java.time.temporal.ChronoUnit.DAYS.between(DAY0, r.<Date>getAs("snapshot_date").toLocalDate());
            out.computeIfAbsent(entity(r), k -> new TreeMap<>()).put(day, java.util.Arrays.asList(r.getAs("stage"),
                    r.getAs("rule"), r.getAs("previous_stage"), r.getAs("entry_trigger"),
                    r.getAs("days_in_previous_stage")));
        }
        return out;
    }

    @Test
    void lostLeadsAndChurnedAccountsStopGettingRowsUntilTheyComeBack() {
        SortedSet<LocalDate> dates = days(0, 30);
        dates.addAll(List.of(DAY0.plusDays(35), DAY0.plusDays(38), DAY0.plusDays(40)));
        List<Row> onePassRows = LifecycleStages.of(spark, story(null, null), dates, SHORT).collectAsList();
        Map<String, TreeMap<Integer, List<Object>>> e = byEntity(onePassRows);

        TreeMap<Integer, List<Object>> c = e.get("account:C");
        assertEquals(List.of("churned", "no_paid_term", "engaged", "churned", 6), c.get(6));
        assertEquals(Set.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 25, 26, 27, 28, 29, 30, 35, 38, 40), c.keySet(),
                "churned rows for days 0-5 in the stage only, then rows again from the new purchase");
        assertEquals(List.of("engaged", "activated", "churned", "first_payment", 19), c.get(25));

        TreeMap<Integer, List<Object>> t = e.get("lead:T");
        assertEquals(List.of("conversion", "lead_trial", "awareness", "trial_started", 2), t.get(15));
        assertEquals(List.of("lost", "trial_ended_without_purchase", "conversion", "lead_lost", 14), t.get(16));
        assertEquals(21, t.lastKey(), "lost on day 16, last row 5 days later");

        TreeMap<Integer, List<Object>> q = e.get("lead:Q");
        assertEquals(List.of("awareness", "lead_open"), q.get(19).subList(0, 2));
        assertEquals(List.of("lost", "lead_timeout", "awareness", "lead_lost", 20), q.get(20));
        assertEquals(Set.of(20, 21, 22, 23, 24, 25, 38, 40), q.tailMap(20).keySet());
        assertEquals(List.of("conversion", "lead_trial", "lost", "trial_started", 18), q.get(38));

        TreeMap<Integer, List<Object>> w = e.get("lead:W");
        assertEquals(List.of("awareness", "lead_open"), w.get(30).subList(0, 2), "touched on day 15");
        assertEquals(List.of("lost", "lead_timeout", "awareness", "lead_lost", 35), w.get(35));

        // nightly from each entity's newest stored row gives the same rows; a retired lead is not even read
        List<Row> rows = new ArrayList<>(LifecycleStages.of(spark, story(null, null), days(0, 30), SHORT)
                .collectAsList());
        LocalDate yesterday = DAY0.plusDays(30);
        for (int night : new int[] {35, 38, 40}) {
            Dataset<Row> prior = LifecycleStages.priorRows(spark.createDataFrame(rows,
                    GoldTables.ACCOUNT_LIFECYCLE_DAILY.schema()), yesterday);
            LifecycleStages.Inputs in = story(prior, yesterday);
            Set<String> read = new TreeSet<>(LifecycleStages.leadsToObserve(in.leads(), prior.withColumn("entity",
                            org.apache.spark.sql.functions.lit("")), in.touchpoints().select(col("account_id"),
                            org.apache.spark.sql.functions.to_date(col("touched_at")).as("touch_day")), yesterday,
                    DAY0.plusDays(night)).select("lead_id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
            assertEquals(night == 35 ? Set.of("W") : Set.of("Q", "W"), read, "leads read for day " + night);
            rows.addAll(LifecycleStages.of(spark, in, new TreeSet<>(List.of(DAY0.plusDays(night))), SHORT)
                    .collectAsList());
            yesterday = DAY0.plusDays(night);
        }
        Frames.assertSameRows(spark.createDataFrame(onePassRows, GoldTables.ACCOUNT_LIFECYCLE_DAILY.schema()),
                spark.createDataFrame(rows, GoldTables.ACCOUNT_LIFECYCLE_DAILY.schema()));
    }
}
