package io.lifecycle.jobs.clv;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;

/**
 * The CLV transform without IO: statistics in, fitted models and account scores out (the job around it reads
 * staging and writes gold; tests call this directly).
 */
public final class ClvPipeline {
    /** gold.clv_models rows, gold.account_clv rows, and the fits behind them. */
    record Result(Dataset<Row> models, Dataset<Row> accounts, List<ClvFits.SegmentFit> fits) {
    }

    private ClvPipeline() {
    }

    static Result fitAndScore(SparkSession spark, Dataset<Row> histories, ClvStatistics statistics,
                              SortedSet<LocalDate> dates, ClvConfig config) {
        List<ClvFits.SegmentFit> fits = ClvFits.fitAll(statistics, dates, config);
        Map<String, Object[]> bySegment = new HashMap<>();
        for (ClvFits.SegmentFit f : fits) {
            Object[] m = bySegment.computeIfAbsent(ClvScoring.key(f.date(), f.segment()), k -> new Object[6]);
            int i = 2 * ClvModelKind.ALL.indexOf(f.kind());
            m[i] = f.fitted() == null ? null : f.fitted().model();
            m[i + 1] = f.modelId();
        }
        Map<String, ClvScoring.SegmentModels> models = new HashMap<>();
        bySegment.forEach((k, m) -> models.put(k, new ClvScoring.SegmentModels((SbgModel) m[0], (String) m[1],
                (BgNbdModel) m[2], (String) m[3], (GammaGammaModel) m[4], (String) m[5])));
        var broadcast = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(models);
        return new Result(ClvModelRows.of(spark, fits), ClvScoring.score(histories, broadcast, config), fits);
    }
}
