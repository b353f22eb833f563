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

/** Rows of gold.expansion_model_metrics for one model, from its registry metadata. */
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
            rows.add(RowFactory.create(m.version(), Date.valueOf(m.trainedAsOf()), e.getKey(), m.kind(),
                    m.passedFloors(), validationFrom, validationTo, s.accounts(), s.events(), s.rocAuc(), s.prAuc(),
                    s.brier(), s.ece(), bins));
        }
        return spark.createDataFrame(rows, GoldTables.EXPANSION_MODEL_METRICS.schema());
    }
}
