package io.lifecycle.common.testing;

import io.lifecycle.common.config.SparkSettings;
import io.lifecycle.common.spark.SparkSessions;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The one local SparkSession of a test JVM: no UI, a catalog folder of its own (surefire and failsafe run two test
 * JVMs side by side), and as many cores and shuffle partitions as the system property {@code lifecycle.test.cores}
 * says (the build sets 1: the two JVMs fill the two cores; default 2).
 *
 * <p>Expressions are evaluated by Spark's interpreter rather than by generated and compiled Java code: on test-sized
 * data generating and compiling the code of every projection cost more than running it (the usage and features
 * tests took a third less time). Both paths compute the same values; Spark's own suites test each. Production
 * sessions keep code generation.
 */
public final class SharedSpark {
    private static SparkSession session;

    private SharedSpark() {
    }

    public static synchronized SparkSession get() {
        if (session == null) {
            Path catalog = Path.of(System.getProperty("java.io.tmpdir"), "lifecycle-test-catalog-"
                    + ProcessHandle.current().pid());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteRecursively(catalog)));
            int cores = Integer.getInteger("lifecycle.test.cores", 2);
            session = SparkSessions.getOrCreate(new SparkSettings("local[" + cores + "]", cores, Map.of(
                    "spark.sql.warehouse.dir", catalog.toString(),
                    "spark.databricks.delta.snapshotPartitions", "1",
                    "spark.sql.adaptive.enabled", "false",
                    "spark.sql.codegen.wholeStage", "false",
                    "spark.sql.codegen.factoryMode", "NO_CODEGEN")));
        }
        return session;
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort at exit: the folder is under java.io.tmpdir
        }
    }
}
