package io.lifecycle.jobs.health;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.round;

/**
 * The score of one scorecard as Spark columns, with renormalisation over missing data. With group weights W_g,
 * measure weights w_m and s_m the score of a measure whose feature has a value:
 * <pre>
 *   group score  G_g = sum(w_m s_m) / sum(w_m)          over the measures of g with data (null if none)
 *   score        S   = sum(W_g G_g) / sum(W_g)          over the groups with data (null if none)
 *   effective weight of m = (W_g / sum W_g with data) x (w_m / sum w_m with data in g), so sum(eff x s_m) = S
 *   coverage     = sum over measures with data of (W_g / sum all W) x (w_m / sum all w_m in g)
 * </pre>
 * Helper columns are prefixed {@code _c<index>_} and dropped by {@link HealthScoring}.
 */
final class ScorecardColumns {
    private final Scorecard card;
    private final String prefix;
    private final double totalGroupWeight;

    ScorecardColumns(Scorecard card, int index) {
        this.card = card;
        this.prefix = "_c" + index + "_";
        this.totalGroupWeight = card.groups().stream().mapToDouble(Scorecard.Group::weight).sum();
    }

    Scorecard card() {
        return card;
    }

    /** Adds measure scores, then group scores, then the overall score and coverage as helper columns. */
    Dataset<Row> addTo(Dataset<Row> rows) {
        Map<String, Column> measures = new LinkedHashMap<>();
        forEachMeasure((g, k, m, j) -> measures.put(measureScore(j), Normalisations.score(m)));
        rows = rows.withColumns(measures);

        Map<String, Column> groups = new LinkedHashMap<>();
        for (int k = 0; k < card.groups().size(); k++) {
            Column weightWithData = lit(0.0);
            Column weighted = lit(0.0);
            int j = firstMeasureIndex(k);
            for (Scorecard.Measure m : card.groups().get(k).measures()) {
                Column s = col(measureScore(j++));
                weightWithData = weightWithData.plus(when(s.isNotNull(), lit(m.weight())).otherwise(lit(0.0)));
                weighted = weighted.plus(coalesce(s.multiply(lit(m.weight())), lit(0.0)));
            }
            groups.put(groupWeightWithData(k), weightWithData);
            groups.put(groupScore(k), when(weightWithData.gt(lit(0.0)), weighted.divide(weightWithData)));
        }
        rows = rows.withColumns(groups);

        Column groupWeightWithData = lit(0.0);
        Column weighted = lit(0.0);
        Column coverage = lit(0.0);
        for (int k = 0; k < card.groups().size(); k++) {
            Scorecard.Group g = card.groups().get(k);
            Column gs = col(groupScore(k));
            groupWeightWithData = groupWeightWithData.plus(when(gs.isNotNull(), lit(g.weight())).otherwise(lit(0.0)));
            weighted = weighted.plus(coalesce(gs.multiply(lit(g.weight())), lit(0.0)));
        }
        for (int k = 0; k < card.groups().size(); k++) {
            coverage = coverage.plus(col(groupWeightWithData(k)).multiply(lit(groupShare(card.groups().get(k))
                    / measureWeightOf(card.groups().get(k)))));
        }
        Map<String, Column> overall = new LinkedHashMap<>();
        overall.put(prefix + "weight_with_data", groupWeightWithData);
        overall.put(prefix + "score", when(groupWeightWithData.gt(lit(0.0)), weighted.divide(groupWeightWithData)));
        // Rounded so that full coverage is exactly 1 and the minCoverage comparison is not at the mercy of sums.
        overall.put(prefix + "coverage", round(coverage, 12));
        return rows.withColumns(overall);
    }

    Column score() {
        return col(prefix + "score");
    }

    Column coverage() {
        return col(prefix + "coverage");
    }

    /** group_scores: every group in configured order. */
    Column groupScores() {
        List<Column> groups = new ArrayList<>();
        for (int k = 0; k < card.groups().size(); k++) {
            Scorecard.Group g = card.groups().get(k);
            groups.add(struct(lit(g.name()).as("group"), col(groupScore(k)).as("score"),
                    lit(groupShare(g)).as("weight"),
                    col(groupWeightWithData(k)).divide(lit(measureWeightOf(g))).as("coverage")));
        }
        return array(groups.toArray(Column[]::new));
    }

    /** measures: every measure in configured order, with its contribution to the score and the points it costs. */
    Column measures() {
        List<Column> measures = new ArrayList<>();
        Column overallWithData = col(prefix + "weight_with_data");
        forEachMeasure((g, k, m, j) -> {
            Column s = col(measureScore(j));
            Column effective = when(s.isNotNull(), lit(g.weight()).divide(overallWithData)
                    .multiply(lit(m.weight()).divide(col(groupWeightWithData(k))))).otherwise(lit(0.0));
            measures.add(struct(lit(m.measureName()).as("measure"), lit(g.name()).as("group"),
                    lit(m.feature()).as("feature"), Normalisations.raw(m).as("raw_value"), s.as("score"),
                    lit(groupShare(g) * m.weight() / measureWeightOf(g)).as("weight"),
                    effective.as("effective_weight"), effective.multiply(s).as("contribution"),
                    effective.multiply(lit(100.0).minus(s)).as("points_lost")));
        });
        return array(measures.toArray(Column[]::new));
    }

    /** The band after this scorecard's guard-rails: the computed band capped at the lowest triggered maxBand. */
    Column cappedBand(Column computedBand) {
        Column cap = capRule(true);
        return cap == null ? computedBand
                : when(capApplies(computedBand), capRule(false)).otherwise(computedBand);
    }

    /** Name of the guard-rail that lowered the computed band; null when none did. */
    Column guardRail(Column computedBand) {
        Column cap = capRule(true);
        return cap == null ? lit(null).cast("string") : when(capApplies(computedBand), cap);
    }

    private Column capApplies(Column computedBand) {
        Column rank = when(computedBand.equalTo(lit(Band.RED.label())), lit(Band.RED.rank()))
                .when(computedBand.equalTo(lit(Band.YELLOW.label())), lit(Band.YELLOW.rank()))
                .when(computedBand.equalTo(lit(Band.GREEN.label())), lit(Band.GREEN.rank()));
        Column capRank = null;
        for (Scorecard.GuardRail r : rulesByCap()) {
            Column rr = lit(Band.of(r.maxBand()).rank());
            capRank = capRank == null ? when(triggered(r), rr) : capRank.when(triggered(r), rr);
        }
        return rank.gt(capRank);
    }

    /** The name (or the maxBand) of the triggered rail with the lowest cap, earliest in the file on ties. */
    private Column capRule(boolean name) {
        Column c = null;
        for (Scorecard.GuardRail r : rulesByCap()) {
            Column v = lit(name ? r.ruleName() : r.maxBand());
            c = c == null ? when(triggered(r), v) : c.when(triggered(r), v);
        }
        return c;
    }

    private List<Scorecard.GuardRail> rulesByCap() {
        List<Scorecard.GuardRail> rules = new ArrayList<>(card.guardRails());
        rules.sort(Comparator.comparingInt(r -> Band.of(r.maxBand()).rank()));
        return rules;
    }

    private static Column triggered(Scorecard.GuardRail r) {
        Column v = col(r.feature()).cast("double");
        return r.atLeast() != null ? v.geq(lit(r.atLeast())) : v.leq(lit(r.atMost()));
    }

    private double groupShare(Scorecard.Group g) {
        return g.weight() / totalGroupWeight;
    }

    private static double measureWeightOf(Scorecard.Group g) {
        return g.measures().stream().mapToDouble(Scorecard.Measure::weight).sum();
    }

    private int firstMeasureIndex(int group) {
        int j = 0;
        for (int k = 0; k < group; k++) {
            j += card.groups().get(k).measures().size();
        }
        return j;
    }

    private String measureScore(int j) {
        return prefix + "m" + j;
    }

    private String groupScore(int k) {
        return prefix + "g" + k;
    }

    private String groupWeightWithData(int k) {
        return prefix + "gw" + k;
    }

    private interface MeasureVisitor {
        void visit(Scorecard.Group group, int groupIndex, Scorecard.Measure measure, int measureIndex);
    }

    private void forEachMeasure(MeasureVisitor visitor) {
        int j = 0;
        for (int k = 0; k < card.groups().size(); k++) {
            Scorecard.Group g = card.groups().get(k);
            for (Scorecard.Measure m : g.measures()) {
                visitor.visit(g, k, m, j++);
            }
        }
    }
}
