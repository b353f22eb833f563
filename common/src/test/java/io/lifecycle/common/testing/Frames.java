package io.lifecycle.common.testing;

import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.catalog.TableDef;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** DataFrame equality for tests (spark-testing-base), with both sides sorted by all columns first. */
public final class Frames {
    private static final JavaDataFrameSuiteBase BASE = new JavaDataFrameSuiteBase();

    private Frames() {
    }

    public static void assertSameRows(Dataset<Row> expected, Dataset<Row> actual) {
        BASE.assertDataFrameEquals(sorted(expected), sorted(actual));
    }

    /**
     * The same rows, each as many times, compared in this JVM (no Spark query): for rows already collected, e.g. a
     * table before and after a re-run. {@code what} names them in the failure, which lists up to five rows each side
     * lacks.
     */
    public static void assertSameRows(String what, List<Row> expected, List<Row> actual) {
        Map<Row, Long> want = counts(expected);
        Map<Row, Long> got = counts(actual);
        if (!want.equals(got)) {
            List<Row> missing = expected.stream().filter(r -> got.getOrDefault(r, 0L) < want.get(r)).distinct()
                    .limit(5).toList();
            List<Row> extra = actual.stream().filter(r -> want.getOrDefault(r, 0L) < got.get(r)).distinct()
                    .limit(5).toList();
            fail(what + ": " + expected.size() + " rows expected, " + actual.size() + " found; missing " + missing
                    + "; unexpected " + extra);
        }
    }

    private static Map<Row, Long> counts(List<Row> rows) {
        return rows.stream().collect(Collectors.groupingBy(r -> r, Collectors.counting()));
    }

    public static void assertApproximatelySameRows(Dataset<Row> expected, Dataset<Row> actual, double tolerance) {
        BASE.assertDataFrameApproximateEquals(sorted(expected), sorted(actual), tolerance);
    }

    /** Each table's rows as a set, for comparing runs; fails if a table holds the same row twice. */
    public static Map<TableDef, Set<Row>> rowSets(Lakehouse lakehouse, List<TableDef> tables) {
        Map<TableDef, Set<Row>> all = new LinkedHashMap<>();
        for (TableDef def : tables) {
            List<Row> rows = lakehouse.read(def).collectAsList();
            all.put(def, new HashSet<>(rows));
            assertEquals(rows.size(), all.get(def).size(), "no duplicate rows in " + def);
        }
        return all;
    }

    private static Dataset<Row> sorted(Dataset<Row> frame) {
        Column[] all = Arrays.stream(frame.columns()).map(c -> col(c)).toArray(Column[]::new);
        return frame.orderBy(all).coalesce(1);
    }
}
