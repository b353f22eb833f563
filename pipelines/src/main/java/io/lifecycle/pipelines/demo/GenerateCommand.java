package io.lifecycle.pipelines.demo;

import io.lifecycle.pipelines.cli.CommonOptions;
import io.lifecycle.pipelines.cli.Folders;
import io.lifecycle.common.LifecycleException;
import io.lifecycle.jobs.demodata.GeneratorSpec;
import io.lifecycle.jobs.demodata.Profile;
import io.lifecycle.jobs.demodata.Scale;
import io.lifecycle.jobs.demodata.WarehouseGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Write a synthetic warehouse (ten Parquet inputs and a _ground_truth folder the pipeline never reads).")
public final class GenerateCommand implements Runnable {
    @Mixin
    CommonOptions common;

    @Option(names = "--scale", defaultValue = "small",
            description = "small (~2,000 accounts, 18 months), medium (~20,000, >= 30M events) or large (~200,000).")
    String scale;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write: new, empty, or written by generate, demo or bench before (replaced).")
    Path out;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed; the same seed gives the same data.")
    long seed;

    @Option(names = "--end-date", paramLabel = "YYYY-MM-DD", description = "Last day of history (default: yesterday, UTC).")
    LocalDate endDate;

    @Option(names = "--bad-rows", defaultValue = "0", paramLabel = "N",
            description = "Rows per input that break the contract in known ways (listed in _ground_truth/bad_rows).")
    int badRows;

    @Option(names = "--profile", defaultValue = "usage-driven", paramLabel = "NAME",
            description = "What drives churn: usage-driven (default: usage, support, billing and surveys all follow "
                    + "the hidden health) or support-driven (churn shows mostly in support trouble and payment "
                    + "failures; usage does not follow the hidden health).")
    String profile;

    @Override
    public void run() {
        Map<String, Long> counts = generate(common, "generate", parseScale(scale), seed, endDate, badRows, out,
                parseProfile(profile));
        counts.forEach((input, rows) -> System.out.printf("%-16s %,14d rows%n", input, rows));
        System.out.println("Warehouse written to " + out.toAbsolutePath().normalize());
    }

    /**
     * Writes the warehouse into {@code out}, which must be a scratch folder of {@code command}
     * ({@link Folders#claim}): new, empty, or written by a Lifecycle command before.
     */
    public static Map<String, Long> generate(CommonOptions common, String command, Scale scale, long seed,
                                             LocalDate endDate, int badRows, Path out) {
        return generate(common, command, scale, seed, endDate, badRows, out, Profile.USAGE_DRIVEN);
    }

    /** {@link #generate(CommonOptions, String, Scale, long, LocalDate, int, Path)} with a behaviour profile. */
    public static Map<String, Long> generate(CommonOptions common, String command, Scale scale, long seed,
                                             LocalDate endDate, int badRows, Path out, Profile profile) {
        if (badRows < 0) {
            throw new LifecycleException("--bad-rows must be 0 or more, not " + badRows + ".");
        }
        Folders.claim(out, command);
        LocalDate end = endDate != null ? endDate : LocalDate.now(ZoneOffset.UTC).minusDays(1);
        return new WarehouseGenerator(common.spark(), common.progress())
                .generate(new GeneratorSpec(scale, seed, end, badRows, profile), out.toAbsolutePath().normalize());
    }

    public static Profile parseProfile(String profile) {
        try {
            return Profile.parse(profile);
        } catch (IllegalArgumentException e) {
            throw new LifecycleException("Unknown --profile '" + profile + "'; use usage-driven or support-driven.");
        }
    }

    public static Scale parseScale(String scale) {
        try {
            return Scale.valueOf(scale.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new LifecycleException("Unknown scale '" + scale + "'; use small, medium or large.");
        }
    }
}
