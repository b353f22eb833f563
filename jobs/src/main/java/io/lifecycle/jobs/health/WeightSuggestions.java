package io.lifecycle.jobs.health;

import io.lifecycle.jobs.shared.RocAuc;
import io.lifecycle.common.catalog.GoldTables;
import io.lifecycle.common.catalog.Tables;
import io.lifecycle.jobs.shared.RocAuc.Bin;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.lifecycle.jobs.shared.RocAuc.Direction.LOW_SCORE_IS_RISK;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.stddev_samp;
import static org.apache.spark.sql.functions.when;

/**
 * Measure weights learned from churn: rows of {@code gold.health_weight_suggestions} (column comments in
 * {@link Tables#GOLD_HEALTH_WEIGHT_SUGGESTIONS}). Suggestions for people; nothing reads them back.
 *
 * <p>Training rows: per segment, the month-end health rows of every closed month pooled (as in
 * {@link HealthBacktest}), label = churned within horizonDays. Features: one per measure name seen in the segment,
 * its 0–100 score; a missing score (null, or the measure absent from the array) is imputed with the mean of the
 * segment's scores of that measure on the same snapshot, or {@value #NEUTRAL_SCORE} when nobody in the segment had
 * one — a neutral value so a missing feature neither helps nor hurts.
 *
 * <p>Model: MLlib logistic regression, L2 (elasticNetParam 0), regParam (default {@value #DEFAULT_REG_PARAM}),
 * standardization on, intercept, maxIter 100, tol 1e-6. Coefficients β are per score point on the original scale.
 * Suggested weight of measure m = max(0, −β_m) × sd_m / Σ_k max(0, −β_k) × sd_k, i.e. the standardised effect
 * of measures whose higher score lowers churn; a measure with β &gt; 0 gets 0 and direction_ok = false. The
 * suggested score is Σ_m weight_m × score_m. AUCs (of −score, low health predicting churn) are from scores rounded
 * to 0.01.
 */
public final class WeightSuggestions {
    public static final double DEFAULT_REG_PARAM = 0.01;
    public static final double NEUTRAL_SCORE = 50.0;
    private static final String FEATURES = "features";
    private static final String LABEL = "label";

    private WeightSuggestions() {
    }

    public static Dataset<Row> of(Dataset<Row> health, Dataset<Row> labels, int horizonDays, LocalDate computedAt) {
        return of(health, labels, horizonDays, computedAt, DEFAULT_REG_PARAM);
    }

    public static Dataset<Row> of(Dataset<Row> health, Dataset<Row> labels, int horizonDays, LocalDate computedAt,
                                  double regParam) {
        if (!(regParam >= 0)) {
            throw new IllegalArgumentException("regParam must be >= 0: " + regParam);
        }
        SparkSession spark = health.sparkSession();
        Dataset<Row> rows = HealthBacktest.labelledMonthEnds(health, labels, horizonDays, computedAt).cache();
        try {
            Dataset<Row> measures = measureScores(rows).cache();
            Map<String, List<String>> measuresBySegment = measuresBySegment(measures);
            Map<String, String> featureColumns = featureColumns(measuresBySegment);
            Dataset<Row> wide = wide(spark, rows, measures, featureColumns).cache();
            List<Row> out = new ArrayList<>();
            for (Map.Entry<String, List<String>> e : measuresBySegment.entrySet()) {
                String segment = e.getKey();
                List<String> names = e.getValue();
                List<String> cols = names.stream().map(featureColumns::get).toList();
                Dataset<Row> seg = wide.where(col("segment").equalTo(segment));
                Configured configured = configured(rows, measures, segment);
                SegmentFit fit = fit(seg, cols, regParam);
                Double holdout = holdoutAuc(seg, cols, regParam);
                for (int i = 0; i < names.size(); i++) {
                    String measure = names.get(i);
                    Double coef = fit.coefficients == null ? null : fit.coefficients[i];
                    out.add(RowFactory.create(Date.valueOf(computedAt), segment, configured.scorecard,
                            configured.version, measure, horizonDays, configured.weights.get(measure),
                            fit.weights == null ? null : fit.weights[i], coef, coef == null ? null : coef <= 0,
                            fit.configuredAuc, fit.suggestedAuc, holdout, fit.accounts, fit.churnEvents));
                }
            }
            wide.unpersist();
            measures.unpersist();
            return spark.createDataFrame(out, GoldTables.HEALTH_WEIGHT_SUGGESTIONS.schema());
        } finally {
            rows.unpersist();
        }
    }

    /** One row per (snapshot, account, measure) present in the measures array: segment, score, weight. */
    static Dataset<Row> measureScores(Dataset<Row> rows) {
        return rows.select(col("segment"), col("snapshot_date"), col("account_id"), col("scorecard"),
                        col("scorecard_version"), explode(col("measures")).as("m"))
                .select(col("segment"), col("snapshot_date"), col("account_id"), col("scorecard"),
                        col("scorecard_version"), col("m.measure").as("measure"), col("m.score").as("measure_score"),
                        col("m.weight").as("weight"));
    }

    /**
     * The training frame: month-end rows with churned (label), the configured score and one imputed score column per
     * measure (named by {@code featureColumns}: f0, f1, …, so any measure name is a safe column name).
     */
    static Dataset<Row> wide(SparkSession spark, Dataset<Row> rows, Dataset<Row> measures, Map<String, String> featureColumns) {
        List<Row> mapping = new ArrayList<>();
        featureColumns.forEach((m, c) -> mapping.add(RowFactory.create(m, c)));
        Dataset<Row> names = spark.createDataFrame(mapping, new StructType()
                .add("measure", "string").add("feature_col", "string"));
        Dataset<Row> segmentMeasures = measures.select("segment", "measure").distinct().join(names, "measure");
        Dataset<Row> scores = measures.groupBy("snapshot_date", "account_id", "measure")
                .agg(avg(col("measure_score")).as("measure_score"));
        Dataset<Row> means = measures.groupBy("segment", "snapshot_date", "measure")
                .agg(avg(col("measure_score")).as("mean_score"));
        Column imputed = coalesce(col("measure_score"), col("mean_score"), lit(NEUTRAL_SCORE));
        Dataset<Row> grid = rows.select("segment", "snapshot_date", "snapshot_month", "account_id", "churned", "score")
                .join(segmentMeasures, "segment")
                .join(scores, new String[] {"snapshot_date", "account_id", "measure"}, "left")
                .join(means, new String[] {"segment", "snapshot_date", "measure"}, "left")
                .withColumn("value", imputed);
        return grid.groupBy("segment", "snapshot_date", "snapshot_month", "account_id", "churned", "score")
                .pivot("feature_col", new ArrayList<>(featureColumns.values()))
                .agg(first(col("value")))
                .withColumn(LABEL, when(col("churned"), 1.0).otherwise(0.0));
    }

    static Map<String, List<String>> measuresBySegment(Dataset<Row> measures) {
        Map<String, List<String>> out = new TreeMap<>();
        for (Row r : measures.select("segment", "measure").distinct().orderBy("segment", "measure").collectAsList()) {
            out.computeIfAbsent(r.getString(0), s -> new ArrayList<>()).add(r.getString(1));
        }
        return out;
    }

    static Map<String, String> featureColumns(Map<String, List<String>> measuresBySegment) {
        Map<String, String> out = new TreeMap<>();
        measuresBySegment.values().forEach(ms -> ms.forEach(m -> out.putIfAbsent(m, null)));
        int i = 0;
        for (Map.Entry<String, String> e : out.entrySet()) {
            e.setValue("f" + i++);
        }
        return out;
    }

    /** The scorecard in use and its configured weight shares (see the configured_weight column comment). */
    private record Configured(String scorecard, String version, Map<String, Double> weights) {
    }

    private static Configured configured(Dataset<Row> rows, Dataset<Row> measures, String segment) {
        Dataset<Row> seg = rows.where(col("segment").equalTo(segment));
        Row newest = seg.agg(max(col("snapshot_date"))).first();
        if (newest.isNullAt(0)) {
            return new Configured(null, null, Map.of());
        }
        Date snapshot = newest.getDate(0);
        List<Row> versions = seg.where(col("snapshot_date").equalTo(lit(snapshot)))
                .groupBy("scorecard", "scorecard_version").agg(count(lit(1)).as("n"))
                .orderBy(col("n").desc(), col("scorecard_version").desc_nulls_last(), col("scorecard").desc_nulls_last())
                .limit(1).collectAsList();
        String scorecard = versions.get(0).getString(0);
        String version = versions.get(0).getString(1);
        Column sameCard = col("segment").equalTo(segment).and(col("snapshot_date").equalTo(lit(snapshot)))
                .and(scorecard == null ? col("scorecard").isNull() : col("scorecard").equalTo(scorecard))
                .and(version == null ? col("scorecard_version").isNull() : col("scorecard_version").equalTo(version));
        Map<String, Double> raw = new HashMap<>();
        for (Row r : measures.where(sameCard).groupBy("measure").agg(avg(col("weight"))).collectAsList()) {
            if (!r.isNullAt(1)) {
                raw.put(r.getString(0), r.getDouble(1));
            }
        }
        double total = raw.values().stream().mapToDouble(Double::doubleValue).sum();
        Map<String, Double> shares = new HashMap<>();
        raw.forEach((m, w) -> shares.put(m, total > 0 ? w / total : null));
        return new Configured(scorecard, version, shares);
    }

    /** A segment's in-sample fit: coefficients, suggested weights, AUCs and counts (model fields null when unfit). */
    private record SegmentFit(long accounts, long churnEvents, double[] coefficients, double[] weights,
                              Double configuredAuc, Double suggestedAuc) {
    }

    private static SegmentFit fit(Dataset<Row> seg, List<String> cols, double regParam) {
        Row counts = seg.agg(count(lit(1)), count(when(col("churned"), 1))).first();
        long accounts = counts.getLong(0);
        long churned = counts.getLong(1);
        Double configuredAuc = auc(seg, col("score"));
        double[] coefficients = churned > 0 && churned < accounts ? coefficients(seg, cols, regParam) : null;
        if (coefficients == null) {
            return new SegmentFit(accounts, churned, null, null, configuredAuc, null);
        }
        double[] weights = weights(seg, cols, coefficients);
        return new SegmentFit(accounts, churned, coefficients, weights, configuredAuc, auc(seg, suggestedScore(cols, weights)));
    }

    /** Weights fitted on all months but the newest, evaluated on the newest; null when that is not possible. */
    private static Double holdoutAuc(Dataset<Row> seg, List<String> cols, double regParam) {
        List<Row> months = seg.select("snapshot_month").distinct().orderBy(col("snapshot_month").desc()).collectAsList();
        if (months.size() < 2) {
            return null;
        }
        Column newest = col("snapshot_month").equalTo(lit(months.get(0).getDate(0)));
        Dataset<Row> train = seg.where(not(newest));
        Row counts = train.agg(count(lit(1)), count(when(col("churned"), 1))).first();
        if (counts.getLong(1) == 0 || counts.getLong(1) == counts.getLong(0)) {
            return null;
        }
        double[] weights = weights(train, cols, coefficients(train, cols, regParam));
        return weights == null ? null : auc(seg.where(newest), suggestedScore(cols, weights));
    }

    private static double[] coefficients(Dataset<Row> train, List<String> cols, double regParam) {
        Dataset<Row> assembled = new VectorAssembler().setInputCols(cols.toArray(String[]::new)).setOutputCol(FEATURES)
                .transform(train);
        LogisticRegressionModel model = new LogisticRegression().setRegParam(regParam).setElasticNetParam(0.0)
                .setStandardization(true).setFitIntercept(true).setMaxIter(100).setTol(1e-6)
                .setFeaturesCol(FEATURES).setLabelCol(LABEL).setFamily("binomial")
                .fit(assembled);
        return model.coefficients().toArray();
    }

    /** max(0, −β) × sd, normalised to sum 1; null when every measure got 0 (no measure lowers churn). */
    private static double[] weights(Dataset<Row> train, List<String> cols, double[] coefficients) {
        Row sds = train.agg(stddev_samp(col(cols.get(0))), cols.stream().skip(1).map(c -> stddev_samp(col(c)))
                .toArray(Column[]::new)).first();
        double[] w = new double[cols.size()];
        double total = 0;
        for (int i = 0; i < w.length; i++) {
            double sd = sds.isNullAt(i) ? 0.0 : sds.getDouble(i);
            w[i] = Math.max(0.0, -coefficients[i]) * sd;
            total += w[i];
        }
        if (!(total > 0)) {
            return null;
        }
        for (int i = 0; i < w.length; i++) {
            w[i] /= total;
        }
        return w;
    }

    private static Column suggestedScore(List<String> cols, double[] weights) {
        Column score = lit(0.0);
        for (int i = 0; i < weights.length; i++) {
            score = score.plus(col(cols.get(i)).multiply(weights[i]));
        }
        return score;
    }

    /** AUC of −score for churn from per-(score rounded to 0.01, churned) counts; null when undefined. */
    private static Double auc(Dataset<Row> rows, Column score) {
        List<Bin> bins = new ArrayList<>();
        for (Row r : rows.where(score.isNotNull()).groupBy(round(score, 2).as("s"))
                .agg(count(when(col("churned"), 1)), count(when(not(col("churned")), 1)))
                .collectAsList()) {
            bins.add(new Bin(r.getDouble(0), r.getLong(1), r.getLong(2)));
        }
        double auc = RocAuc.auc(bins, LOW_SCORE_IS_RISK);
        return Double.isNaN(auc) ? null : auc;
    }
}
