package io.lifecycle.pipelines.bench;

import io.lifecycle.common.catalog.GoldTables;
import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.run.JobContext;
import io.lifecycle.jobs.demodata.WarehouseGenerator;
import io.lifecycle.jobs.lifecycle.LifecycleConfig;
import io.lifecycle.jobs.shared.LifecycleStage;
import io.lifecycle.pipelines.JobGraph;
import io.lifecycle.pipelines.Runner;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import java.sql.Date;

/**
 * bench lifecycle: the pipeline up to lifecycle over a generated warehouse's history (the dates of bench health),
 * then one nightly run; prints each job's time, the nightly lifecycle step's time, and how often the stage assigned
 * to an account on a snapshot date agrees with the generator's hidden timeline ({@link LifecycleTruth}), over every
 * account row of gold.account_lifecycle_daily, with the confusion matrix. Advocacy is an attribute, not a stage, so
 * no account-day is set apart. Open leads (no account yet) are not scored: the generator decides no lost leads.
 * Churned accounts have rows for their first retireAfterDays days in the stage only, so only those are scored.
 */
final class LifecycleBenchmark {
    static final List<String> JOBS = List.of("ingest", "usage", "features", "health", "lifecycle");
    /** Ground-truth files the comparison reads; a warehouse generated before they existed gets them added. */
    static final List<String> TRUTH_FILES = List.of("lifecycle", "renewals", "dormancy_spells");
    private static final double TARGET_AGREEMENT = 0.95;
    private static final double TARGET_NIGHTLY_SECONDS = 120;

    private LifecycleBenchmark() {
    }

    static void run(JobContext ctx, Path warehouse, LocalDate firstEventDate, LocalDate end) {
        Runner runner = new Runner(ctx, JobGraph.standard());
        SortedSet<LocalDate> history = HealthBenchmark.historyDates(firstEventDate, end);
        List<Runner.JobOutcome> backfill = runner.run(history, JOBS, false);
        List<Runner.JobOutcome> nightly = runner.run(new TreeSet<>(List.of(end)), JOBS, false);

        System.out.printf("bench lifecycle: %d history snapshot dates (%s .. %s), then one night (%s)%n",
                history.size(), history.first(), history.last(), end);
        HealthBenchmark.printJobTimes(JOBS, backfill, nightly);
        Runner.JobOutcome night = nightly.get(JOBS.indexOf("lifecycle"));
        double seconds = night.durationMs() / 1000.0;
        System.out.printf("  nightly lifecycle step: %s (target < %.0f s: %s)%n", night.ranFor().isEmpty()
                        ? "skipped, already done in this lakehouse" : String.format("%.1f s", seconds),
                TARGET_NIGHTLY_SECONDS, night.ranFor().isEmpty() ? "n/a" : seconds < TARGET_NIGHTLY_SECONDS ? "met" : "NOT met");

        SortedSet<LocalDate> dates = new TreeSet<>(history);
        dates.add(end);
        print(confusion(ctx, warehouse.resolve(WarehouseGenerator.GROUND_TRUTH), dates));
    }

    /** confusion[truth][assigned] over the accounts' rows of gold.account_lifecycle_daily on the dates. */
    static long[][] confusion(JobContext ctx, Path groundTruth, SortedSet<LocalDate> dates) {
        LifecycleTruth truth = new LifecycleTruth(LifecycleConfig.load(ctx.configDir()));
        Map<String, LifecycleTruth.Account> accounts = readTruth(ctx.lakehouse().spark(), groundTruth);
        int n = LifecycleStage.values().length;
        long[][] confusion = new long[n][n];
        Iterator<Row> rows = ctx.lakehouse().read(GoldTables.ACCOUNT_LIFECYCLE_DAILY)
                .where(col("account_id").isNotNull().and(expr(Lakehouse.onDates("snapshot_date", dates))))
                .select("snapshot_date", "account_id", "stage").toLocalIterator();
        while (rows.hasNext()) {
            Row r = rows.next();
            LifecycleTruth.Account a = accounts.get(r.getString(1));
            if (a == null) {
                throw new IllegalStateException("account " + r.getString(1) + " has no ground truth in "
                        + groundTruth + "; was the warehouse generated with another seed or end date?");
            }
            LifecycleStage expected = truth.stageOn(a, r.getDate(0).toLocalDate());
            confusion[expected.ordinal()][LifecycleStage.of(r.getString(2)).ordinal()]++;
        }
        return confusion;
    }

    private static Map<String, LifecycleTruth.Account> readTruth(SparkSession spark, Path groundTruth) {
        Map<String, List<LifecycleTruth.Spell>> spells = new HashMap<>();
        for (Row r : spark.read().parquet(groundTruth.resolve("dormancy_spells").toString()).collectAsList()) {
            spells.computeIfAbsent(r.getAs("account_id"), k -> new ArrayList<>()).add(new LifecycleTruth.Spell(
                    date(r, "start_date"), date(r, "end_date")));
        }
        Map<String, List<LocalDate>> renewals = new HashMap<>();
        for (Row r : spark.read().parquet(groundTruth.resolve("renewals").toString()).collectAsList()) {
            renewals.computeIfAbsent(r.getAs("account_id"), k -> new ArrayList<>()).add(date(r, "renewal_date"));
        }
        Map<String, LifecycleTruth.Account> accounts = new HashMap<>();
        for (Row r : spark.read().parquet(groundTruth.resolve("lifecycle").toString()).collectAsList()) {
            String id = r.getAs("account_id");
            accounts.put(id, new LifecycleTruth.Account(date(r, "purchase_date"), date(r, "onboarding_end"),
                    "annual".equals(r.getAs("billing_period")), date(r, "churn_date"),
                    spells.getOrDefault(id, List.of()), renewals.getOrDefault(id, List.of())));
        }
        return accounts;
    }

    private static LocalDate date(Row r, String column) {
        Date d = r.getAs(column);
        return d == null ? null : d.toLocalDate();
    }

    private static void print(long[][] confusion) {
        LifecycleStage[] stages = LifecycleStage.values();
        long total = 0;
        long agree = 0;
        for (int t = 0; t < stages.length; t++) {
            for (int a = 0; a < stages.length; a++) {
                total += confusion[t][a];
                agree += t == a ? confusion[t][a] : 0;
            }
        }
        double share = total == 0 ? 0 : (double) agree / total;
        System.out.printf("%nStage agreement with the generator's ground truth: %,d of %,d account-days = %.2f %% "
                + "(target >= %.0f %%: %s)%n", agree, total, 100 * share, 100 * TARGET_AGREEMENT,
                share >= TARGET_AGREEMENT ? "met" : "NOT met");
        System.out.println("Confusion (rows: truth, columns: assigned; account-days):");
        StringBuilder header = new StringBuilder(String.format("  %-11s", "truth"));
        for (LifecycleStage s : stages) {
            header.append(String.format(" %10s", s.code()));
        }
        System.out.println(header.append(String.format(" %8s", "agree")));
        for (int t = 0; t < stages.length; t++) {
            long row = 0;
            StringBuilder line = new StringBuilder(String.format("  %-11s", stages[t].code()));
            for (int a = 0; a < stages.length; a++) {
                row += confusion[t][a];
                line.append(String.format(" %,10d", confusion[t][a]));
            }
            if (row > 0) {
                System.out.println(line.append(String.format(" %7.1f%%", 100.0 * confusion[t][t] / row)));
            }
        }
        System.out.println("""
                Truth by definition (LifecycleTruth), where it cannot match our rules exactly:
                  onboarding = the purchase's calendar month (the generator has no activation event; ours is a usage rule);
                  renewal    = renewalWindowDays before the generator's annual renewal days, or before each yearly
                               anniversary of the purchase for monthly billing (the generator has no monthly renewal);
                  dormant    = a generated spell without usage once it has lasted dormancyDays days;
                  churned    = after the generator's churn day (scored on the account-days that have a row: the first
                               retireAfterDays days after churning); the generator has no return to onboarding after
                               an expansion at renewal. Advocacy is an attribute, not a stage. Open leads are not
                               scored.""");
    }
}
