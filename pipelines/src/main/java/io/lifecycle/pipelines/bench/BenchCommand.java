package io.lifecycle.pipelines.bench;

import io.lifecycle.pipelines.demo.GenerateCommand;
import io.lifecycle.pipelines.demo.DemoCommand;
import io.lifecycle.pipelines.cli.CommonOptions;
import io.lifecycle.pipelines.cli.Folders;
import io.lifecycle.common.catalog.StagingTables;
import io.lifecycle.common.LifecycleException;
import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.config.AppConfig;
import io.lifecycle.common.run.JobContext;
import io.lifecycle.common.run.Progress;
import io.lifecycle.jobs.demodata.GeneratorSpec;
import io.lifecycle.jobs.demodata.Profile;
import io.lifecycle.jobs.demodata.WarehouseGenerator;
import io.lifecycle.pipelines.JobGraph;
import io.lifecycle.pipelines.Runner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.TreeSet;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark: 'ingest' times a full rebuild of staging and silver from scratch and one nightly "
                + "increment (one new day of events) on a generated warehouse; 'health' runs ingest to health over "
                + "the warehouse's history and one night, and prints the churn backtest per segment; 'lifecycle' runs ingest to "
                + "lifecycle the same way and prints the nightly lifecycle step's time and the agreement of the assigned "
                + "stages with the generator's ground truth (confusion matrix); 'expansion' copies the "
                + "lakehouse 'health' left, runs lifecycle, times expansion training and nightly scoring and prints "
                + "the validation metrics per segment; 'churn' does the same for the renewal forecast after a "
                + "backfill of every date, with the forecast GRR error over the backtest windows; 'clv' fits BG/NBD on customers "
                + "simulated from known parameters and times the Spark aggregation and the fit.")
public final class BenchCommand implements Runnable {
    /** Seed of the benchmark warehouses (a reused warehouse must have been generated with it). */
    private static final long SEED = 7;

    @Mixin
    CommonOptions common;

    @Parameters(index = "0", paramLabel = "WHAT", description = "ingest, health, lifecycle, expansion, churn or clv")
    String what;

    @Option(names = "--scale", defaultValue = "medium", description = "small, medium or large (default: ${DEFAULT-VALUE}).")
    String scale;

    @Option(names = "--work", paramLabel = "DIR", description = "Scratch folder (default: bench/ beside the lakehouse).")
    Path work;

    @Option(names = "--reuse-warehouse", description = "Keep a warehouse already generated in the scratch folder.")
    boolean reuseWarehouse;

    @Option(names = "--reuse-lakehouse", description = "health, lifecycle: keep the lakehouse already built in the "
            + "scratch folder; the jobs already done for a date are skipped, so only what is missing runs.")
    boolean reuseLakehouse;

    @Option(names = "--profile", defaultValue = "usage-driven", paramLabel = "NAME",
            description = "health: the generator profile of the warehouse, usage-driven (default) or support-driven "
                    + "(see generate --profile); another profile gets its own warehouse and lakehouse folders.")
    String profile;

    @Option(names = "--customers", defaultValue = "1000000", description = "clv: customers to simulate (default: ${DEFAULT-VALUE}).")
    long customers;

    @Option(names = "--seed", defaultValue = "7", description = "clv: random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public void run() {
        if ("clv".equals(what)) {
            ClvBenchmark.run(common.spark(), customers, seed);
            return;
        }
        if (!List.of("ingest", "health", "lifecycle", "expansion", "churn").contains(what)) {
            throw new LifecycleException("Unknown benchmark '" + what
                    + "'; available: ingest, health, lifecycle, expansion, churn, clv.");
        }
        AppConfig base = common.config();
        Path dir = (work != null ? work : base.lakehouse().resolveSibling("bench")).toAbsolutePath().normalize();
        Profile generatorProfile = GenerateCommand.parseProfile(profile);
        if (generatorProfile != Profile.USAGE_DRIVEN && !"health".equals(what)) {
            throw new LifecycleException("--profile applies to bench health only.");
        }
        Folders.claim(dir, "bench");
        String suffix = generatorProfile == Profile.USAGE_DRIVEN ? "" : "-" + generatorProfile.cliName();
        Path warehouse = dir.resolve("warehouse-" + scale + suffix);
        Path lakehouse = dir.resolve("lakehouse-" + what + suffix);
        LocalDate end = LocalDate.of(2026, 10, 31);
        Progress progress = common.progress();
        if ("expansion".equals(what) || "churn".equals(what)) {
            ExpansionBenchmark.copyLakehouse(dir.resolve("lakehouse-health"), lakehouse);
            AppConfig config = base.withPaths(lakehouse, warehouse);
            JobContext ctx = new JobContext(config, common.configDir(), Lakehouse.open(common.spark(), lakehouse),
                    CommonOptions.newRunId(), progress);
            if ("churn".equals(what)) {
                ChurnBenchmark.run(ctx, end);
            } else {
                ExpansionBenchmark.run(ctx, end);
            }
            return;
        }
        if (!(reuseWarehouse && Files.isDirectory(warehouse.resolve("usage_events")))) {
            long t = System.nanoTime();
            GenerateCommand.generate(common, "bench", GenerateCommand.parseScale(scale), SEED, end, 0, warehouse,
                    generatorProfile);
            progress.step("bench", String.format("generated %s warehouse in %.1fs", scale, seconds(t)));
        } else if ("lifecycle".equals(what) && !LifecycleBenchmark.TRUTH_FILES.stream()
                .allMatch(f -> Files.isDirectory(warehouse.resolve(WarehouseGenerator.GROUND_TRUTH).resolve(f)))) {
            // A warehouse generated before the lifecycle ground truth existed: the same spec gives the same
            // simulation, so only the truth files are written.
            new WarehouseGenerator(common.spark(), progress).writeGroundTruth(
                    new GeneratorSpec(GenerateCommand.parseScale(scale), SEED, end, 0), warehouse);
        }
        if (!reuseLakehouse || "ingest".equals(what)) {
            Folders.deleteRecursively(lakehouse);
        }
        AppConfig config = base.withPaths(lakehouse, warehouse);
        Lakehouse lake = Lakehouse.open(common.spark(), lakehouse);
        JobContext ctx = new JobContext(config, common.configDir(), lake, CommonOptions.newRunId(), progress);
        if ("health".equals(what)) {
            HealthBenchmark.run(ctx, DemoCommand.firstEventDate(warehouse.resolve("usage_events"), end), end);
            return;
        }
        if ("lifecycle".equals(what)) {
            LifecycleBenchmark.run(ctx, warehouse, DemoCommand.firstEventDate(warehouse.resolve("usage_events"), end),
                    end);
            return;
        }
        Runner runner = new Runner(ctx, JobGraph.standard());

        long t0 = System.nanoTime();
        runner.run(new TreeSet<>(List.of(end.minusDays(1))), List.of("ingest", "usage"), false);
        double full = seconds(t0);
        long t1 = System.nanoTime();
        runner.run(new TreeSet<>(List.of(end)), List.of("ingest", "usage"), false);
        double nightly = seconds(t1);

        long events = common.spark().read().format("delta").load(lake.path(StagingTables.USAGE_EVENTS).toString())
                .count();
        System.out.printf("bench ingest, scale %s, %,d staged usage events (history through %s)%n", scale, events, end);
        System.out.printf("  full rebuild of staging + silver (as of %s): %8.1f s%n", end.minusDays(1), full);
        System.out.printf("  nightly increment (one new day, %s):         %8.1f s%n", end, nightly);
        System.out.printf("  increment / rebuild:                             %8.3f (target < 0.100)%n", nightly / full);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
