package io.lifecycle.pipelines.bench;

import io.lifecycle.pipelines.cli.Folders;
import io.lifecycle.common.catalog.GoldTables;
import io.lifecycle.common.LifecycleException;
import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.catalog.TableDef;
import io.lifecycle.common.run.JobContext;
import io.lifecycle.jobs.expansion.ExpansionJob;
import io.lifecycle.jobs.propensity.ModelMetadata;
import io.lifecycle.jobs.propensity.ModelRegistry;
import io.lifecycle.jobs.shared.ProbabilityMetrics;
import io.lifecycle.jobs.lifecycle.LifecycleJob;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.Locale;

/**
 * bench expansion: on a copy of the lakehouse {@code bench health} left (features and health over the history and
 * the night), runs lifecycle over the same dates (unless the copy already has them all, e.g. a copy of the lakehouse
 * {@code bench lifecycle} left), then times one forced expansion run as of the night (training,
 * then scoring the night) and one nightly run (scoring only: the model is not due), and prints per segment the
 * validation events, ROC AUC, ECE, Brier skill score, model status (model or baseline), the generator's oracle ROC
 * AUC on the same rows ({@link ExpansionOracle}) and the share of it the model captures,
 * (AUC − 0.5) / (oracle − 0.5).
 */
final class ExpansionBenchmark {
    private ExpansionBenchmark() {
    }

    /** Copies {@code source} (a lakehouse with features and health) to {@code target}, replacing it. */
    static void copyLakehouse(Path source, Path target) {
        // Jobs write gold_unpublished/; a lakehouse of an older version has gold/ only (copied over when opened).
        if (!Files.isDirectory(source.resolve(Lakehouse.UNPUBLISHED).resolve(GoldTables.ACCOUNT_HEALTH_DAILY.name()))
                && !Files.isDirectory(source.resolve("gold").resolve(GoldTables.ACCOUNT_HEALTH_DAILY.name()))) {
            throw new LifecycleException("No health tables under " + source + "; run bin/lifecycle bench health "
                    + "--work " + source.getParent() + " first.");
        }
        Folders.deleteRecursively(target);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path to = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + source + " to " + target, e);
        }
    }

    static void run(JobContext ctx, LocalDate end) {
        Lakehouse lake = ctx.lakehouse();
        SortedSet<LocalDate> dates = datesOf(lake, GoldTables.ACCOUNT_HEALTH_DAILY);
        // A copy of the lakehouse 'bench lifecycle' left already has every date's lifecycle rows: not re-run.
        boolean lifecycleThere = datesOf(lake, GoldTables.ACCOUNT_LIFECYCLE_DAILY).containsAll(dates);
        long t0 = System.nanoTime();
        if (!lifecycleThere) {
            new LifecycleJob().run(ctx, dates);
        }
        double lifecycle = seconds(t0);
        long t1 = System.nanoTime();
        new ExpansionJob().run(ctx.withForce(true), new TreeSet<>(List.of(end)));
        double trainAndScore = seconds(t1);
        long t2 = System.nanoTime();
        new ExpansionJob().run(ctx.withForce(false), new TreeSet<>(List.of(end)));
        double nightly = seconds(t2);

        ModelMetadata m = new ModelRegistry(lake.root(), "expansion").newest(end).orElseThrow();
        System.out.printf("bench expansion: %d snapshot dates (%s .. %s), model %s (%s), trained as of %s%n",
                dates.size(), dates.first(), dates.last(), m.version(), m.kind(), end);
        if (lifecycleThere) {
            System.out.printf("  lifecycle over the history:           already in the copied lakehouse, not re-run%n");
        } else {
            System.out.printf("  lifecycle over the history:           %8.1f s%n", lifecycle);
        }
        System.out.printf("  training + scoring the night (forced): %8.1f s (training target < 600 s)%n", trainAndScore);
        System.out.printf("  nightly scoring (model not due):       %8.1f s (target < 120 s)%n", nightly);
        System.out.printf("  training %,d rows of %d snapshots, validation %,d rows of %s; candidates %s; %s%n",
                m.trainingRows(), m.trainingSnapshots().size(), m.validationRows(), m.validationSnapshots(),
                m.candidateRocAuc(), m.verdict());
        Map<String, Double> oracle = ExpansionOracle.rocAuc(ctx, m);
        System.out.printf("%nValidation (cross-fitted calibrated propensities; oracle: the generator's expansion "
                + "probability from _ground_truth health_monthly and dormancy of D's month):%n");
        System.out.printf("  %-12s %9s %7s %7s %7s %8s %-9s %7s %8s%n", "segment", "accounts", "events", "roc_auc",
                "ece", "bss", "status", "oracle", "captured");
        for (Map.Entry<String, ProbabilityMetrics.Summary> e : m.metrics().entrySet()) {
            ProbabilityMetrics.Summary s = e.getValue();
            String segment = e.getKey();
            String status = segment.equals(ModelMetadata.ALL_SEGMENTS) ? "-" : m.statusOf(segment);
            Double o = oracle.get(segment);
            Double captured = s.rocAuc() == null || o == null || o <= 0.5 ? null : (s.rocAuc() - 0.5) / (o - 0.5);
            System.out.printf("  %-12s %9d %7d %7s %7s %8s %-9s %7s %8s%n", segment, s.accounts(), s.events(),
                    fmt(s.rocAuc()), fmt(s.ece()), fmt(m.brierSkill().get(segment)), status, fmt(o), fmt(captured));
        }
    }

    /** The snapshot dates a daily table has rows for (none when it does not exist). */
    static SortedSet<LocalDate> datesOf(Lakehouse lake, TableDef table) {
        SortedSet<LocalDate> out = new TreeSet<>();
        if (lake.exists(table)) {
            for (var r : lake.read(table).select("snapshot_date").distinct().collectAsList()) {
                out.add(r.getDate(0).toLocalDate());
            }
        }
        return out;
    }

    private static String fmt(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
