package io.lifecycle.jobs.health;

import io.lifecycle.common.catalog.GoldTables;
import io.lifecycle.common.testing.SharedSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.lifecycle.jobs.health.HealthBacktestTest.HEALTH;
import static io.lifecycle.jobs.health.HealthBacktestTest.LABELS;
import static io.lifecycle.jobs.health.HealthBacktestTest.health;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WeightSuggestionsTest {
    private final SparkSession spark = SharedSpark.get();

    /** Configured weights that are wrong: churn depends on usage only, but usage weighs least. */
    private static final Map<String, Double> CONFIGURED = Map.of("usage", 0.1, "nps", 0.6, "support", 0.3);

    private static Row measure(String name, Double score) {
        double w = CONFIGURED.get(name);
        return RowFactory.create(name, "g_" + name, "feat_" + name, score, score, w, w,
                score == null ? null : w * score, score == null ? null : w * (100 - score));
    }

    @Test
    void theMeasureChurnDependsOnGetsMostOfTheWeightAndBeatsWrongConfiguredWeights() {
        Random random = new Random(7);
        List<Row> health = new ArrayList<>();
        List<Row> labels = new ArrayList<>();
        String[] months = {"2025-01-31", "2025-02-28", "2025-03-31"};
        for (String date : months) {
            for (int a = 0; a < 250; a++) {
                double usage = Math.round(random.nextDouble() * 1000) / 10.0;
                double nps = Math.round(random.nextDouble() * 1000) / 10.0;
                double support = Math.round(random.nextDouble() * 1000) / 10.0;
                // P(churn) = logistic(2 - 0.08 usage): 88% at usage 0, 0.25% at usage 100; nps and support are noise
                boolean churned = random.nextDouble() < 1 / (1 + Math.exp(-(2 - 0.08 * usage)));
                List<Row> ms = new ArrayList<>();
                ms.add(measure("usage", usage));
                if (a % 10 != 0) { // every tenth account has no nps measure at all: imputed
                    ms.add(measure("nps", nps));
                }
                ms.add(measure("support", a % 7 == 0 ? null : support));
                double score = 0.1 * usage + 0.6 * nps + 0.3 * support;
                String band = score < 40 ? "red" : score < 60 ? "yellow" : "green";
                health.add(health(date, "A" + a, "S", score, band, 100, "v1", ms));
                labels.add(RowFactory.create(Date.valueOf(date), "A" + a, churned, null));
            }
        }
        // a segment without churn: rows appear, without a model
        for (int a = 0; a < 20; a++) {
            health.add(health("2025-03-31", "T" + a, "T", 50.0 + a, "green", 10, "v9",
                    List.of(measure("usage", 50.0 + a), measure("nps", 50.0))));
            labels.add(RowFactory.create(Date.valueOf("2025-03-31"), "T" + a, false, null));
        }

        Dataset<Row> out = WeightSuggestions.of(spark.createDataFrame(health, HEALTH), spark.createDataFrame(labels, LABELS),
                30, LocalDate.of(2025, 6, 30));

        assertEquals(GoldTables.HEALTH_WEIGHT_SUGGESTIONS.schema(), out.schema());
        Map<String, Row> s = new HashMap<>();
        out.where("segment = 'S'").collectAsList().forEach(r -> s.put(r.getAs("measure"), r));
        assertEquals(3, s.size());
        Row usage = s.get("usage");
        assertEquals(750L, (long) usage.getAs("accounts"));
        assertTrue((double) usage.getAs("suggested_weight") > 0.8, "usage drives churn: " + usage);
        assertTrue((boolean) usage.getAs("direction_ok"));
        assertTrue((double) usage.getAs("coefficient") < -0.03, "true coefficient -0.08 (shrunk by L2)");
        assertEquals(1.0, s.values().stream().mapToDouble(r -> r.getAs("suggested_weight")).sum(), 1e-9);
        assertEquals(0.1, (double) usage.getAs("configured_weight"), 1e-12);
        assertEquals(0.6, (double) s.get("nps").getAs("configured_weight"), 1e-12);
        double configuredAuc = usage.getAs("configured_auc");
        double suggestedAuc = usage.getAs("suggested_auc");
        assertTrue(suggestedAuc > configuredAuc + 0.1, "suggested " + suggestedAuc + " vs configured " + configuredAuc);
        Double holdout = usage.getAs("suggested_auc_holdout");
        assertNotNull(holdout);
        assertTrue(holdout > 0.75, "fit on Jan-Feb, scored on Mar: " + holdout);
        assertEquals("sc_S", usage.getAs("scorecard"));
        assertEquals("v1", usage.getAs("scorecard_version"));
        assertEquals(Date.valueOf("2025-06-30"), usage.getAs("computed_at_snapshot"));

        List<Row> t = out.where("segment = 'T'").collectAsList();
        assertEquals(2, t.size());
        for (Row r : t) {
            assertEquals(20L, (long) r.getAs("accounts"));
            assertEquals(0L, (long) r.getAs("churn_events"));
            assertNull(r.getAs("coefficient"));
            assertNull(r.getAs("suggested_weight"));
            assertNull(r.getAs("configured_auc"));
            assertNull(r.getAs("suggested_auc_holdout"), "one month only");
        }
    }

    @Test
    void aMissingMeasureScoreIsImputedWithTheSegmentMeanOnThatSnapshotElseFifty() {
        List<Row> health = List.of(
                health("2025-01-31", "x1", "S", 50, "yellow", 1, "v1", List.of(measure("usage", 10.0), measure("nps", 30.0))),
                health("2025-01-31", "x2", "S", 50, "yellow", 1, "v1", List.of(measure("usage", 20.0), measure("nps", 60.0))),
                health("2025-01-31", "x3", "S", 50, "yellow", 1, "v1", List.of(measure("usage", 30.0))),
                health("2025-01-31", "x4", "S", 50, "yellow", 1, "v1", List.of(measure("usage", 40.0), measure("nps", null))),
                health("2025-02-28", "x1", "S", 50, "yellow", 1, "v1", List.of(measure("usage", 70.0))));
        List<Row> labels = List.of(
                RowFactory.create(Date.valueOf("2025-01-31"), "x1", false, null),
                RowFactory.create(Date.valueOf("2025-01-31"), "x2", false, null),
                RowFactory.create(Date.valueOf("2025-01-31"), "x3", true, null),
                RowFactory.create(Date.valueOf("2025-01-31"), "x4", false, null),
                RowFactory.create(Date.valueOf("2025-02-28"), "x1", false, null));
        Dataset<Row> rows = HealthBacktest.labelledMonthEnds(spark.createDataFrame(health, HEALTH),
                spark.createDataFrame(labels, LABELS), 30, LocalDate.of(2025, 6, 30));
        Dataset<Row> measures = WeightSuggestions.measureScores(rows);
        Map<String, String> cols = WeightSuggestions.featureColumns(WeightSuggestions.measuresBySegment(measures));
        Map<String, Double> nps = new HashMap<>();
        for (Row r : WeightSuggestions.wide(spark, rows, measures, cols).collectAsList()) {
            nps.put(r.getAs("snapshot_date") + "/" + r.getAs("account_id"), r.getAs(cols.get("nps")));
        }
        assertEquals(30.0, nps.get("2025-01-31/x1"), 1e-12);
        assertEquals(45.0, nps.get("2025-01-31/x3"), 1e-12, "absent: mean of 30 and 60");
        assertEquals(45.0, nps.get("2025-01-31/x4"), 1e-12, "null score: mean of 30 and 60");
        assertEquals(50.0, nps.get("2025-02-28/x1"), 1e-12, "nobody had nps on 02-28");
        assertFalse(nps.containsKey("2025-02-28/x2"));
    }
}
