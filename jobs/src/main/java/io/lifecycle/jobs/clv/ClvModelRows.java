package io.lifecycle.jobs.clv;

import io.lifecycle.common.catalog.GoldTables;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

import java.sql.Date;
import java.util.ArrayList;
import java.util.List;

/** gold.clv_models rows from the fits: one per snapshot date, segment and model. */
final class ClvModelRows {
    private ClvModelRows() {
    }

    static Dataset<Row> of(SparkSession spark, List<ClvFits.SegmentFit> fits) {
        List<Row> rows = new ArrayList<>();
        for (ClvFits.SegmentFit f : fits) {
            FitResult r = f.fitted() == null ? null : f.fitted().fit();
            rows.add(RowFactory.create(Date.valueOf(f.date()), f.segment(), f.kind().name(),
                    f.modelId() == null ? f.kind().name() + "/none/" + f.date() : f.modelId(), f.scope(),
                    r == null ? null : struct(r.names(), r.estimates()),
                    r == null ? null : struct(r.names(), r.standardErrors()),
                    r == null ? null : r.logLikelihood(), f.n(), f.segmentCustomers(), r != null && r.converged(),
                    r == null ? null : r.iterations(), f.fitMs(), f.kind().holdoutMetric(), f.holdout().customers(),
                    nullIfNaN(f.holdout().predicted()), nullIfNaN(f.holdout().actual()), f.message()));
        }
        return spark.createDataFrame(rows, GoldTables.CLV_MODELS.schema());
    }

    /** The params struct: the model's parameters by name, the other models' fields null. */
    private static Row struct(List<String> names, double[] values) {
        StructType type = (StructType) GoldTables.CLV_MODELS.schema().apply("params").dataType();
        Object[] fields = new Object[type.size()];
        for (int i = 0; i < names.size(); i++) {
            fields[type.fieldIndex(names.get(i))] = nullIfNaN(values[i]);
        }
        return RowFactory.create(fields);
    }

    private static Double nullIfNaN(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
