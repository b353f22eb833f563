package io.lifecycle.jobs.health;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.percent_rank;
import static org.apache.spark.sql.functions.when;

/** The three normalisations of a feature value to a 0-100 measure score (high = healthy) as Spark columns. */
final class Normalisations {
    private Normalisations() {
    }

    /** The measure's feature as a double; null stays null (missing data). */
    static Column raw(Scorecard.Measure m) {
        return col(m.feature()).cast("double");
    }

    /** The measure score: null when the feature is null, else 0-100. */
    static Column score(Scorecard.Measure m) {
        Column v = raw(m);
        Column s;
        if (m.linear() != null) {
            s = linear(v, m.linear().red(), m.linear().green());
        } else if (m.thresholds() != null) {
            s = thresholds(v, m);
        } else {
            s = col(percentileColumn(m)).multiply(lit(100.0));
        }
        return when(v.isNull(), lit(null).cast("double")).otherwise(s);
    }

    /** 100 x (v - red) / (green - red), clamped to 0-100: works whichever of red and green is larger. */
    static Column linear(Column v, double red, double green) {
        Column line = v.minus(lit(red)).divide(lit(green - red)).multiply(lit(100.0));
        return greatest(lit(0.0), least(lit(100.0), line));
    }

    /** The first cut point the value reaches (cut points listed from the highest down), else otherwise. */
    private static Column thresholds(Column v, Scorecard.Measure m) {
        Column s = null;
        for (Scorecard.Threshold t : m.thresholds()) {
            if (t.otherwise() != null) {
                s = s.otherwise(lit(t.otherwise()));
            } else {
                Column reached = v.geq(lit(t.atLeast()));
                s = s == null ? when(reached, lit(t.score())) : s.when(reached, lit(t.score()));
            }
        }
        return s;
    }

    /** Name of the helper column holding the percent rank a segmentPercentile measure reads. */
    static String percentileColumn(Scorecard.Measure m) {
        return "_pct_" + m.feature() + (m.segmentPercentile().higherIsBetter() ? "_up" : "_down");
    }

    /**
     * Adds one percent-rank column per (feature, direction) that a segmentPercentile measure of any scorecard
     * uses: percent_rank = (rank - 1) / (n - 1) among the rows of the same snapshot date and segment with a
     * value, ordered so that the best value ranks highest; ties share the lower rank.
     */
    static Dataset<Row> addPercentiles(Dataset<Row> active, ScorecardConfig config) {
        Map<String, Column> columns = new LinkedHashMap<>();
        for (Scorecard card : config.scorecards()) {
            for (Scorecard.Group g : card.groups()) {
                for (Scorecard.Measure m : g.measures()) {
                    if (m.segmentPercentile() != null) {
                        Column v = raw(m);
                        WindowSpec w = Window.partitionBy(col("snapshot_date"), col("segment"), v.isNull())
                                .orderBy(m.segmentPercentile().higherIsBetter() ? v.asc() : v.desc());
                        columns.put(percentileColumn(m), percent_rank().over(w));
                    }
                }
            }
        }
        return columns.isEmpty() ? active : active.withColumns(columns);
    }
}
