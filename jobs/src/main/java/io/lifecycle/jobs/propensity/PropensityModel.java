package io.lifecycle.jobs.propensity;

import org.apache.spark.ml.classification.GBTClassificationModel;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.regression.IsotonicRegressionModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.ntile;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;
import org.apache.spark.sql.expressions.UserDefinedFunction;

/**
 * A trained propensity model (expansion, churn, contraction): the classifier kept, the isotonic calibration fitted
 * on the validation period and the registry's metadata (classifier and calibration null for a baseline entry).
 * Scores feature rows ({@link ModelFeatures}) into probability rows the job names for its table.
 */
public record PropensityModel(ProbabilisticClassificationModel<Vector, ?> classifier,
                             IsotonicRegressionModel calibration, ModelMetadata metadata) {
    public static final String GBT = "gradient_boosted_trees";
    public static final String LOGISTIC = "logistic_regression";
    /** Drivers listed per account. */
    static final int DRIVERS = 3;

    static final StructType DRIVER = new StructType()
            .add("feature", DataTypes.StringType, true)
            .add("value", DataTypes.DoubleType, true)
            .add("contribution", DataTypes.DoubleType, true);

    /** Adds raw_score: the classifier's uncalibrated probability of the event. */
    public Dataset<Row> rawScores(Dataset<Row> features) {
        return classifier.transform(features)
                .withColumn("raw_score", vector_to_array(col("probability"), "float64").getItem(1))
                .drop("rawPrediction", "probability", "prediction");
    }

    /** Adds raw_score and propensity: the isotonic calibration of raw_score, clamped to [0, 1]. */
    public Dataset<Row> propensities(Dataset<Row> features) {
        // The calibration was fitted reading raw_score and writing calibrated (PropensityTraining).
        Dataset<Row> calibrated = calibration.transform(rawScores(features));
        return calibrated.withColumn("propensity", least(lit(1.0), greatest(lit(0.0), col("calibrated"))))
                .drop("calibrated");
    }

    /**
     * Scored rows: snapshot_date, account_id, segment, propensity, raw_score, decile, expected_magnitude, mrr,
     * top_drivers, model_version, model_status. Per segment as {@link ModelMetadata#statusOf} says:
     * <ul>
     *     <li>model: propensity, its decile within (snapshot date, segment) — 10 the most likely, ties broken by
     *     account_id — and the top drivers;</li>
     *     <li>baseline: propensity = the segment's base rate, raw_score and decile null, no drivers;</li>
     *     <li>no_history: propensity null as well.</li>
     * </ul>
     * expected_magnitude = propensity × the segment's mean magnitude of the event (null with the propensity).
     */
    public Dataset<Row> score(Dataset<Row> features) {
        List<String> segments = features.select("segment").distinct().collectAsList().stream()
                .map(r -> r.getString(0)).sorted().toList();
        Column status = lit(ModelMetadata.NO_HISTORY);
        Column baseRate = lit(null).cast("double");
        Column upliftOrAll = lit(metadata.upliftOf(ModelMetadata.ALL_SEGMENTS));
        List<String> modelled = new ArrayList<>();
        for (String segment : segments) {
            Column is = col("segment").equalTo(segment);
            String st = metadata.statusOf(segment);
            status = when(is, lit(st)).otherwise(status);
            Double b = metadata.baseRateOf(segment);
            baseRate = when(is, lit(b).cast("double")).otherwise(baseRate);
            upliftOrAll = when(is, lit(metadata.upliftOf(segment))).otherwise(upliftOrAll);
            if (st.equals(ModelMetadata.MODEL)) {
                modelled.add(segment);
            }
        }
        Column isModel = col("model_status").equalTo(ModelMetadata.MODEL);
        Dataset<Row> scored;
        if (modelled.isEmpty()) {
            scored = features.withColumn("model_status", status)
                    .withColumn("raw_score", lit(null).cast("double"))
                    .withColumn("propensity", baseRate)
                    .withColumn("decile", lit(null).cast("int"))
                    .withColumn("top_drivers", emptyDrivers());
        } else {
            Column decile = ntile(10).over(Window.partitionBy("snapshot_date", "segment")
                    .orderBy(col("propensity"), col("account_id")));
            scored = propensities(features).withColumn("model_status", status)
                    .withColumn("decile", when(isModel, decile))
                    .withColumn("raw_score", when(isModel, col("raw_score")))
                    .withColumn("propensity", when(isModel, col("propensity")).otherwise(baseRate))
                    .withColumn("top_drivers", when(isModel, drivers().apply(col(ModelFeatures.VECTOR)))
                            .otherwise(emptyDrivers()));
        }
        return scored
                .withColumn("expected_magnitude", col("propensity").multiply(upliftOrAll))
                .withColumn("model_version", lit(metadata.version()))
                .select(col("snapshot_date"), col("account_id"), col("segment"), col("propensity"), col("raw_score"),
                        col("decile"), col("expected_magnitude"), col("current_mrr").as("mrr"), col("top_drivers"),
                        col("model_version"), col("model_status"));
    }

    private static Column emptyDrivers() {
        return array().cast(DataTypes.createArrayType(DRIVER, true));
    }

    /** The attribution of the classifier kept. */
    DriverAttribution attribution() {
        if (classifier instanceof GBTClassificationModel gbt) {
            return DriverAttribution.of(gbt);
        }
        return DriverAttribution.of((LogisticRegressionModel) classifier, metadata.featureMeans());
    }

    /** A UDF from the feature vector to the top drivers: the largest |contribution| first, zeros left out. */
    private UserDefinedFunction drivers() {
        DriverAttribution attribution = attribution();
        List<String> names = List.copyOf(metadata.features());
        UDF1<Vector, List<Row>> top = v -> topDrivers(names, v.toArray(), attribution.contributions(v.toArray()));
        return udf(top, DataTypes.createArrayType(DRIVER, true));
    }

    static List<Row> topDrivers(List<String> names, double[] x, double[] c) {
        List<Integer> order = new ArrayList<>();
        for (int j = 0; j < c.length; j++) {
            if (c[j] != 0) {
                order.add(j);
            }
        }
        order.sort(Comparator.<Integer>comparingDouble(j -> -Math.abs(c[j])).thenComparing(j -> names.get(j)));
        List<Row> out = new ArrayList<>(DRIVERS);
        for (int j : order.subList(0, Math.min(DRIVERS, order.size()))) {
            out.add(RowFactory.create(names.get(j), x[j], c[j]));
        }
        return out;
    }
}
