package io.lifecycle.jobs.demodata;

import io.lifecycle.common.config.Inputs;
import io.lifecycle.common.run.Progress;
import io.lifecycle.common.testing.SharedSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;
import org.apache.spark.sql.Encoders;

/**
 * Two TINY warehouses of the same spec, generated once per test JVM and shared by the test classes of this
 * package (generation is the slow part). Frames of the first are read once and cached.
 */
final class TinyWarehouse {
    static final LocalDate END = LocalDate.of(2025, 12, 31);
    static final int BAD = 7;
    static final GeneratorSpec SPEC = new GeneratorSpec(Scale.TINY, 42, END, BAD);

    private static TinyWarehouse instance;

    final SparkSession spark;
    final Path first;
    final Path again;
    final Map<String, Long> counts;
    private final Map<String, Dataset<Row>> cache = new HashMap<>();
    private final Map<String, List<Row>> collected = new HashMap<>();

    private TinyWarehouse(SparkSession spark, Path root) {
        this.spark = spark;
        this.first = root.resolve("first");
        this.again = root.resolve("again");
        WarehouseGenerator generator = new WarehouseGenerator(spark, Progress.silent());
        this.counts = generator.generate(SPEC, first);
        generator.generate(SPEC, again);
    }

    static synchronized TinyWarehouse get() {
        if (instance == null) {
            try {
                Path root = Files.createTempDirectory("lifecycle-demodata-test");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteRecursively(root)));
                instance = new TinyWarehouse(SharedSpark.get(), root);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    /** An input of the first warehouse, all rows, cached. */
    Dataset<Row> read(String input) {
        return cached(input, first.resolve(input));
    }

    /** A ground-truth table of the first warehouse, cached. */
    Dataset<Row> truth(String name) {
        return cached("_ground_truth/" + name, first.resolve(WarehouseGenerator.GROUND_TRUTH).resolve(name));
    }

    /** An input of the second warehouse (same spec), not cached. */
    Dataset<Row> readAgain(String input) {
        return spark.read().parquet(again.resolve(input).toString());
    }

    /** The first warehouse's rows of an input without the injected bad rows (the duplicated row stays, twice). */
    Dataset<Row> good(String input) {
        Dataset<Row> rows = read(input);
        if (input.equals(Inputs.FX_RATES)) {
            return rows.filter(col("currency").isin((Object[]) Vocabulary.CURRENCIES)
                    .and(col("rate_to_reporting").geq(0)));
        }
        String key = Schemas.KEYS.get(input);
        return rows.filter(col(key).isNotNull().and(col(key).notEqual("")).and(not(col(key).contains("BAD"))));
    }

    /**
     * {@link #good} as a driver-side list: TINY inputs are small, and checking many rows in Java is much
     * faster than one Spark job per check.
     */
    List<Row> goodRows(String input) {
        return collected.computeIfAbsent(input, i -> good(i).collectAsList());
    }

    /** Record keys the ground truth lists for an input and rule. */
    List<String> badKeys(String input, String rule) {
        return truth("bad_rows").filter(col("input").equalTo(input).and(col("rule").equalTo(rule)))
                .select("record_key").as(Encoders.STRING()).collectAsList();
    }

    private Dataset<Row> cached(String name, Path path) {
        return cache.computeIfAbsent(name, n -> spark.read().parquet(path.toString()).cache());
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: the folder is under java.io.tmpdir
        }
    }
}
