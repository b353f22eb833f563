package io.lifecycle.jobs.propensity;

import io.lifecycle.common.catalog.TableDef;
import io.lifecycle.jobs.shared.ProbabilityMetrics;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;

import java.sql.Date;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows of a model-metrics table (gold.expansion_model_metrics, gold.churn_model_metrics) for one trained model, from
 * its registry metadata (a baseline entry has no validation period and no rows). The tables share their column names
 * where the meaning is the same; each row is laid out by the table's own schema, so a table takes the columns it has:
 * {@code events} (or {@code expansion_events}) counts the validation rows with the event, {@code target} names it and
 * {@code top_decile_mrr_share} is the share of the events' MRR in the top tenth by probability.
 */
public final class ModelMetricsRows {
    private ModelMetricsRows() {
    }

    public static Dataset<Row> of(SparkSession spark, ModelMetadata m, Target target, TableDef table) {
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
            Map<String, Object> v = new HashMap<>();
            v.put("model_version", m.version());
            v.put("target", target.name());
            v.put("trained_as_of", Date.valueOf(m.trainedAsOf()));
            v.put("segment", segment);
            v.put("model_kind", m.kind());
            v.put("passed_floors", all ? m.passedFloors() : ModelMetadata.MODEL.equals(m.statusOf(segment)));
            v.put("validation_from", validationFrom);
            v.put("validation_to", validationTo);
            v.put("accounts", s.accounts());
            v.put("events", s.events());
            v.put("expansion_events", s.events());
            v.put("roc_auc", s.rocAuc());
            v.put("pr_auc", s.prAuc());
            v.put("brier", s.brier());
            v.put("ece", s.ece());
            v.put("calibration", bins);
            v.put("brier_skill", m.brierSkill().get(segment));
            v.put("base_rate", m.baseRateOf(segment));
            v.put("model_status", all ? null : m.statusOf(segment));
            v.put("top_decile_mrr_share", m.topDecileShareOf(segment));
            Object[] values = new Object[table.schema().fields().length];
            int i = 0;
            for (StructField f : table.schema().fields()) {
                if (!v.containsKey(f.name())) {
                    throw new IllegalStateException(table + " has a column " + f.name() + " no model metric fills");
                }
                values[i++] = v.get(f.name());
            }
            rows.add(RowFactory.create(values));
        }
        return spark.createDataFrame(rows, table.schema());
    }
}
