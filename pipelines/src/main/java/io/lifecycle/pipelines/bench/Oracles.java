package io.lifecycle.pipelines.bench;

import io.lifecycle.common.run.JobContext;
import io.lifecycle.jobs.propensity.ModelMetadata;
import io.lifecycle.jobs.shared.RocAuc;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

/** What the benchmarks' oracles ({@link ExpansionOracle}, {@link ChurnOracle}) share (bench only). */
final class Oracles {
    private Oracles() {
    }

    /**
     * (snapshot_date, account_id, dormant = true) for the keys a _ground_truth dormancy spell covers on their date
     * (start_date ≤ D and end_date null or ≥ D).
     */
    static Dataset<Row> dormantOn(JobContext ctx, Path truth, Dataset<Row> keys) {
        Dataset<Row> spells = ctx.spark().read().parquet(truth.resolve("dormancy_spells").toString())
                .select(col("account_id").as("spell_account"), col("start_date").as("spell_start"),
                        col("end_date").as("spell_end"));
        return keys.join(spells, col("spell_account").equalTo(col("account_id"))
                        .and(col("spell_start").leq(col("snapshot_date")))
                        .and(col("spell_end").isNull().or(col("spell_end").geq(col("snapshot_date")))))
                .groupBy("snapshot_date", "account_id").agg(max(lit(true)).as("dormant"));
    }

    /** ROC AUC by segment and 'all' of rows (segment, score DOUBLE, outcome BOOLEAN); undefined ones left out. */
    static Map<String, Double> rocAucBySegment(Dataset<Row> rows) {
        Map<String, Double> out = new TreeMap<>();
        Map<String, List<Row>> bySegment = new TreeMap<>();
        List<Row> all = rows.collectAsList();
        for (Row r : all) {
            bySegment.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(r);
        }
        bySegment.put(ModelMetadata.ALL_SEGMENTS, all);
        bySegment.forEach((segment, list) -> {
            double[] p = new double[list.size()];
            boolean[] y = new boolean[list.size()];
            for (int i = 0; i < p.length; i++) {
                p[i] = list.get(i).getDouble(1);
                y[i] = list.get(i).getBoolean(2);
            }
            double auc = RocAuc.auc(p, y);
            if (!Double.isNaN(auc)) {
                out.put(segment, auc);
            }
        });
        return out;
    }
}
