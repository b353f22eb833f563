package io.lifecycle.jobs.marts;

import io.lifecycle.jobs.shared.AccountPlans;
import io.lifecycle.common.testing.TestConfigs;
import io.lifecycle.common.catalog.SilverTables;
import io.lifecycle.common.catalog.StagingTables;
import io.lifecycle.jobs.features.AccountFeatures;
import io.lifecycle.jobs.health.ChurnLabels;
import io.lifecycle.jobs.lifecycle.LifecycleConfig;
import io.lifecycle.jobs.lifecycle.LifecycleStages;
import io.lifecycle.jobs.lifecycle.LifecycleTransitions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import static io.lifecycle.jobs.marts.TinyMarts.SPARK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Churn, reactivation and "active" mean the same thing in every table: on the hand-made subscription history of
 * {@link TinyMarts} (E's last paid day is 2025-06-20; F, churned since February, pays again from 2025-06-20), the
 * features' customer status, the lifecycle stages and transitions, the KPIs' MRR movements and the backtest's churn
 * labels are computed by their own transforms and compared day by day.
 */
class BusinessDefinitionsAgreeTest {
    static final LocalDate FROM = LocalDate.of(2025, 5, 31);
    static final LocalDate TO = TinyMarts.D;
    static final SortedSet<LocalDate> DAYS = new TreeSet<>(FROM.datesUntil(TO.plusDays(1)).toList());

    /** customer_status per (day, account) from the features; stage per (day, account) from the lifecycle. */
    static final Map<String, String> STATUS = new HashMap<>();
    static final Map<String, String> STAGE = new HashMap<>();
    static List<Row> transitions;

    static String key(LocalDate day, String account) {
        return day + "/" + account;
    }

    static Dataset<Row> empty(StructType schema) {
        return SPARK.createDataFrame(List.of(), schema);
    }

    @BeforeAll
    static void computeEveryTable() {
        Dataset<Row> accounts = SPARK.sql("""
                SELECT account_id, plan_tier, TIMESTAMP'2023-12-01 00:00:00' AS created_at
                FROM VALUES ('A', 'team'), ('B', 'team'), ('C', 'team'), ('E', 'team'), ('F', 'team'), ('T', 'team'),
                  ('G', 'enterprise') AS t(account_id, plan_tier)""");
        AccountFeatures.Inputs inputs = new AccountFeatures.Inputs(accounts, TinyMarts.subscriptions(),
                empty(StagingTables.INVOICES.schema()), empty(StagingTables.SUPPORT_TICKETS.schema()),
                empty(StagingTables.NPS_RESPONSES.schema()), empty(StagingTables.TOUCHPOINTS.schema()),
                empty(SilverTables.ACCOUNT_DAILY_USAGE.schema()), empty(SilverTables.ACCOUNT_USER_DAILY.schema()),
                empty(SilverTables.ACCOUNT_FEATURE_USAGE_DAILY.schema()), null);
        Dataset<Row> features = AccountFeatures.of(SPARK, inputs, DAYS, TinyMarts.keyFeatures(),
                AccountPlans.segmentRules(TestConfigs.of(Path.of("."), Path.of(".")))).cache();
        for (Row r : features.select("snapshot_date", "account_id", "customer_status").collectAsList()) {
            STATUS.put(key(r.getDate(0).toLocalDate(), r.getString(1)), r.getString(2));
        }
        Dataset<Row> health = empty(new StructType().add("snapshot_date", DataTypes.DateType)
                .add("account_id", DataTypes.StringType).add("band", DataTypes.StringType));
        Dataset<Row> leads = empty(StagingTables.LEADS.schema());
        Dataset<Row> daily = LifecycleStages.of(SPARK, new LifecycleStages.Inputs(features, health, leads, null, "other"),
                DAYS, LifecycleConfig.load(Path.of("..", "conf"))).cache();
        for (Row r : daily.where("account_id IS NOT NULL").select("snapshot_date", "account_id", "stage").collectAsList()) {
            STAGE.put(key(r.getDate(0).toLocalDate(), r.getString(1)), r.getString(2));
        }
        transitions = LifecycleTransitions.of(daily).select("transition_date", "account_id", "from_stage", "to_stage")
                .collectAsList();
    }

    static boolean active(LocalDate day, String account) {
        return "active".equals(STATUS.get(key(day, account)));
    }

    @Test
    void theHandMadeHistoryIsWhatItSays() {
        assertTrue(active(LocalDate.of(2025, 6, 20), "E") && !active(LocalDate.of(2025, 6, 21), "E"));
        assertEquals("churned", STATUS.get(key(LocalDate.of(2025, 6, 21), "E")));
        assertEquals("churned", STATUS.get(key(LocalDate.of(2025, 6, 19), "F")));
        assertTrue(active(LocalDate.of(2025, 6, 20), "F"));
        assertEquals("trial", STATUS.get(key(TO, "T")));
    }

    @Test
    void theLifecycleStageIsChurnedOnExactlyTheDaysTheFeaturesSayChurned() {
        int churnedDays = 0;
        for (LocalDate day : DAYS) {
            for (String account : List.of("A", "B", "C", "E", "F", "G", "T")) {
                boolean churned = "churned".equals(STATUS.get(key(day, account)));
                churnedDays += churned ? 1 : 0;
                assertEquals(churned, "churned".equals(STAGE.get(key(day, account))), account + " on " + day
                        + ": status " + STATUS.get(key(day, account)) + ", stage " + STAGE.get(key(day, account)));
            }
        }
        assertEquals(10 + 20, churnedDays, "E from 06-21 to 06-30, F from 05-31 to 06-19");
    }

    @Test
    void lifecycleTransitionsIntoAndOutOfChurnAreTheFirstDayWithoutAndWithAPaidTerm() {
        Set<String> intoChurn = new HashSet<>();
        Set<String> outOfChurn = new HashSet<>();
        for (Row t : transitions) {
            LocalDate day = t.getDate(0).toLocalDate();
            if (day.equals(FROM)) {
                continue;  // the first snapshot has no previous stage to compare with
            }
            if ("churned".equals(t.getString(3))) {
                intoChurn.add(t.getString(1) + "@" + day);
            }
            if ("churned".equals(t.getString(2))) {
                outOfChurn.add(t.getString(1) + "@" + day);
            }
        }
        assertEquals(Set.of("E@2025-06-21"), intoChurn);
        assertEquals(Set.of("F@2025-06-20"), outOfChurn, "the reactivation");
    }

    @Test
    void theBacktestsChurnLabelIsTheFirstDayWithoutAPaidTermWithinTheHorizon() {
        Dataset<Row> labels = ChurnLabels.of(TinyMarts.subscriptions(), new TreeSet<>(List.of(FROM)), 30, TO);
        Map<String, LocalDate> churnDate = new HashMap<>();
        Set<String> labelled = new HashSet<>();
        for (Row r : labels.collectAsList()) {
            labelled.add(r.getAs("account_id"));
            if (r.<Boolean>getAs("churned_within_horizon")) {
                churnDate.put(r.getAs("account_id"), ((Date) r.getAs("churn_date")).toLocalDate());
            }
        }
        Set<String> activeOnFrom = new HashSet<>();
        for (String a : List.of("A", "B", "C", "E", "F", "G", "T")) {
            if (active(FROM, a)) {
                activeOnFrom.add(a);
            }
        }
        assertEquals(activeOnFrom, labelled, "labels exist for exactly the accounts active on the snapshot");
        for (String a : activeOnFrom) {
            LocalDate firstInactive = DAYS.tailSet(FROM.plusDays(1)).stream().filter(d -> !active(d, a))
                    .findFirst().orElse(null);
            assertEquals(firstInactive, churnDate.get(a), a);
        }
        assertEquals(Map.of("E", LocalDate.of(2025, 6, 21)), churnDate);
    }

    @Test
    void theKpisMrrMovementsChurnAndReactivateTheSameAccounts() {
        Map<String, String> movement = new HashMap<>();
        for (Row r : MrrMovements.of(SPARK, TinyMarts.subscriptions(), new TreeSet<>(List.of(TO)))
                .select("account_id", "movement").collectAsList()) {
            movement.put(r.getString(0), r.getString(1));
        }
        for (String a : List.of("A", "B", "C", "E", "F", "G")) {
            boolean then = active(FROM, a);
            boolean now = active(TO, a);
            boolean churnedStage = transitions.stream().anyMatch(t -> a.equals(t.getString(1))
                    && "churned".equals(t.getString(2)) && t.getDate(0).toLocalDate().isAfter(FROM));
            assertEquals(then && !now, MrrMovements.CHURN.equals(movement.get(a)), a + ": " + movement.get(a));
            assertEquals(!then && now && churnedStage, MrrMovements.REACTIVATION.equals(movement.get(a)),
                    a + ": " + movement.get(a));
        }
        assertEquals(MrrMovements.CHURN, movement.get("E"));
        assertEquals(MrrMovements.REACTIVATION, movement.get("F"));
        assertEquals(MrrMovements.NEW, movement.get("A"));
    }
}
