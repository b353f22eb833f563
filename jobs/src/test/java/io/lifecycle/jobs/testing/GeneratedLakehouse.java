package io.lifecycle.jobs.testing;

import java.util.Collections;
import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.config.AppConfig;
import io.lifecycle.common.run.JobContext;
import io.lifecycle.common.run.Progress;
import io.lifecycle.common.testing.SharedSpark;
import io.lifecycle.common.testing.TestConfigs;
import io.lifecycle.jobs.demodata.GeneratorSpec;
import io.lifecycle.jobs.demodata.Scale;
import io.lifecycle.jobs.demodata.WarehouseGenerator;
import io.lifecycle.jobs.features.FeaturesJob;
import io.lifecycle.jobs.health.HealthJob;
import io.lifecycle.jobs.ingest.IngestJob;
import io.lifecycle.jobs.lifecycle.LifecycleJob;
import io.lifecycle.jobs.usage.UsageJob;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedSet;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A TINY generated warehouse (seed 7, history through {@link #END}), ingested and rolled up once per test JVM, with
 * the shipped conf/ folder. Each test class takes its own copy of the lakehouse, so tests do not see each other's
 * tables.
 */
public final class GeneratedLakehouse {
    public static final LocalDate END = LocalDate.of(2025, 12, 31);
    /**
     * The snapshot dates the model tests (expansion, churn) backfill: semi-monthly from 07-31, then 12-16 and END.
     * Five close a 90-day horizon by END; a model trained as of 12-16 has four labelled snapshots.
     */
    public static final SortedSet<LocalDate> MODEL_DATES = Collections.unmodifiableSortedSet(new TreeSet<>(
            List.of(LocalDate.of(2025, 7, 31), LocalDate.of(2025, 8, 15), LocalDate.of(2025, 8, 31),
                    LocalDate.of(2025, 9, 15), LocalDate.of(2025, 9, 30), LocalDate.of(2025, 12, 16), END)));
    private static GeneratedLakehouse instance;

    private final Path root;
    private final Path warehouse;
    private final Path lakehouse;
    private final Map<SortedSet<LocalDate>, Path> upToLifecycle = new HashMap<>();

    private GeneratedLakehouse(Path root) {
        this.root = root;
        this.warehouse = root.resolve("warehouse");
        this.lakehouse = root.resolve("lakehouse");
        new WarehouseGenerator(SharedSpark.get(), Progress.silent())
                .generate(new GeneratorSpec(Scale.TINY, 7, END, 0), warehouse);
        JobContext ctx = context(lakehouse);
        new IngestJob().run(ctx, new TreeSet<>(List.of(END)));
        new UsageJob().run(ctx, new TreeSet<>(List.of(END)));
    }

    public static synchronized GeneratedLakehouse get() {
        if (instance == null) {
            try {
                Path root = Files.createTempDirectory("lifecycle-generated");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(root)));
                instance = new GeneratedLakehouse(root);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    /** A job context over a fresh copy of the ingested, rolled-up lakehouse under {@code target}. */
    public JobContext copy(Path target) {
        return copy(lakehouse, target);
    }

    /**
     * A job context over a fresh copy of the lakehouse with the features, health and lifecycle jobs run for
     * {@code dates} (computed once per JVM for each set of dates: the model tests share it).
     */
    public synchronized JobContext upToLifecycle(Path target, SortedSet<LocalDate> dates) {
        Path processed = upToLifecycle.get(dates);
        if (processed == null) {
            processed = root.resolve("up-to-lifecycle-" + upToLifecycle.size());
            JobContext c = copy(processed);
            new FeaturesJob().run(c, dates);
            new HealthJob().run(c, dates);
            new LifecycleJob().run(c, dates);
            upToLifecycle.put(new TreeSet<>(dates), processed);
        }
        return copy(processed.resolve("lakehouse"), target);
    }

    private JobContext copy(Path from, Path target) {
        Path lake = target.resolve("lakehouse");
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path to = lake.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return context(lake);
    }

    public Path warehouse() {
        return warehouse;
    }

    private JobContext context(Path lake) {
        AppConfig config = TestConfigs.of(warehouse, lake);
        return new JobContext(config, Path.of("..", "conf"), Lakehouse.open(SharedSpark.get(), lake), "test",
                Progress.silent());
    }

    private static void delete(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort at JVM exit
        }
    }
}
