package io.lifecycle.jobs.expansion;

import io.lifecycle.jobs.shared.ProbabilityMetrics;
import io.lifecycle.common.catalog.GoldTables;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Rows of gold.expansion_model_metrics for one trained model, from its registry metadata (a baseline entry has no
 * validation period and no rows).
 */
final class ModelMetricsRows {
    private ModelMetricsRows() {
    }

    static Dataset<Row> of(SparkSession spark, ModelMetadata m) {
        List<Row> rows = new ArrayList<>();
        Date validationFrom = Date.valueOf(m.validationSnapshots().get(0));
        Date validationTo = Date.valueOf(m.validationSnapshots().get(m.validationSnapshots().size() - 1));
        for (Map.Entry<String, ProbabilityMetrics.Summary> e : m.metrics().entrySet()) {
            ProbabilityMetrics.Summary s = e.getValue();
            List<Row> bins = new ArrayList<>();
            for (ProbabilityMetrics.CalibrationBin b : s.calibration()) {
                bins.add(RowFactory.create(b.bin(), b.lower(), b.upper(), b.accounts(), b.meanPredicted(),
                        b.observedRate()));
            }
            String segment = e.getKey();
            boolean all = segment.equals(ModelMetadata.ALL_SEGMENTS);
            boolean passed = all ? m.passedFloors() : ModelMetadata.MODEL.equals(m.statusOf(segment));
            rows.add(RowFactory.create(m.version(), Date.valueOf(m.trainedAsOf()), segment, m.kind(),
                    passed, validationFrom, validationTo, s.accounts(), s.events(), s.rocAuc(), s.prAuc(),
                    s.brier(), s.ece(), bins, m.brierSkill().get(segment), m.baseRateOf(segment),
                    all ? null : m.statusOf(segment)));
        }
        return spark.createDataFrame(rows, GoldTables.EXPANSION_MODEL_METRICS.schema());
    }
}
