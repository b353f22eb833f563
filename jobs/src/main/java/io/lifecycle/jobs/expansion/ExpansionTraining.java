package io.lifecycle.jobs.expansion;

import io.lifecycle.jobs.shared.ProbabilityMetrics;
import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.jobs.shared.RocAuc;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.regression.IsotonicRegression;
import org.apache.spark.ml.regression.IsotonicRegressionModel;
import org.apache.spark.ml.stat.Summarizer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * Trains the expansion model on labelled feature rows (Spark MLlib), without reading anything else.
 *
 * <ol>
 *     <li>Time-based split: the newest {@code validationSnapshots} labelled snapshot dates validate, the older ones
 *     train (at least {@code minTrainingSnapshots}).</li>
 *     <li>Two candidates with the configured seed: gradient-boosted trees and an L2/elastic-net regularised logistic
 *     regression; the one with the higher validation ROC AUC is kept (ties: the logistic regression).</li>
 *     <li>Calibration: isotonic regression of the outcome on the kept model's raw score over the validation rows.
 *     The reported metrics are cross-fitted so that they do not flatter the calibration: validation accounts are
 *     split in two folds by a seeded hash of account_id, each fold is calibrated by the isotonic fit on the other,
 *     and the metrics are computed on those out-of-fold propensities. The calibration saved is fitted on all
 *     validation rows.</li>
 * </ol>
 */
public final class ExpansionTraining {

    /** A model, or why none was trained. */
    public record Outcome(ExpansionModel model, String skipped) {
    }

    private ExpansionTraining() {
    }

    /**
     * @param featureRows {@link ExpansionFeatures} rows of the labelled snapshot dates
     * @param labels      {@link ExpansionLabels} rows (closed snapshots only)
     * @param asOf        the run's snapshot date (recorded; the caller made sure every label closed by then)
     */
    public static Outcome train(Dataset<Row> featureRows, Dataset<Row> labels, List<String> featureNames,
                                ExpansionConfig config, LocalDate asOf) {
        Dataset<Row> labelled = featureRows.join(labels.select("snapshot_date", "account_id", "expanded",
                        "expansion_mrr"), new String[] {"snapshot_date", "account_id"})
                .withColumn("label", when(col("expanded"), 1.0).otherwise(0.0));
        List<LocalDate> dates = labelled.select("snapshot_date").distinct().orderBy("snapshot_date").collectAsList()
                .stream().map(r -> r.getDate(0).toLocalDate()).toList();
        int needed = config.validationSnapshots() + config.minTrainingSnapshots();
        if (dates.size() < needed) {
            return new Outcome(null, String.format(Locale.ROOT, "%d labelled snapshot date(s) by %s; training needs "
                    + "%d (validationSnapshots + minTrainingSnapshots)", dates.size(), asOf, needed));
        }
        List<LocalDate> trainDates = dates.subList(0, dates.size() - config.validationSnapshots());
        List<LocalDate> validDates = dates.subList(dates.size() - config.validationSnapshots(), dates.size());
        Dataset<Row> train = labelled.where(Lakehouse.onDates("snapshot_date", trainDates)).cache();
        Dataset<Row> valid = labelled.where(Lakehouse.onDates("snapshot_date", validDates)).cache();
        try {
            long[] trainCounts = counts(train);
            long[] validCounts = counts(valid);
            if (trainCounts[1] == 0 || trainCounts[1] == trainCounts[0] || validCounts[1] == 0) {
                return new Outcome(null, String.format(Locale.ROOT, "training rows %d with %d expansions, validation "
                        + "rows %d with %d: both classes are needed", trainCounts[0], trainCounts[1], validCounts[0],
                        validCounts[1]));
            }
            Map<String, ProbabilisticClassificationModel<Vector, ?>> candidates = fitCandidates(train, config);
            Map<String, Double> aucs = new LinkedHashMap<>();
            candidates.forEach((kind, m) -> aucs.put(kind, validationAuc(m, valid)));
            String kind = aucs.get(ExpansionModel.GBT) > aucs.get(ExpansionModel.LOGISTIC)
                    ? ExpansionModel.GBT : ExpansionModel.LOGISTIC;
            ProbabilisticClassificationModel<Vector, ?> chosen = candidates.get(kind);

            ExpansionModel uncalibrated = new ExpansionModel(chosen, null, null);
            Dataset<Row> scored = uncalibrated.rawScores(valid)
                    .withColumn("fold", pmod(xxhash64(col("account_id"), lit(config.seed())), lit(2L))).cache();
            Map<String, ProbabilityMetrics.Summary> metrics = crossFittedMetrics(scored, config.calibrationBins());
            IsotonicRegressionModel calibration = isotonic().fit(scored);
            scored.unpersist();

            ProbabilityMetrics.Summary all = metrics.get(ModelMetadata.ALL_SEGMENTS);
            boolean passed = all.rocAuc() != null && all.ece() != null && all.rocAuc() >= config.floors().minRocAuc()
                    && all.ece() <= config.floors().maxEce();
            String verdict = String.format(Locale.ROOT, "validation ROC AUC %s (floor %.3f), ECE %s (ceiling %.3f): %s",
                    fmt(all.rocAuc()), config.floors().minRocAuc(), fmt(all.ece()), config.floors().maxEce(),
                    passed ? "passed" : "failed");
            ModelMetadata metadata = new ModelMetadata(version(asOf, config, featureNames), asOf.toString(), kind, aucs,
                    trainDates.stream().map(LocalDate::toString).toList(),
                    validDates.stream().map(LocalDate::toString).toList(), trainCounts[0], validCounts[0],
                    List.copyOf(featureNames), means(train), uplift(labelled), metrics, passed, verdict, config);
            return new Outcome(new ExpansionModel(chosen, calibration, metadata), null);
        } finally {
            train.unpersist();
            valid.unpersist();
        }
    }

    private static Map<String, ProbabilisticClassificationModel<Vector, ?>> fitCandidates(Dataset<Row> train,
                                                                                         ExpansionConfig config) {
        ExpansionConfig.GradientBoostedTrees g = config.models().gradientBoostedTrees();
        ExpansionConfig.LogisticRegression l = config.models().logisticRegression();
        Map<String, ProbabilisticClassificationModel<Vector, ?>> out = new LinkedHashMap<>();
        out.put(ExpansionModel.GBT, new GBTClassifier().setLabelCol("label").setFeaturesCol(ExpansionFeatures.VECTOR)
                .setMaxIter(g.maxIter()).setMaxDepth(g.maxDepth()).setStepSize(g.stepSize())
                .setSubsamplingRate(g.subsamplingRate()).setFeatureSubsetStrategy("all").setSeed(config.seed())
                .fit(train));
        // Standardisation inside MLlib: the penalty treats features alike, coefficients come back on the raw scale.
        out.put(ExpansionModel.LOGISTIC, new LogisticRegression().setLabelCol("label")
                .setFeaturesCol(ExpansionFeatures.VECTOR).setMaxIter(l.maxIter()).setRegParam(l.regParam())
                .setElasticNetParam(l.elasticNetParam()).setStandardization(true).fit(train));
        return out;
    }

    private static double validationAuc(ProbabilisticClassificationModel<Vector, ?> model, Dataset<Row> valid) {
        List<Row> rows = new ExpansionModel(model, null, null).rawScores(valid).select("raw_score", "label")
                .collectAsList();
        double[] p = new double[rows.size()];
        boolean[] y = new boolean[rows.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = rows.get(i).getDouble(0);
            y[i] = rows.get(i).getDouble(1) > 0.5;
        }
        double auc = RocAuc.auc(p, y);
        return Double.isNaN(auc) ? 0.5 : auc;
    }

    /** Metrics by segment and 'all' of the out-of-fold calibrated propensities. */
    private static Map<String, ProbabilityMetrics.Summary> crossFittedMetrics(Dataset<Row> scored, int bins) {
        List<Row> rows = new ArrayList<>();
        for (long fold = 0; fold < 2; fold++) {
            Dataset<Row> other = scored.where(col("fold").notEqual(fold));
            Dataset<Row> own = scored.where(col("fold").equalTo(fold));
            IsotonicRegressionModel fit = isotonic().fit(other.isEmpty() ? own : other);
            rows.addAll(fit.transform(own).select("segment", "calibrated", "label").collectAsList());
        }
        Map<String, List<Row>> bySegment = new TreeMap<>();
        for (Row r : rows) {
            bySegment.computeIfAbsent(r.getString(0), s -> new ArrayList<>()).add(r);
        }
        bySegment.put(ModelMetadata.ALL_SEGMENTS, rows);
        Map<String, ProbabilityMetrics.Summary> out = new TreeMap<>();
        bySegment.forEach((segment, list) -> {
            double[] p = new double[list.size()];
            boolean[] y = new boolean[list.size()];
            for (int i = 0; i < p.length; i++) {
                p[i] = Math.min(1, Math.max(0, list.get(i).getDouble(1)));
                y[i] = list.get(i).getDouble(2) > 0.5;
            }
            out.put(segment, ProbabilityMetrics.of(p, y, bins));
        });
        return out;
    }

    private static IsotonicRegression isotonic() {
        return new IsotonicRegression().setFeaturesCol("raw_score").setLabelCol("label").setPredictionCol("calibrated")
                .setIsotonic(true);
    }

    /** Rows and expansions. */
    private static long[] counts(Dataset<Row> rows) {
        Row r = rows.agg(org.apache.spark.sql.functions.count(lit(1)),
                org.apache.spark.sql.functions.sum(col("label"))).first();
        return new long[] {r.getLong(0), r.isNullAt(1) ? 0 : Math.round(r.getDouble(1))};
    }

    private static double[] means(Dataset<Row> train) {
        Row r = train.select(Summarizer.mean(col(ExpansionFeatures.VECTOR))).first();
        return ((Vector) r.get(0)).toArray();
    }

    /** Mean expansion_mrr of the expanded rows, by segment and 'all'. */
    private static Map<String, Double> uplift(Dataset<Row> labelled) {
        Dataset<Row> expanded = labelled.where(col("expanded"));
        Map<String, Double> out = new TreeMap<>();
        for (Row r : expanded.groupBy("segment").agg(avg(col("expansion_mrr"))).collectAsList()) {
            out.put(r.getString(0), r.getDouble(1));
        }
        Row all = expanded.agg(avg(col("expansion_mrr"))).first();
        if (!all.isNullAt(0)) {
            out.put(ModelMetadata.ALL_SEGMENTS, all.getDouble(0));
        }
        return out;
    }

    /** yyyyMMdd-<first 8 hex of SHA-256(config, features)>: deterministic for the same date, config and features. */
    static String version(LocalDate asOf, ExpansionConfig config, List<String> features) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((config.toString() + "|" + features).getBytes(StandardCharsets.UTF_8));
            return asOf.format(DateTimeFormatter.BASIC_ISO_DATE) + "-" + HexFormat.of().formatHex(hash).substring(0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String fmt(Double v) {
        return v == null ? "undefined" : String.format(Locale.ROOT, "%.3f", v);
    }
}
