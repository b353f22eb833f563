package io.lifecycle.common.testing;

import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.Arrays;

import static org.apache.spark.sql.functions.col;

/** DataFrame equality for tests (spark-testing-base), with both sides sorted by all columns first. */
public final class Frames {
    private static final JavaDataFrameSuiteBase BASE = new JavaDataFrameSuiteBase();

    private Frames() {
    }

    public static void assertSameRows(Dataset<Row> expected, Dataset<Row> actual) {
        BASE.assertDataFrameEquals(sorted(expected), sorted(actual));
    }

    public static void assertApproximatelySameRows(Dataset<Row> expected, Dataset<Row> actual, double tolerance) {
        BASE.assertDataFrameApproximateEquals(sorted(expected), sorted(actual), tolerance);
    }

    private static Dataset<Row> sorted(Dataset<Row> frame) {
        Column[] all = Arrays.stream(frame.columns()).map(c -> col(c)).toArray(Column[]::new);
        return frame.orderBy(all).coalesce(1);
    }
}
