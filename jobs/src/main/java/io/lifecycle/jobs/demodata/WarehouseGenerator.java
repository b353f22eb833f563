package io.lifecycle.jobs.demodata;

import io.lifecycle.common.config.Inputs;
import io.lifecycle.common.run.Progress;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

/**
 * Writes a synthetic warehouse: the ten inputs of DESIGN §4 as Parquet folders under {@code out/<input>/}
 * (usage_events partitioned by event_date) and the simulation's ground truth under
 * {@code out/_ground_truth/<name>/}. Accounts are simulated on the driver (small), broadcast, and expanded
 * into rows inside Spark tasks — per account for most inputs, per day for usage events.
 */
public final class WarehouseGenerator {
    public static final String GROUND_TRUTH = "_ground_truth";
    private static final String JOB = "generate";

    private final SparkSession spark;
    private final Progress progress;

    public WarehouseGenerator(SparkSession spark, Progress progress) {
        this.spark = spark;
        this.progress = progress;
    }

    /**
     * Writes the ten inputs under out/&lt;input&gt;/ as Parquet folders and the ground truth under
     * out/_ground_truth/. Returns row counts per input (bad rows included). Overwrites what is there.
     */
    public Map<String, Long> generate(GeneratorSpec spec, Path out) {
        Population population = Population.build(spec);
        progress.step(JOB, String.format(Locale.ROOT, "simulated %,d accounts from %,d leads (%s, seed %d, to %s)",
                population.accounts(), population.leads(), spec.scale(), spec.seed(), spec.endDate()));
        Broadcast<Population> shared = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(population);
        try {
            return write(spec, out, population, shared);
        } finally {
            shared.destroy();
        }
    }

    private Map<String, Long> write(GeneratorSpec spec, Path out, Population pop, Broadcast<Population> shared) {
        Timeline timeline = pop.timeline;
        int n = spec.badRowsPerInput();
        int accountParts = Math.max(1, Math.min(16, pop.accounts() / 10_000));
        int leadParts = Math.max(1, Math.min(16, pop.leads() / 50_000));
        Map<String, Long> counts = new LinkedHashMap<>();
        List<Row> truth = new ArrayList<>();

        List<Row> fx = FxRates.rows(pop.seed, timeline);
        writeInput(out, Inputs.FX_RATES, spark.createDataFrame(fx, Schemas.FX_RATES), fx.get(fx.size() - 1), n,
                timeline, counts, truth);
        RowSource[] perAccount = {CustomerRows::account, CustomerRows::users, BillingRows::subscriptions,
                BillingRows::invoices, EngagementRows::tickets, EngagementRows::nps, EngagementRows::touchpoints};
        String[] perAccountInputs = {Inputs.ACCOUNTS, Inputs.USERS, Inputs.SUBSCRIPTIONS, Inputs.INVOICES,
                Inputs.SUPPORT_TICKETS, Inputs.NPS_RESPONSES, Inputs.TOUCHPOINTS};
        for (int i = 0; i < perAccount.length; i++) {
            String input = perAccountInputs[i];
            Dataset<Row> rows = expand(shared, pop.accounts(), accountParts, perAccount[i], Schemas.INPUTS.get(input));
            writeInput(out, input, rows, firstRow(pop, perAccount[i]), n, timeline, counts, truth);
        }
        writeInput(out, Inputs.LEADS, expand(shared, pop.leads(), leadParts, CustomerRows::lead, Schemas.LEADS),
                CustomerRows.lead(pop, 0).get(0), n, timeline, counts, truth);

        int days = timeline.endDay() - timeline.windowStart() + 1;
        // About 150k account-days per task: whole days per task, so about one file per event_date partition.
        int daysPerTask = Math.max(1, 150_000 / pop.accounts());
        int usageParts = Math.max(2, Math.min(days, days / daysPerTask));
        progress.step(JOB, String.format(Locale.ROOT, "usage_events: generating %,d days in %,d tasks (the long step)",
                days, usageParts));
        Dataset<Row> usage = expand(shared, days, usageParts, UsageEvents::day, Schemas.USAGE_EVENTS);
        writeInput(out, Inputs.USAGE_EVENTS, usage, firstUsageEvent(pop), n, timeline, counts, truth);

        Path gt = out.resolve(GROUND_TRUTH);
        writeAccountTruth(gt, pop, shared);
        writeTruth(gt, "bad_rows", spark.createDataFrame(truth, Schemas.GT_BAD_ROWS).coalesce(1));
        progress.step(JOB, "ground truth written to " + gt);
        return counts;
    }

    /**
     * Writes only the per-account ground truth under out/_ground_truth/ (everything but bad_rows), for a warehouse
     * generated earlier from the same spec: the simulation is a pure function of the spec, so the truth matches
     * the rows already there, and the inputs are not rewritten.
     */
    public void writeGroundTruth(GeneratorSpec spec, Path out) {
        Population population = Population.build(spec);
        Broadcast<Population> shared = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(population);
        try {
            writeAccountTruth(out.resolve(GROUND_TRUTH), population, shared);
        } finally {
            shared.destroy();
        }
        progress.step(JOB, "ground truth (without bad_rows) written to " + out.resolve(GROUND_TRUTH));
    }

    private void writeAccountTruth(Path gt, Population pop, Broadcast<Population> shared) {
        int parts = Math.max(1, Math.min(16, pop.accounts() / 10_000));
        Map<String, RowSource> sources = new LinkedHashMap<>();
        sources.put("accounts", GroundTruthRows::account);
        sources.put("health_monthly", GroundTruthRows::healthMonthly);
        sources.put("churn_events", GroundTruthRows::churn);
        sources.put("expansion_events", GroundTruthRows::expansions);
        sources.put("dormancy_spells", GroundTruthRows::dormancy);
        sources.put("lifecycle", GroundTruthRows::lifecycle);
        sources.put("renewals", GroundTruthRows::renewals);
        for (Map.Entry<String, RowSource> e : sources.entrySet()) {
            writeTruth(gt, e.getKey(), expand(shared, pop.accounts(), parts, e.getValue(),
                    Schemas.GROUND_TRUTH.get(e.getKey())));
        }
    }

    /** Rows of indices 0..count-1, produced inside Spark tasks from the broadcast population. */
    private Dataset<Row> expand(Broadcast<Population> shared, int count, int partitions, RowSource source,
                                StructType schema) {
        FlatMapFunction<Long, Row> rows = i -> source.rows(shared.value(), (int) (long) i).iterator();
        return spark.range(0, count, 1, partitions).flatMap(rows, Encoders.row(schema));
    }

    private void writeInput(Path out, String input, Dataset<Row> good, Row template, int n, Timeline timeline,
                            Map<String, Long> counts, List<Row> truth) {
        BadRows.Injection bad = BadRows.inject(input, template, n, timeline);
        Dataset<Row> all = bad.rows().isEmpty() ? good
                : good.union(spark.createDataFrame(bad.rows(), Schemas.INPUTS.get(input)).coalesce(1));
        // Count the rows as they are written (an observed metric) rather than reading them back.
        Observation written = new Observation(input);
        var writer = all.observe(written, count(lit(1)).as("rows")).write().mode(SaveMode.Overwrite)
                .option("partitionOverwriteMode", "static");
        if (input.equals(Inputs.USAGE_EVENTS)) {
            writer = writer.partitionBy("event_date");
        }
        writer.parquet(out.resolve(input).toString());
        truth.addAll(bad.truth());
        long count = observedRows(written);
        counts.put(input, count);
        progress.step(JOB, String.format(Locale.ROOT, "%s: %,d rows", input, count));
    }

    private static long observedRows(Observation observation) {
        try {
            return ((Number) observation.getAsJava().get("rows")).longValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while counting written rows", e);
        }
    }

    private void writeTruth(Path groundTruth, String name, Dataset<Row> rows) {
        rows.write().mode(SaveMode.Overwrite).parquet(groundTruth.resolve(name).toString());
    }

    /** The first good row of a per-account input: the template its bad rows are made from. */
    private static Row firstRow(Population pop, RowSource source) {
        for (int i = 0; i < pop.accounts(); i++) {
            List<Row> rows = source.rows(pop, i);
            if (!rows.isEmpty()) {
                return rows.get(0);
            }
        }
        throw new IllegalStateException("the simulation produced no rows for an input; the scale is too small");
    }

    private static Row firstUsageEvent(Population pop) {
        for (AccountLife a : pop.lives) {
            for (int day = pop.timeline.endDay(); day >= pop.timeline.windowStart(); day--) {
                List<Row> rows = UsageEvents.accountDay(pop, a, day);
                if (!rows.isEmpty()) {
                    return rows.get(0);
                }
            }
        }
        throw new IllegalStateException("the simulation produced no usage events; the scale is too small");
    }
}
