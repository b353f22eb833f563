package io.lifecycle.jobs.clv;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.SimpleValueChecker;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;

/**
 * Maximum likelihood for models whose parameters are all positive: the optimiser works on
 * θ = ln(parameter), so every point it tries is admissible. Nelder–Mead is restarted from its
 * own optimum until a restart no longer improves the log-likelihood (a collapsed simplex is the
 * method's usual failure); if that does not settle, the next starting point is tried.
 */
final class LogScaleMaximumLikelihood {
    /** |θ| beyond this (a parameter outside [1.4e-11, 7.2e10]) counts as a runaway estimate. */
    private static final double LOG_BOUND = 25;
    private static final int MAX_EVALUATIONS_PER_RUN = 20_000;
    private static final int MAX_RESTARTS = 8;
    private static final double FIRST_STEP = 0.5;
    private static final double RESTART_STEP = 0.05;

    private LogScaleMaximumLikelihood() {
    }

    /**
     * @param names         parameter names, in the order the log-likelihood reads them
     * @param logLikelihood total log-likelihood at positive parameter values (natural scale)
     * @param starts        starting points on the natural scale, tried in order until one converges
     */
    static FitResult maximise(List<String> names, ToDoubleFunction<double[]> logLikelihood, List<double[]> starts) {
        NegativeLogLikelihood objective = new NegativeLogLikelihood(logLikelihood);
        Candidate best = null;
        int iterations = 0;
        for (double[] start : starts) {
            Candidate c = fromStart(objective, start);
            iterations += c.iterations;
            if (best == null || c.value < best.value) {
                best = c;
            }
            if (c.settled) {
                break;
            }
        }
        if (best == null || !Double.isFinite(best.value)) {
            throw new IllegalStateException("The log-likelihood of " + names + " is not finite at any starting point");
        }
        double[] estimates = exp(best.theta);
        double[][] hessian = ObservedInformation.hessian(objective::valueAt, best.theta);
        double[] se = ObservedInformation.standardErrorsFromLogScale(hessian, estimates);
        boolean inBounds = true;
        for (double t : best.theta) {
            inBounds &= Math.abs(t) < LOG_BOUND - 1;
        }
        boolean converged = best.settled && inBounds && Double.isFinite(se[0]);
        return new FitResult(names, estimates, se, -best.value, converged, iterations, objective.evaluations);
    }

    private static Candidate fromStart(NegativeLogLikelihood objective, double[] start) {
        double[] theta = new double[start.length];
        for (int i = 0; i < start.length; i++) {
            if (!(start[i] > 0)) {
                throw new IllegalArgumentException("Starting values must be positive, got " + start[i]);
            }
            theta[i] = Math.log(start[i]);
        }
        double value = objective.valueAt(theta);
        int iterations = 0;
        boolean settled = false;
        for (int run = 0; run <= MAX_RESTARTS && Double.isFinite(value); run++) {
            Run r = nelderMead(objective, theta, run == 0 ? FIRST_STEP : RESTART_STEP);
            iterations += r.iterations;
            double improvement = value - r.value;
            if (r.value <= value) {
                theta = r.theta;
                value = r.value;
            }
            if (run > 0 && r.onTolerance && improvement <= 1e-9 * Math.max(1, Math.abs(value))) {
                settled = true;
                break;
            }
        }
        return new Candidate(theta, value, settled, iterations);
    }

    private static Run nelderMead(NegativeLogLikelihood objective, double[] theta, double step) {
        SimplexOptimizer optimizer = new SimplexOptimizer(new SimpleValueChecker(1e-14, 1e-12));
        double[] steps = new double[theta.length];
        Arrays.fill(steps, step);
        objective.resetBest(theta);
        try {
            var p = optimizer.optimize(new MaxEval(MAX_EVALUATIONS_PER_RUN), new ObjectiveFunction(objective::valueAt),
                    GoalType.MINIMIZE, new InitialGuess(theta), new NelderMeadSimplex(steps));
            return new Run(p.getPoint(), p.getValue(), true, optimizer.getIterations());
        } catch (TooManyEvaluationsException e) {
            return new Run(objective.bestTheta.clone(), objective.bestValue, false, optimizer.getIterations());
        }
    }

    private static double[] exp(double[] theta) {
        double[] x = new double[theta.length];
        for (int i = 0; i < theta.length; i++) {
            x[i] = Math.exp(theta[i]);
        }
        return x;
    }

    /** −LL(exp θ); +∞ outside the box |θ| < LOG_BOUND or where the log-likelihood is not finite. */
    private static final class NegativeLogLikelihood {
        private final ToDoubleFunction<double[]> logLikelihood;
        private int evaluations;
        private double[] bestTheta;
        private double bestValue;

        NegativeLogLikelihood(ToDoubleFunction<double[]> logLikelihood) {
            this.logLikelihood = logLikelihood;
        }

        void resetBest(double[] theta) {
            bestTheta = theta.clone();
            bestValue = Double.POSITIVE_INFINITY;
        }

        double valueAt(double[] theta) {
            for (double t : theta) {
                if (!(Math.abs(t) < LOG_BOUND)) {
                    return Double.POSITIVE_INFINITY;
                }
            }
            evaluations++;
            double ll = logLikelihood.applyAsDouble(exp(theta));
            double value = Double.isFinite(ll) ? -ll : Double.POSITIVE_INFINITY;
            if (value < bestValue) {
                bestValue = value;
                bestTheta = theta.clone();
            }
            return value;
        }
    }

    private record Run(double[] theta, double value, boolean onTolerance, int iterations) {
    }

    private record Candidate(double[] theta, double value, boolean settled, int iterations) {
    }
}
