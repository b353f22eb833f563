package io.lifecycle.jobs.propensity;

import io.lifecycle.common.testing.SharedSpark;
import io.lifecycle.jobs.shared.ProbabilityMetrics;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The isotonic calibration of {@link PropensityTraining} makes the probabilities honest. A seeded synthetic set with
 * a rare event (5 % base rate, 30 % in one corner of the feature space) and a gradient-boosted model of five shallow
 * trees with a small step, whose raw probabilities stay far from the true rates: on the validation snapshots the
 * raw scores' ECE is large, the calibrated (cross-fitted) ECE small.
 */
class CalibrationTest {
    private final SparkSession spark = SharedSpark.get();

    @Test
    void calibrationImprovesTheExpectedCalibrationError() {
        Random random = new Random(20261207L);
        List<Row> features = new ArrayList<>();
        List<Row> labels = new ArrayList<>();
        List<LocalDate> dates = List.of(LocalDate.of(2025, 1, 31), LocalDate.of(2025, 2, 28),
                LocalDate.of(2025, 3, 31), LocalDate.of(2025, 4, 30), LocalDate.of(2025, 5, 31));
        for (LocalDate d : dates) {
            for (int i = 0; i < 2000; i++) {
                double x1 = random.nextDouble();
                double x2 = random.nextDouble();
                double p = x1 > 0.7 && x2 > 0.7 ? 0.30 : 0.02;
                boolean event = random.nextDouble() < p;
                String account = "A" + i;
                features.add(RowFactory.create(Date.valueOf(d), account, "smb", x1, x2));
                labels.add(RowFactory.create(Date.valueOf(d), account, event, event ? 100.0 : 0.0));
            }
        }
        Dataset<Row> rows = new VectorAssembler().setInputCols(new String[] {"x1", "x2"})
                .setOutputCol(ModelFeatures.VECTOR).transform(spark.createDataFrame(features, new StructType()
                        .add("snapshot_date", DataTypes.DateType).add("account_id", DataTypes.StringType)
                        .add("segment", DataTypes.StringType).add("x1", DataTypes.DoubleType)
                        .add("x2", DataTypes.DoubleType)));
        Dataset<Row> labelRows = spark.createDataFrame(labels, new StructType()
                .add("snapshot_date", DataTypes.DateType).add("account_id", DataTypes.StringType)
                .add("happened", DataTypes.BooleanType).add("moved", DataTypes.DoubleType));
        Settings settings = new Settings();
        PropensityTraining.Outcome outcome = PropensityTraining.train(rows, labelRows, List.of("x1", "x2"), settings,
                new Target("synthetic", "happened", "moved"), dates.get(dates.size() - 1).plusDays(90));
        PropensityModel model = outcome.model();
        assertEquals(PropensityModel.GBT, model.metadata().kind(), model.metadata().candidateRocAuc().toString());

        Dataset<Row> valid = model.rawScores(rows.where(col("snapshot_date").geq(Date.valueOf(dates.get(3)))))
                .join(labelRows, new String[] {"snapshot_date", "account_id"});
        List<Row> scored = valid.select("raw_score", "happened").collectAsList();
        double[] p = new double[scored.size()];
        boolean[] y = new boolean[scored.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = scored.get(i).getDouble(0);
            y[i] = scored.get(i).getBoolean(1);
        }
        double raw = ProbabilityMetrics.of(p, y, 10).ece();
        double calibrated = model.metadata().metrics().get(ModelMetadata.ALL_SEGMENTS).ece();
        assertEquals(4000, model.metadata().metrics().get(ModelMetadata.ALL_SEGMENTS).accounts());
        assertTrue(raw > 0.05, "raw scores of five shallow trees are off: ECE " + raw + " (calibrated " + calibrated
                + ")");
        assertTrue(calibrated < 0.03 && calibrated < raw / 5, "calibrated ECE " + calibrated + " against raw " + raw);
    }

    /** Five depth-2 trees; logistic regression so strongly penalised that it cannot rank the corner. */
    private record Settings() implements ClassifierSettings {
        public Integer horizonDays() { return 90; }
        public Integer validationSnapshots() { return 2; }
        public Integer minTrainingSnapshots() { return 2; }
        public Retrain retrain() { return new Retrain(7, true); }
        public Floors floors() { return new Floors(0.0); }
        public Integer calibrationBins() { return 10; }
        public Long seed() { return 7L; }
        public Models models() {
            return new Models(new GradientBoostedTrees(5, 2, 0.1, 1.0), new LogisticRegression(20, 0.05, 0.0));
        }
    }
}
