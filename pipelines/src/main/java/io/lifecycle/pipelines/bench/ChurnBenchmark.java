package io.lifecycle.pipelines.bench;

import io.lifecycle.common.catalog.GoldTables;
import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.run.JobContext;
import io.lifecycle.jobs.churn.ChurnConfig;
import io.lifecycle.jobs.churn.ChurnJob;
import io.lifecycle.jobs.lifecycle.LifecycleJob;
import io.lifecycle.jobs.propensity.ModelMetadata;
import io.lifecycle.jobs.propensity.ModelRegistry;
import io.lifecycle.jobs.shared.ProbabilityMetrics;
import org.apache.spark.sql.Row;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.max;

/**
 * bench churn: on a copy of the lakehouse {@code bench health} left (features and health over the month-end history
 * and the night), runs lifecycle over the same dates (unless already there), then
 * <ol>
 *     <li>backfills the churn job over every date, as nights would have: each model trained as of each date where
 *     its schedule says so, each date scored with the models current on it, every closed window judged in
 *     gold.retention_forecast_backtest;</li>
 *     <li>times one forced run as of the night (training both models, then scoring the night) and one nightly run
 *     (scoring only: no model is due);</li>
 * </ol>
 * and prints per segment, for the churn model current on the night: validation events, ROC AUC, ECE, Brier skill
 * score, status, the generator's oracle ROC AUC on the same rows ({@link ChurnOracle}) and the captured share
 * (AUC − 0.5) / (oracle − 0.5), the share of churned MRR in the top decile; and the forecast GRR's mean absolute
 * error over the backtest windows that had a forecast.
 */
final class ChurnBenchmark {
    /** The targets, for segments with at least MIN_EVENTS validation churn events. */
    private static final long MIN_EVENTS = 50;
    private static final double MIN_ROC_AUC = 0.85;
    private static final double MAX_ECE = 0.03;
    private static final double MAX_GRR_MAE = 0.02;
    private static final double MAX_NIGHTLY_SECONDS = 60;

    private ChurnBenchmark() {
    }

    static void run(JobContext ctx, LocalDate end) {
        Lakehouse lake = ctx.lakehouse();
        SortedSet<LocalDate> dates = ExpansionBenchmark.datesOf(lake, GoldTables.ACCOUNT_HEALTH_DAILY);
        long t0 = System.nanoTime();
        if (!ExpansionBenchmark.datesOf(lake, GoldTables.ACCOUNT_LIFECYCLE_DAILY).containsAll(dates)) {
            new LifecycleJob().run(ctx, dates);
        }
        double lifecycle = seconds(t0);
        long t1 = System.nanoTime();
        new ChurnJob().run(ctx.withForce(false), dates);
        double backfill = seconds(t1);
        long t2 = System.nanoTime();
        new ChurnJob().run(ctx.withForce(true), new TreeSet<>(List.of(end)));
        double trainAndScore = seconds(t2);
        long t3 = System.nanoTime();
        new ChurnJob().run(ctx.withForce(false), new TreeSet<>(List.of(end)));
        double nightly = seconds(t3);

        ChurnConfig config = ChurnConfig.load(ctx.configDir());
        ModelRegistry registry = new ModelRegistry(lake.root(), ChurnJob.CHURN.name());
        ModelMetadata m = registry.current(end).orElseThrow();
        System.out.printf("bench churn: %d snapshot dates (%s .. %s), horizon %d days; churn model %s (%s), trained as "
                + "of %s; %d churn models in the registry after the backfill%n", dates.size(), dates.first(),
                dates.last(), config.horizonDays(), m.version(), m.kind(), m.trainedAsOf(), registry.list().size());
        System.out.printf("  lifecycle over the history:                 %8.1f s%n", lifecycle);
        System.out.printf("  backfill of every date (trains where due):  %8.1f s%n", backfill);
        System.out.printf("  training both models + scoring the night:   %8.1f s (forced)%n", trainAndScore);
        System.out.printf("  nightly scoring (no model due):             %8.1f s (target < %.0f s: %s)%n", nightly,
                MAX_NIGHTLY_SECONDS, nightly < MAX_NIGHTLY_SECONDS ? "met" : "NOT met");
        System.out.printf("  training %,d rows of %d snapshots, validation %,d rows of %s; candidates %s; %s%n",
                m.trainingRows(), m.trainingSnapshots().size(), m.validationRows(), m.validationSnapshots(),
                m.candidateRocAuc(), m.verdict());

        Map<String, Double> oracle = ChurnOracle.rocAuc(ctx, m, config.contractionShare());
        Map<String, double[]> grr = grrErrors(lake);
        System.out.printf("%nValidation of the churn model (cross-fitted calibrated probabilities; oracle: the "
                + "generator's churn probability from _ground_truth hidden health, dormancy and renewal dates); "
                + "forecast GRR error over the backtest windows with a forecast:%n");
        System.out.printf("  %-12s %9s %7s %7s %7s %7s %-9s %7s %8s %8s %8s %8s  %s%n", "segment", "accounts",
                "events", "roc_auc", "ece", "bss", "status", "oracle", "captured", "top10mrr", "windows", "grr_mae",
                "targets");
        for (Map.Entry<String, ProbabilityMetrics.Summary> e : m.metrics().entrySet()) {
            ProbabilityMetrics.Summary s = e.getValue();
            String segment = e.getKey();
            String status = segment.equals(ModelMetadata.ALL_SEGMENTS) ? "-" : m.statusOf(segment);
            Double o = oracle.get(segment);
            Double captured = s.rocAuc() == null || o == null || o <= 0.5 ? null : (s.rocAuc() - 0.5) / (o - 0.5);
            double[] g = grr.get(segment);
            Double mae = g == null ? null : g[1];
            String verdict = s.events() < MIN_EVENTS ? "n/a (< " + MIN_EVENTS + " events)"
                    : (s.rocAuc() != null && s.rocAuc() >= MIN_ROC_AUC ? "auc met" : "auc NOT met") + ", "
                    + (s.ece() != null && s.ece() <= MAX_ECE ? "ece met" : "ece NOT met") + ", "
                    + (mae != null && mae <= MAX_GRR_MAE ? "grr met" : "grr NOT met");
            System.out.printf("  %-12s %9d %7d %7s %7s %7s %-9s %7s %8s %8s %8s %8s  %s%n", segment, s.accounts(),
                    s.events(), fmt(s.rocAuc()), fmt(s.ece()), fmt(m.brierSkill().get(segment)), status, fmt(o),
                    fmt(captured), fmt(m.topDecileShareOf(segment)), g == null ? "0" : String.valueOf((long) g[0]),
                    mae == null ? "-" : String.format(Locale.ROOT, "%.2fpp", 100 * mae), verdict);
        }
    }

    /** Per segment: windows with a forecast, and the mean absolute forecast GRR error over them. */
    private static Map<String, double[]> grrErrors(Lakehouse lake) {
        Map<String, double[]> out = new TreeMap<>();
        if (!lake.exists(GoldTables.RETENTION_FORECAST_BACKTEST)) {
            return out;
        }
        for (Row r : lake.read(GoldTables.RETENTION_FORECAST_BACKTEST).where(col("error").isNotNull())
                .groupBy("segment").agg(count(col("error")), avg(abs(col("error"))), max(col("window_end")))
                .collectAsList()) {
            out.put(r.getString(0), new double[] {r.getLong(1), r.getDouble(2)});
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
