package io.lifecycle.jobs.clv;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Standard errors from the observed information: the Hessian H of the negative log-likelihood at
 * the optimum, taken by central differences on the log scale θ = ln(parameter). Cov(θ) = H⁻¹ and,
 * by the delta method with d(parameter)/dθ = parameter, se(parameter_i) = parameter_i · √(H⁻¹)_ii.
 */
final class ObservedInformation {
    /**
     * Step on the log scale (0.1% relative change of the parameter). A second difference loses
     * about ε·|LL|/h² to rounding, so h must not be much smaller for log-likelihoods in the thousands.
     */
    static final double LOG_STEP = 1e-3;

    private ObservedInformation() {
    }

    static double[][] hessian(ToDoubleFunction<double[]> f, double[] x) {
        int n = x.length;
        double h = LOG_STEP;
        double f0 = f.applyAsDouble(x);
        double[][] hess = new double[n][n];
        for (int i = 0; i < n; i++) {
            hess[i][i] = (at(f, x, i, h, i, 0) - 2 * f0 + at(f, x, i, -h, i, 0)) / (h * h);
            for (int j = 0; j < i; j++) {
                double d = at(f, x, i, h, j, h) - at(f, x, i, h, j, -h) - at(f, x, i, -h, j, h) + at(f, x, i, -h, j, -h);
                hess[i][j] = d / (4 * h * h);
                hess[j][i] = hess[i][j];
            }
        }
        return hess;
    }

    /** Delta-method standard errors; all NaN when the Hessian is not finite and positive definite. */
    static double[] standardErrorsFromLogScale(double[][] hessian, double[] estimates) {
        double[] se = new double[estimates.length];
        Arrays.fill(se, Double.NaN);
        for (double[] row : hessian) {
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    return se;
                }
            }
        }
        RealMatrix covariance;
        try {
            covariance = new CholeskyDecomposition(new Array2DRowRealMatrix(hessian)).getSolver().getInverse();
        } catch (NonPositiveDefiniteMatrixException e) {
            return se;
        }
        for (int i = 0; i < estimates.length; i++) {
            se[i] = estimates[i] * Math.sqrt(covariance.getEntry(i, i));
        }
        return se;
    }

    private static double at(ToDoubleFunction<double[]> f, double[] x, int i, double hi, int j, double hj) {
        double[] y = x.clone();
        y[i] += hi;
        y[j] += hj;
        return f.applyAsDouble(y);
    }
}
