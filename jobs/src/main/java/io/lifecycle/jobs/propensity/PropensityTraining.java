package io.lifecycle.jobs.propensity;

import java.util.Comparator;
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
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.sum;

/**
 * Trains a propensity model (the expansion model, the churn and contraction models) on labelled feature rows (Spark
 * MLlib), without reading anything else: one mechanism, configured by {@link ClassifierSettings} and a
 * {@link Target}.
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
 *     <li>Floors, per segment: the segment's model is used when its cross-fitted validation ROC AUC is at least
 *     floors.minRocAuc and its Brier skill score BSS = 1 − Brier / Brier_ref is &gt; 0, Brier_ref being the Brier
 *     score of forecasting the segment's training base rate b for every validation row: with ȳ the segment's
 *     validation event rate, Brier_ref = b² − 2bȳ + ȳ. Other segments are scored with b (status baseline).</li>
 * </ol>
 * When no classifier can be trained (too few labelled snapshots, or one class only), the outcome is a baseline entry:
 * base rates by segment over every labelled row (none when there are no labelled rows yet).
 */
public final class PropensityTraining {

    /** The model (a baseline entry when no classifier was trained) and, then, why none was. */
    public record Outcome(PropensityModel model, String skipped) {
    }

    private PropensityTraining() {
    }

    /**
     * @param featureRows {@link ModelFeatures} rows of the labelled snapshot dates
     * @param labels      label rows of the closed snapshots: snapshot_date, account_id and the target's event and
     *                    magnitude columns
     * @param asOf        the run's snapshot date (recorded; the caller made sure every label closed by then)
     */
    public static Outcome train(Dataset<Row> featureRows, Dataset<Row> labels, List<String> featureNames,
                                ClassifierSettings config, Target target, LocalDate asOf) {
        Dataset<Row> labelled = featureRows.join(labels.select(col("snapshot_date"), col("account_id"),
                        col(target.event()).as("event"), col(target.magnitude()).cast("double").as("magnitude")),
                        new String[] {"snapshot_date", "account_id"})
                .withColumn("label", when(col("event"), 1.0).otherwise(0.0))
                .cache(); // read by the split, the base rates and the uplift: the feature joins run once
        try {
            return train(labelled, featureNames, config, target, asOf);
        } finally {
            labelled.unpersist();
        }
    }

    private static Outcome train(Dataset<Row> labelled, List<String> featureNames, ClassifierSettings config,
                                 Target target, LocalDate asOf) {
        List<LocalDate> dates = labelled.select("snapshot_date").distinct().orderBy("snapshot_date").collectAsList()
                .stream().map(r -> r.getDate(0).toLocalDate()).toList();
        int needed = config.validationSnapshots() + config.minTrainingSnapshots();
        if (dates.size() < needed) {
            return baseline(labelled, dates, featureNames, config, target, asOf, String.format(Locale.ROOT, "%d labelled "
                    + "snapshot date(s) by %s; training needs %d (validationSnapshots + minTrainingSnapshots)",
                    dates.size(), asOf, needed));
        }
        List<LocalDate> trainDates = dates.subList(0, dates.size() - config.validationSnapshots());
        List<LocalDate> validDates = dates.subList(dates.size() - config.validationSnapshots(), dates.size());
        Dataset<Row> train = labelled.where(Lakehouse.onDates("snapshot_date", trainDates)).cache();
        Dataset<Row> valid = labelled.where(Lakehouse.onDates("snapshot_date", validDates)).cache();
        try {
            long[] trainCounts = counts(train);
            long[] validCounts = counts(valid);
            if (trainCounts[1] == 0 || trainCounts[1] == trainCounts[0] || validCounts[1] == 0) {
                return baseline(labelled, dates, featureNames, config, target, asOf, String.format(Locale.ROOT,
                        "training rows %d with %d %s events, validation rows %d with %d: both classes are needed",
                        trainCounts[0], trainCounts[1], target.name(), validCounts[0], validCounts[1]));
            }
            Map<String, ProbabilisticClassificationModel<Vector, ?>> candidates = fitCandidates(train, config);
            Map<String, Double> aucs = new LinkedHashMap<>();
            candidates.forEach((kind, m) -> aucs.put(kind, validationAuc(m, valid)));
            String kind = aucs.get(PropensityModel.GBT) > aucs.get(PropensityModel.LOGISTIC)
                    ? PropensityModel.GBT : PropensityModel.LOGISTIC;
            ProbabilisticClassificationModel<Vector, ?> chosen = candidates.get(kind);

            PropensityModel uncalibrated = new PropensityModel(chosen, null, null);
            Dataset<Row> scored = uncalibrated.rawScores(valid)
                    .withColumn("fold", pmod(xxhash64(col("account_id"), lit(config.seed())), lit(2L))).cache();
            Map<String, Double> topDecileShare = new TreeMap<>();
            Map<String, ProbabilityMetrics.Summary> metrics = crossFittedMetrics(scored, config.calibrationBins(),
                    topDecileShare);
            IsotonicRegressionModel calibration = isotonic().fit(scored);
            scored.unpersist();

            Map<String, Double> baseRates = baseRates(train);
            Map<String, Double> skill = new TreeMap<>();
            Map<String, String> status = new TreeMap<>();
            List<String> passing = new ArrayList<>();
            metrics.forEach((segment, summary) -> {
                Double b = baseRates.containsKey(segment) ? baseRates.get(segment)
                        : baseRates.get(ModelMetadata.ALL_SEGMENTS);
                Double bss = brierSkill(summary, b);
                skill.put(segment, bss);
                if (!segment.equals(ModelMetadata.ALL_SEGMENTS)) {
                    boolean useful = passes(summary, bss, config);
                    status.put(segment, useful ? ModelMetadata.MODEL : ModelMetadata.BASELINE);
                    if (useful) {
                        passing.add(segment);
                    }
                }
            });
            String verdict = String.format(Locale.ROOT, "segments using the model (validation ROC AUC >= %.3f and "
                    + "Brier skill > 0): %s; the others are scored with their base rate", config.floors().minRocAuc(),
                    passing.isEmpty() ? "none" : String.join(", ", passing));
            ModelMetadata metadata = new ModelMetadata(version(asOf, config, featureNames), asOf.toString(), kind, aucs,
                    trainDates.stream().map(LocalDate::toString).toList(),
                    validDates.stream().map(LocalDate::toString).toList(), trainCounts[0], validCounts[0],
                    List.copyOf(featureNames), means(train), uplift(labelled), metrics, !passing.isEmpty(), verdict,
                    ModelMetadata.tree(config), baseRates, skill, status, topDecileShare);
            return new Outcome(new PropensityModel(chosen, calibration, metadata), null);
        } finally {
            train.unpersist();
            valid.unpersist();
        }
    }

    /** Whether a segment's model is useful: ROC AUC at the floor or above and Brier skill score &gt; 0. */
    static boolean passes(ProbabilityMetrics.Summary s, Double brierSkill, ClassifierSettings config) {
        return s.rocAuc() != null && s.rocAuc() >= config.floors().minRocAuc() && brierSkill != null && brierSkill > 0;
    }

    /**
     * Brier skill score of the summary's propensities against forecasting {@code baseRate} for every row:
     * 1 − Brier / (b² − 2bȳ + ȳ); null when undefined (no rows, no base rate, or a reference Brier of 0).
     */
    static Double brierSkill(ProbabilityMetrics.Summary s, Double baseRate) {
        if (baseRate == null || s.brier() == null || s.accounts() == 0) {
            return null;
        }
        double y = (double) s.events() / s.accounts();
        double reference = baseRate * baseRate - 2 * baseRate * y + y;
        return reference > 0 ? 1 - s.brier() / reference : null;
    }

    /** Share of rows with the event (label 1), by segment and 'all'; empty without rows. */
    private static Map<String, Double> baseRates(Dataset<Row> labelled) {
        Map<String, Double> out = new TreeMap<>();
        for (Row r : labelled.groupBy("segment").agg(avg(col("label"))).collectAsList()) {
            out.put(r.getString(0), r.getDouble(1));
        }
        Row all = labelled.agg(avg(col("label"))).first();
        if (!all.isNullAt(0)) {
            out.put(ModelMetadata.ALL_SEGMENTS, all.getDouble(0));
        }
        return out;
    }

    /** A registry entry without a classifier: base rates of every labelled row, every segment at baseline. */
    private static Outcome baseline(Dataset<Row> labelled, List<LocalDate> dates, List<String> featureNames,
                                    ClassifierSettings config, Target target, LocalDate asOf, String why) {
        Map<String, Double> baseRates = baseRates(labelled);
        Map<String, String> status = new TreeMap<>();
        baseRates.keySet().stream().filter(s -> !s.equals(ModelMetadata.ALL_SEGMENTS))
                .forEach(s -> status.put(s, ModelMetadata.BASELINE));
        String verdict = "no classifier: " + why + (baseRates.isEmpty()
                ? "; no labelled history, so the " + target.name() + " probability is null (model_status no_history)"
                : "; every segment is scored with its base rate");
        ModelMetadata metadata = new ModelMetadata(version(asOf, config, featureNames), asOf.toString(),
                ModelMetadata.BASELINE_KIND, Map.of(), dates.stream().map(LocalDate::toString).toList(), List.of(),
                labelled.count(), 0, List.copyOf(featureNames), new double[0], uplift(labelled), Map.of(), false,
                verdict, ModelMetadata.tree(config), baseRates, Map.of(), status, Map.of());
        return new Outcome(new PropensityModel(null, null, metadata), why);
    }

    private static Map<String, ProbabilisticClassificationModel<Vector, ?>> fitCandidates(Dataset<Row> train,
                                                                                         ClassifierSettings config) {
        ClassifierSettings.GradientBoostedTrees g = config.models().gradientBoostedTrees();
        ClassifierSettings.LogisticRegression l = config.models().logisticRegression();
        Map<String, ProbabilisticClassificationModel<Vector, ?>> out = new LinkedHashMap<>();
        out.put(PropensityModel.GBT, new GBTClassifier().setLabelCol("label").setFeaturesCol(ModelFeatures.VECTOR)
                .setMaxIter(g.maxIter()).setMaxDepth(g.maxDepth()).setStepSize(g.stepSize())
                .setSubsamplingRate(g.subsamplingRate()).setFeatureSubsetStrategy("all").setSeed(config.seed())
                .fit(train));
        // Standardisation inside MLlib: the penalty treats features alike, coefficients come back on the raw scale.
        out.put(PropensityModel.LOGISTIC, new LogisticRegression().setLabelCol("label")
                .setFeaturesCol(ModelFeatures.VECTOR).setMaxIter(l.maxIter()).setRegParam(l.regParam())
                .setElasticNetParam(l.elasticNetParam()).setStandardization(true).fit(train));
        return out;
    }

    private static double validationAuc(ProbabilisticClassificationModel<Vector, ?> model, Dataset<Row> valid) {
        List<Row> rows = new PropensityModel(model, null, null).rawScores(valid).select("raw_score", "label")
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

    /**
     * Metrics by segment and 'all' of the out-of-fold calibrated propensities; fills {@code topDecileShare} with the
     * share of the events' magnitude (by segment and 'all') that fell in the top tenth of rows by propensity (rows
     * ranked highest first, ties by account_id; null when the events moved no MRR).
     */
    private static Map<String, ProbabilityMetrics.Summary> crossFittedMetrics(Dataset<Row> scored, int bins,
                                                                              Map<String, Double> topDecileShare) {
        List<Row> rows = new ArrayList<>();
        for (long fold = 0; fold < 2; fold++) {
            Dataset<Row> other = scored.where(col("fold").notEqual(fold));
            Dataset<Row> own = scored.where(col("fold").equalTo(fold));
            IsotonicRegressionModel fit = isotonic().fit(other.isEmpty() ? own : other);
            rows.addAll(fit.transform(own).select("segment", "calibrated", "label", "magnitude", "account_id")
                    .collectAsList());
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
            topDecileShare.put(segment, topDecileShare(list));
        });
        return out;
    }

    /** Rows (segment, calibrated, label, magnitude, account_id): event magnitude in the top tenth / all of it. */
    static Double topDecileShare(List<Row> rows) {
        List<Row> ranked = new ArrayList<>(rows);
        ranked.sort(Comparator.<Row>comparingDouble(r -> -r.getDouble(1))
                .thenComparing(r -> r.getString(4)));
        int top = (int) Math.ceil(ranked.size() / 10.0);
        double inTop = 0;
        double all = 0;
        for (int i = 0; i < ranked.size(); i++) {
            Row r = ranked.get(i);
            double m = r.getDouble(2) > 0.5 && !r.isNullAt(3) ? Math.abs(r.getDouble(3)) : 0;
            all += m;
            if (i < top) {
                inTop += m;
            }
        }
        return all > 0 ? inTop / all : null;
    }

    private static IsotonicRegression isotonic() {
        return new IsotonicRegression().setFeaturesCol("raw_score").setLabelCol("label").setPredictionCol("calibrated")
                .setIsotonic(true);
    }

    /** Rows and events. */
    private static long[] counts(Dataset<Row> rows) {
        Row r = rows.agg(count(lit(1)),
                sum(col("label"))).first();
        return new long[] {r.getLong(0), r.isNullAt(1) ? 0 : Math.round(r.getDouble(1))};
    }

    private static double[] means(Dataset<Row> train) {
        Row r = train.select(Summarizer.mean(col(ModelFeatures.VECTOR))).first();
        return ((Vector) r.get(0)).toArray();
    }

    /** Mean magnitude of the rows with the event, by segment and 'all'. */
    private static Map<String, Double> uplift(Dataset<Row> labelled) {
        Dataset<Row> events = labelled.where(col("event"));
        Map<String, Double> out = new TreeMap<>();
        for (Row r : events.groupBy("segment").agg(avg(col("magnitude"))).collectAsList()) {
            out.put(r.getString(0), r.getDouble(1));
        }
        Row all = events.agg(avg(col("magnitude"))).first();
        if (!all.isNullAt(0)) {
            out.put(ModelMetadata.ALL_SEGMENTS, all.getDouble(0));
        }
        return out;
    }

    /** yyyyMMdd-<first 8 hex of SHA-256(config, features)>: deterministic for the same date, config and features. */
    static String version(LocalDate asOf, ClassifierSettings config, List<String> features) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((config.toString() + "|" + features).getBytes(StandardCharsets.UTF_8));
            return asOf.format(DateTimeFormatter.BASIC_ISO_DATE) + "-" + HexFormat.of().formatHex(hash).substring(0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
