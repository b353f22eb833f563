package io.lifecycle.jobs.health;

import io.lifecycle.common.catalog.GoldTables;
import io.lifecycle.common.catalog.Lakehouse;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;

/**
 * Health scores of the active accounts (customer_status = active) of silver.account_features_daily, as rows of
 * gold.account_health_daily: resolve each account's scorecard, normalise its measures, roll them up over the
 * measures and groups with data, band the score, cap the band with guard-rails, apply manual overrides, and
 * look up the scores of 7, 30 and 90 days before. A pure transform: no IO.
 */
public final class HealthScoring {
    static final String ACTIVE = "active";

    private HealthScoring() {
    }

    /**
     * @param features      rows of silver.account_features_daily for the snapshot dates to score (an optional
     *                      {@code stage} column is matched by resolution rules that name a stage)
     * @param earlierScores earlier rows of gold.account_health_daily (at least snapshot_date, account_id, score);
     *                      those of dates present in {@code features} are ignored
     * @param config        conf/scorecards.yaml
     * @param overrides     rows of the overrides CSV
     */
    public static Dataset<Row> score(Dataset<Row> features, Dataset<Row> earlierScores, ScorecardConfig config,
                                     List<HealthOverride> overrides) {
        Dataset<Row> rows = features.where(col("customer_status").equalTo(lit(ACTIVE)));
        rows = Normalisations.addPercentiles(rows, config);
        rows = rows.withColumn("scorecard", resolve(config, Arrays.asList(rows.columns()).contains("stage")));
        List<ScorecardColumns> cards = new ArrayList<>();
        for (int i = 0; i < config.scorecards().size(); i++) {
            ScorecardColumns c = new ScorecardColumns(config.scorecards().get(i), i);
            rows = c.addTo(rows);
            cards.add(c);
        }
        rows = rows
                .withColumn("scorecard_version", byScorecard(cards, c -> lit(c.card().version())))
                .withColumn("_red_below", byScorecard(cards, c -> lit(config.bandsOf(c.card()).redBelow())))
                .withColumn("_green_at_least", byScorecard(cards, c -> lit(config.bandsOf(c.card()).greenAtLeast())))
                .withColumn("_min_coverage", byScorecard(cards, c -> lit(config.minCoverageOf(c.card()))))
                .withColumn("score", byScorecard(cards, ScorecardColumns::score))
                .withColumn("coverage", byScorecard(cards, ScorecardColumns::coverage))
                .withColumn("group_scores", byScorecard(cards, ScorecardColumns::groupScores))
                .withColumn("measures", byScorecard(cards, ScorecardColumns::measures));
        rows = rows.withColumn("computed_band", computedBand());
        rows = rows
                .withColumn("band", byScorecard(cards, c -> c.cappedBand(col("computed_band"))))
                .withColumn("guard_rail", byScorecard(cards, c -> c.guardRail(col("computed_band"))))
                .withColumn("top_drivers", topDrivers(col("measures")));
        rows = OverrideColumns.apply(rows, overrides);
        rows = ScoreHistory.add(rows, features.select("snapshot_date"), earlierScores, config.trendFlatTolerance());
        return Lakehouse.conform(GoldTables.ACCOUNT_HEALTH_DAILY, rows);
    }

    /** Resolution rules in order, first match wins; a rule's stage counts only when the rows have a stage column. */
    static Column resolve(ScorecardConfig config, boolean hasStage) {
        Column result = null;
        for (ScorecardConfig.Rule rule : config.resolution().rules()) {
            Column match = lit(true);
            if (rule.segment() != null) {
                match = match.and(col("segment").equalTo(lit(rule.segment())));
            }
            if (rule.stage() != null && hasStage) {
                match = match.and(col("stage").equalTo(lit(rule.stage())));
            }
            result = result == null ? when(match, lit(rule.scorecard())) : result.when(match, lit(rule.scorecard()));
        }
        Column fallback = lit(config.resolution().defaultScorecard());
        return result == null ? fallback : result.otherwise(fallback);
    }

    /**
     * unknown without a score or below minCoverage; else red below redBelow, green at or above greenAtLeast
     * (edges exact: 70 with greenAtLeast 70 is green), yellow between.
     */
    static Column computedBand() {
        Column score = col("score");
        return when(score.isNull().or(col("coverage").lt(col("_min_coverage"))), lit(Band.UNKNOWN.label()))
                .when(score.lt(col("_red_below")), lit(Band.RED.label()))
                .when(score.geq(col("_green_at_least")), lit(Band.GREEN.label()))
                .otherwise(lit(Band.YELLOW.label()));
    }

    /** The three measures with the most points lost (&gt; 0 only), most first, ties by measure name. */
    static Column topDrivers(Column measures) {
        Column losing = filter(measures, m -> m.getField("points_lost").gt(lit(0.0)));
        Column sorted = array_sort(losing, (a, b) -> {
            Column pa = a.getField("points_lost");
            Column pb = b.getField("points_lost");
            return when(pa.gt(pb), lit(-1)).when(pa.lt(pb), lit(1))
                    .when(a.getField("measure").lt(b.getField("measure")), lit(-1))
                    .when(a.getField("measure").gt(b.getField("measure")), lit(1)).otherwise(lit(0));
        });
        return transform(slice(sorted, 1, 3), m -> struct(m.getField("measure").as("measure"),
                m.getField("feature").as("feature"), m.getField("raw_value").as("raw_value"),
                m.getField("points_lost").as("points_lost")));
    }

    /** The value of the row's own scorecard. */
    private static Column byScorecard(List<ScorecardColumns> cards, Function<ScorecardColumns, Column> value) {
        Column result = null;
        for (ScorecardColumns c : cards) {
            Column is = col("scorecard").equalTo(lit(c.card().name()));
            result = result == null ? when(is, value.apply(c)) : result.when(is, value.apply(c));
        }
        return result;
    }
}
