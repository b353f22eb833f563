package io.lifecycle.jobs.clv;

import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.SplittableRandom;

import static org.apache.spark.sql.functions.col;

/**
 * Customers simulated from known BG/NBD parameters, in Spark and deterministically (customer i draws from its
 * own generator seeded by (seed, i)), for the benchmark: λ ~ Gamma(r, α) purchases per week, p ~ Beta(a, b)
 * chance of dropping out after each repeat purchase, age T uniform over 1..104 weeks in whole days; purchase
 * times are recorded to the day, as billing systems do.
 */
public final class BgNbdSimulation {
    private static final StructType SCHEMA = new StructType()
            .add("frequency", DataTypes.IntegerType).add("recency_days", DataTypes.IntegerType)
            .add("age_days", DataTypes.IntegerType);

    private BgNbdSimulation() {
    }

    /** One row per customer: frequency x, recency and age in days. */
    public static Dataset<Row> customers(SparkSession spark, long customers, int partitions, long seed, BgNbdModel truth) {
        double r = truth.r();
        double alpha = truth.alpha();
        double a = truth.a();
        double b = truth.b();
        return spark.range(0, customers, 1, partitions).map((MapFunction<Long, Row>) i -> {
            SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
            int ageDays = 7 + rng.nextInt(728 - 7 + 1);
            double age = ageDays / 7.0;
            double lambda = gamma(rng, r) / alpha;
            double p = beta(rng, a, b);
            int x = 0;
            double t = 0;
            double last = 0;
            while (true) {
                t += -Math.log(1 - rng.nextDouble()) / lambda;
                if (t > age) {
                    break;
                }
                x++;
                last = t;
                if (rng.nextDouble() < p) {
                    break;
                }
            }
            int recencyDays = x == 0 ? 0 : Math.min(ageDays, (int) Math.round(last * 7));
            return RowFactory.create(x, recencyDays, ageDays);
        }, Encoders.row(SCHEMA));
    }

    /** The distinct (x, t_x, T) triples and how many customers share each: BG/NBD's sufficient statistics. */
    public static Dataset<Row> triples(Dataset<Row> customers) {
        return customers.groupBy(col("frequency"), col("recency_days"), col("age_days")).count();
    }

    /** Gamma(shape, 1): Marsaglia &amp; Tsang (2000); shape &lt; 1 via G(shape + 1) · U^(1/shape). */
    static double gamma(SplittableRandom rng, double shape) {
        if (shape < 1) {
            return gamma(rng, shape + 1) * Math.pow(1 - rng.nextDouble(), 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double z = rng.nextGaussian();
            double v = 1 + c * z;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = 1 - rng.nextDouble();
            if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }

    static double beta(SplittableRandom rng, double a, double b) {
        double x = gamma(rng, a);
        return x / (x + gamma(rng, b));
    }
}
