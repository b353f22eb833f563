package io.lifecycle.jobs.lifecycle;

import io.lifecycle.common.catalog.StagingTables;
import io.lifecycle.common.testing.SharedSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.sql.Date;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lifecycle map's populations and forward rates against a direct count over the daily and transition rows. */
class LifecycleMapTest {
    private static final SparkSession spark = SharedSpark.get();
    private static final Set<String> ADVANCING = Set.of("trial_started", "first_payment", "activated",
            "renewal_window_opened", "advocate_qualified", "renewed", "expanded", "reactivated");

    @Test
    void advanceStayAndExitRatesMatchADirectCountOverTheTransitions() {
        SimulatedHistory history = new SimulatedHistory(5, LocalDate.of(2024, 1, 1), 120, 40, 30);
        LifecycleStages.Inputs in = new LifecycleStages.Inputs(history.features(spark), history.health(spark),
                history.leads(spark), null, "other");
        Dataset<Row> daily = LifecycleStages.of(spark, in, history.dates, Fixtures.CONFIG).cache();
        Dataset<Row> transitions = LifecycleTransitions.of(daily).cache();
        LocalDate d = history.dates.last();
        LocalDate cohort = d.minusDays(90);
        LocalDate early = history.dates.first();  // no snapshot 90 days before it: no rates
        Dataset<Row> cohortDates = spark.createDataFrame(List.of(RowFactory.create(Date.valueOf(d), Date.valueOf(cohort)),
                RowFactory.create(Date.valueOf(early), null)), new StructType().add("snapshot_date", DataTypes.DateType)
                .add("cohort_date", DataTypes.DateType));
        List<Row> map = LifecycleMap.of(daily.where(col("snapshot_date").isin(Date.valueOf(d), Date.valueOf(early))),
                cohortDates, daily.where(col("snapshot_date").equalTo(Date.valueOf(cohort))), transitions,
                withDriverColumns(history.features(spark)), noTouches()).collectAsList();

        // Direct count: each member of the cohort, its first transition in (cohort, d].
        Map<String, TreeMap<LocalDate, Row>> movesByEntity = new HashMap<>();
        for (Row t : transitions.collectAsList()) {
            movesByEntity.computeIfAbsent(entity(t), k -> new TreeMap<>())
                    .put(t.<Date>getAs("transition_date").toLocalDate(), t);
        }
        Map<String, long[]> expected = new TreeMap<>();  // stage -> {members, advance, stay, exit}
        for (Row r : daily.where(col("snapshot_date").equalTo(Date.valueOf(cohort))).collectAsList()) {
            long[] c = expected.computeIfAbsent(r.getAs("segment") + "/" + r.getAs("stage"), k -> new long[4]);
            c[0]++;
            TreeMap<LocalDate, Row> moves = movesByEntity.getOrDefault(entity(r), new TreeMap<>());
            Map.Entry<LocalDate, Row> first = moves.higherEntry(cohort);
            if (first == null || first.getKey().isAfter(d)) {
                c[2]++;
            } else if (Set.of("churned", "lost").contains(first.getValue().<String>getAs("to_stage"))) {
                c[3]++;
            } else if (ADVANCING.contains(first.getValue().<String>getAs("trigger"))) {
                c[1]++;
            }
        }
        Map<String, Long> inStage = new TreeMap<>();
        for (Row r : daily.where(col("snapshot_date").equalTo(Date.valueOf(d))).collectAsList()) {
            inStage.merge(r.getAs("segment") + "/" + r.getAs("stage"), 1L, Long::sum);
        }

        int checked = 0;
        for (Row m : map) {
            String key = m.getAs("segment") + "/" + m.getAs("stage");
            if (m.<Date>getAs("snapshot_date").toLocalDate().equals(early)) {
                assertNull(m.getAs("cohort_date"));
                assertNull(m.getAs("advance_rate_90d"));
                continue;
            }
            assertEquals(inStage.getOrDefault(key, 0L), m.<Long>getAs("accounts_in_stage"), key);
            long[] c = expected.getOrDefault(key, new long[4]);
            assertEquals(c[0], m.<Long>getAs("cohort_accounts"), key);
            if (c[0] > 0) {
                assertEquals(c[1] / (double) c[0], m.<Double>getAs("advance_rate_90d"), 1e-12, key);
                assertEquals(c[2] / (double) c[0], m.<Double>getAs("stay_rate_90d"), 1e-12, key);
                assertEquals(c[3] / (double) c[0], m.<Double>getAs("exit_rate_90d"), 1e-12, key);
                checked++;
            }
        }
        Set<String> keys = new TreeSet<>(expected.keySet());
        keys.addAll(inStage.keySet());
        assertEquals(keys.size(), map.stream().filter(m -> m.<Date>getAs("snapshot_date").toLocalDate().equals(d)).count());
        assertTrue(checked >= 5, "stages with a cohort: " + checked);
        assertTrue(expected.values().stream().anyMatch(c -> c[1] > 0) && expected.values().stream()
                .anyMatch(c -> c[3] > 0), "both advances and exits occur");
    }

    static Dataset<Row> withDriverColumns(Dataset<Row> features) {
        for (String f : MapSignals.DRIVER_FEATURES) {
            if (!List.of(features.columns()).contains(f)) {
                features = features.withColumn(f, org.apache.spark.sql.functions.lit(null).cast("double"));
            }
        }
        return features;
    }

    static Dataset<Row> noTouches() {
        return spark.createDataFrame(List.of(), StagingTables.TOUCHPOINTS.schema());
    }

    private static String entity(Row r) {
        String lead = r.getAs("lead_id");
        return lead != null ? "lead:" + lead : "account:" + r.getAs("account_id");
    }
}
