package io.lifecycle.pipelines.it;

import io.lifecycle.common.config.AppConfigLoader;
import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.run.JobContext;
import io.lifecycle.common.run.Progress;
import io.lifecycle.common.testing.BuiltOnce;
import io.lifecycle.common.testing.SharedSpark;
import io.lifecycle.jobs.demodata.GeneratorSpec;
import io.lifecycle.jobs.demodata.Scale;
import io.lifecycle.jobs.demodata.WarehouseGenerator;
import io.lifecycle.pipelines.Every;
import io.lifecycle.pipelines.JobGraph;
import io.lifecycle.pipelines.Runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.SortedSet;
import java.util.stream.Stream;

/**
 * One generated TINY warehouse (seed 11, history through {@link #END}) with every job run over month-ends and the
 * last 35 days, published: what the demo builds, small. Built once per Maven build under
 * {@code pipelines/target/it-lakehouse/} (by whichever test JVM asks first, see {@link BuiltOnce}) and shared by the
 * heavy integration tests (notebooks, BI), which only read it. A test that writes takes its own copy.
 */
public final class PublishedLakehouse {
    public static final LocalDate END = LocalDate.of(2026, 6, 30);
    private static PublishedLakehouse instance;

    private final Path root;

    private PublishedLakehouse(Path root) {
        this.root = root;
    }

    public static synchronized PublishedLakehouse get() {
        if (instance == null) {
            Path root = Path.of(System.getProperty("user.dir")).resolve("target/it-lakehouse").toAbsolutePath();
            instance = new PublishedLakehouse(root);
            if (!BuiltOnce.ensure(root, r -> new PublishedLakehouse(r).build())) {
                // built by another test JVM of this build: register its tables in this JVM's catalog
                Lakehouse.open(SharedSpark.get(), instance.lakehouse());
            }
        }
        return instance;
    }

    private void build() {
        long start = System.nanoTime();
        try {
            new WarehouseGenerator(SharedSpark.get(), Progress.silent())
                    .generate(new GeneratorSpec(Scale.TINY, 11, END, 0), warehouse());
            writeConfig(root.resolve("conf"), warehouse(), lakehouse());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JobContext ctx = new JobContext(AppConfigLoader.load(conf()), conf(),
                Lakehouse.open(SharedSpark.get(), lakehouse()), "it", Progress.silent());
        new Runner(ctx, JobGraph.standard()).run(snapshotDates(), null, false);
        System.err.printf("PublishedLakehouse: built %s in %d s%n", lakehouse(),
                (System.nanoTime() - start) / 1_000_000_000L);
    }

    /** Month-ends of the history and the last 35 days, as the demo computes them. */
    public static SortedSet<LocalDate> snapshotDates() {
        SortedSet<LocalDate> dates = Every.MONTH_END.dates(END.minusMonths(Scale.TINY.months()), END);
        dates.addAll(Every.DAY.dates(END.minusDays(34), END));
        return dates;
    }

    /**
     * The shipped conf/ (every model YAML), with application.yaml pointed at the given folders and Spark set as the
     * test sessions are ({@code SharedSpark}): as many cores and shuffle partitions as {@code lifecycle.test.cores},
     * expressions interpreted. What a CLI run in its own JVM, Airflow's tasks or the BI test's job run use.
     */
    public static Path writeConfig(Path dir, Path warehouse, Path lakehouse) throws IOException {
        int cores = Integer.getInteger("lifecycle.test.cores", 2);
        Files.createDirectories(dir);
        Path shippedConf = Path.of(System.getProperty("user.dir")).resolve("../conf");
        try (Stream<Path> files = Files.list(shippedConf)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                Files.copy(f, dir.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        String config = Files.readString(shippedConf.resolve("application.yaml"));
        config = replace(config, "lakehouse: ./demo/lakehouse", "lakehouse: " + lakehouse);
        config = replace(config, "warehouse: ./demo/warehouse", "warehouse: " + warehouse);
        config = replace(config, "master: local[2]", "master: local[" + cores + "]");
        config = replace(config, "shufflePartitions: 4", "shufflePartitions: " + cores);
        config = replace(config, "  conf:\n", "  conf:\n    spark.sql.codegen.wholeStage: \"false\"\n"
                + "    spark.sql.codegen.factoryMode: NO_CODEGEN\n");
        Files.writeString(dir.resolve("application.yaml"), config);
        return dir;
    }

    /** {@code text} with its one {@code target} replaced; fails when the shipped file no longer has it. */
    private static String replace(String text, String target, String replacement) {
        if (!text.contains(target)) {
            throw new IllegalStateException("conf/application.yaml has no '" + target + "' any more: update "
                    + "PublishedLakehouse.writeConfig");
        }
        return text.replace(target, replacement);
    }

    /** A copy of the published lakehouse at {@code target}, for a test that writes (the warehouse stays shared). */
    public Path copyLakehouse(Path target) throws IOException {
        copyRecursively(lakehouse(), target);
        return target;
    }

    /** Copies a folder tree; {@code to} must not exist yet or be empty. */
    public static void copyRecursively(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    public Path root() {
        return root;
    }

    public Path warehouse() {
        return root.resolve("warehouse");
    }

    public Path lakehouse() {
        return root.resolve("lakehouse");
    }

    /** A conf/ folder whose application.yaml points at this warehouse and lakehouse: pass it as --config. */
    public Path conf() {
        return root.resolve("conf");
    }
}
