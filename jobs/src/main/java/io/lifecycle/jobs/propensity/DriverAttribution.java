package io.lifecycle.jobs.propensity;

import org.apache.spark.ml.classification.GBTClassificationModel;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.regression.DecisionTreeRegressionModel;
import org.apache.spark.ml.tree.ContinuousSplit;
import org.apache.spark.ml.tree.InternalNode;
import org.apache.spark.ml.tree.Node;
import org.apache.spark.ml.tree.Split;

import java.io.Serializable;

/**
 * Signed contribution of each feature to one account's score, in log-odds of the uncalibrated model (calibration
 * is monotone, so it keeps their order and sign).
 *
 * <ul>
 *     <li>Logistic regression: c_j = β_j × (x_j − mean_j), the mean over the training rows being the baseline;
 *     Σ_j c_j = logit(p) − logit(p at the mean account).</li>
 *     <li>Gradient-boosted trees: path attribution (Saabas): along each tree t's path, a split on feature j moving
 *     from node n to child m adds w_t × (value(m) − value(n)) to c_j; times 2, since MLlib's GBT gives
 *     p = 1 / (1 + e^(−2F)) for the margin F = Σ_t w_t × leaf_t. Σ_j c_j = logit(p) − 2 Σ_t w_t × root value_t.</li>
 * </ul>
 */
public interface DriverAttribution extends Serializable {

    double[] contributions(double[] x);

    static DriverAttribution of(LogisticRegressionModel model, double[] means) {
        double[] beta = model.coefficients().toArray();
        return x -> {
            double[] c = new double[x.length];
            for (int j = 0; j < x.length; j++) {
                c[j] = beta[j] * (x[j] - means[j]);
            }
            return c;
        };
    }

    static DriverAttribution of(GBTClassificationModel model) {
        DecisionTreeRegressionModel[] trees = model.trees();
        Node[] roots = new Node[trees.length];
        for (int t = 0; t < trees.length; t++) {
            roots[t] = trees[t].rootNode();
        }
        double[] weights = model.treeWeights();
        return x -> {
            double[] c = new double[x.length];
            for (int t = 0; t < roots.length; t++) {
                Node node = roots[t];
                while (node instanceof InternalNode in) {
                    Node next = goesLeft(in.split(), x) ? in.leftChild() : in.rightChild();
                    c[in.split().featureIndex()] += 2 * weights[t] * (next.prediction() - in.prediction());
                    node = next;
                }
            }
            return c;
        };
    }

    private static boolean goesLeft(Split split, double[] x) {
        if (split instanceof ContinuousSplit s) {
            return x[s.featureIndex()] <= s.threshold();
        }
        return split.shouldGoLeft(Vectors.dense(x));
    }
}
