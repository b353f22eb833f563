package io.lifecycle.jobs.demodata;

import io.lifecycle.common.config.SparkSettings;
import io.lifecycle.common.run.Progress;
import io.lifecycle.common.spark.SparkSessions;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;

/**
 * Manual benchmark of the generator (not a unit test): {@code GenerateMain SCALE SEED END_DATE BAD_ROWS OUT}.
 * Prints progress on stderr, then the row counts and the wall-clock time of {@code generate}.
 */
public final class GenerateMain {
    private GenerateMain() {
    }

    public static void main(String[] args) {
        if (args.length != 5) {
            System.err.println("usage: GenerateMain SCALE SEED END_DATE BAD_ROWS OUT");
            System.exit(2);
        }
        GeneratorSpec spec = new GeneratorSpec(Scale.valueOf(args[0].toUpperCase(Locale.ROOT)),
                Long.parseLong(args[1]), LocalDate.parse(args[2]), Integer.parseInt(args[3]));
        SparkSession spark = SparkSessions.getOrCreate(new SparkSettings("local[2]", 4, Map.of()));
        long start = System.nanoTime();
        Map<String, Long> counts = new WarehouseGenerator(spark, Progress.stderr()).generate(spec, Path.of(args[4]));
        double seconds = (System.nanoTime() - start) / 1e9;
        counts.forEach((input, n) -> System.out.printf(Locale.ROOT, "%-16s %,14d%n", input, n));
        System.out.printf(Locale.ROOT, "generate %s took %.1f s%n", spec.scale(), seconds);
        spark.stop();
    }
}
