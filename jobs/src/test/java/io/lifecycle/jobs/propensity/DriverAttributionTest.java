package io.lifecycle.jobs.propensity;

import io.lifecycle.common.testing.SharedSpark;
import org.apache.spark.ml.classification.GBTClassificationModel;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Contributions add up to the model's log-odds minus its baseline, for both kinds of model. */
class DriverAttributionTest {
    private static final StructType SCHEMA = new StructType().add("label", DataTypes.DoubleType, false)
            .add("features", new VectorUDT(), false);

    /** 40 rows, 3 features: the label follows x0 (mostly) and x1 (a little); x2 is noise. */
    private static Dataset<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            double x0 = i % 10;
            double x1 = (i * 7) % 5;
            double x2 = (i * 3) % 4;
            double label = x0 + 0.5 * x1 > 6 ? 1.0 : (i % 9 == 0 ? 1.0 : 0.0);
            rows.add(RowFactory.create(label, Vectors.dense(x0, x1, x2)));
        }
        return SharedSpark.get().createDataFrame(rows, SCHEMA);
    }

    private static double logit(double p) {
        return Math.log(p / (1 - p));
    }

    @Test
    void logisticRegressionContributionsSumToTheLogOddsAgainstTheMeanAccount() {
        LogisticRegressionModel lr = new LogisticRegression().setMaxIter(50).setRegParam(0.01).fit(rows());
        double[] means = {4.5, 2.0, 1.5};
        DriverAttribution attribution = DriverAttribution.of(lr, means);
        double atMean = lr.intercept() + lr.coefficients().dot(Vectors.dense(means));
        for (double[] x : new double[][] {{9, 4, 0}, {1, 0, 3}, {5, 2, 1}}) {
            double p = lr.predictProbability(Vectors.dense(x)).apply(1);
            double sum = 0;
            for (double c : attribution.contributions(x)) {
                sum += c;
            }
            assertEquals(logit(p) - atMean, sum, 1e-9);
        }
    }

    @Test
    void treeContributionsSumToTheLogOddsAgainstTheRoots() {
        GBTClassificationModel gbt = new GBTClassifier().setMaxIter(3).setMaxDepth(2).setSeed(1).fit(rows());
        double roots = 0;
        for (int t = 0; t < gbt.trees().length; t++) {
            roots += gbt.treeWeights()[t] * gbt.trees()[t].rootNode().prediction();
        }
        DriverAttribution attribution = DriverAttribution.of(gbt);
        for (double[] x : new double[][] {{9, 4, 0}, {1, 0, 3}, {5, 2, 1}}) {
            double p = gbt.predictProbability(Vectors.dense(x)).apply(1);
            double[] c = attribution.contributions(x);
            assertEquals(logit(p) - 2 * roots, c[0] + c[1] + c[2], 1e-9);
        }
        assertEquals(0.0, attribution.contributions(new double[] {9, 4, 0})[2], 1e-12, "noise feature unused");
    }

    @Test
    void topDriversAreTheLargestAbsoluteContributionsWithoutZeros() {
        List<Row> top = PropensityModel.topDrivers(List.of("a", "b", "c", "d"), new double[] {1, 2, 3, 4},
                new double[] {0.1, -0.9, 0.0, 0.5});
        assertEquals(List.of(RowFactory.create("b", 2.0, -0.9), RowFactory.create("d", 4.0, 0.5),
                RowFactory.create("a", 1.0, 0.1)), top);
    }
}
