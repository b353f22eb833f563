package io.lifecycle.pipelines.bench;

import io.lifecycle.jobs.clv.BgNbdModel;
import io.lifecycle.jobs.clv.BgNbdSimulation;
import io.lifecycle.jobs.clv.FitResult;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.List;

/**
 * bench clv: simulate customers from known BG/NBD parameters in Spark, aggregate them with Spark to the
 * distinct (x, t_x, T) triples, fit on the driver, and print both times and the recovered parameters.
 * Targets: aggregation + fit under 60 s, every parameter within 5 % of the truth.
 */
final class ClvBenchmark {
    /** FHL (2005)'s CDNOW estimates, weeks. */
    static final BgNbdModel TRUTH = new BgNbdModel(0.243, 4.414, 0.793, 2.426);

    private ClvBenchmark() {
    }

    static void run(SparkSession spark, long customers, long seed) {
        Dataset<Row> simulated = BgNbdSimulation.customers(spark, customers, 8, seed, TRUTH);
        long t0 = System.nanoTime();
        List<Row> triples = BgNbdSimulation.triples(simulated).collectAsList();
        double aggregation = seconds(t0);
        int n = triples.size();
        int[] x = new int[n];
        double[] tx = new double[n];
        double[] age = new double[n];
        double[] weight = new double[n];
        long total = 0;
        for (int i = 0; i < n; i++) {
            Row r = triples.get(i);
            x[i] = r.getInt(0);
            tx[i] = r.getInt(1) / 7.0;
            age[i] = r.getInt(2) / 7.0;
            weight[i] = r.getLong(3);
            total += r.getLong(3);
        }
        long t1 = System.nanoTime();
        BgNbdModel fitted = BgNbdModel.fitWeighted(x, tx, age, weight, 30);
        double fit = seconds(t1);
        FitResult result = fitted.fitResult().orElseThrow();
        System.out.printf("bench clv: BG/NBD on %,d simulated customers (seed %d), %,d distinct (x, t_x, T) triples%n",
                total, seed, n);
        System.out.printf("  simulate + aggregate with Spark: %8.1f s%n", aggregation);
        System.out.printf("  fit on the driver:               %8.1f s (%d iterations, %d log-likelihood evaluations, converged %s)%n",
                fit, result.iterations(), result.evaluations(), result.converged());
        System.out.printf("  whole fit:                       %8.1f s (target < 60 s)%n", aggregation + fit);
        double[] truth = {TRUTH.r(), TRUTH.alpha(), TRUTH.a(), TRUTH.b()};
        double[] got = result.estimates();
        double[] se = result.standardErrors();
        double worst = 0;
        for (int i = 0; i < truth.length; i++) {
            double rel = (got[i] - truth[i]) / truth[i];
            worst = Math.max(worst, Math.abs(rel));
            System.out.printf("  %-6s true %7.4f  recovered %7.4f (se %.4f)  relative error %+6.2f %%%n",
                    result.names().get(i), truth[i], got[i], se[i], 100 * rel);
        }
        System.out.printf("  largest relative error: %.2f %% (target < 5 %%)%n", 100 * worst);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
