package io.lifecycle.common.testing;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import java.sql.Date;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FramesTest {
    static final Row A = RowFactory.create("a", 1.5, Date.valueOf("2026-06-30"));
    static final Row B = RowFactory.create("b", Double.NaN, null);

    @Test
    void theSameRowsInAnyOrderAreEqual() {
        assertDoesNotThrow(() -> Frames.assertSameRows("t", List.of(A, B, A), List.of(B, A, A)));
    }

    @Test
    void aRowTwiceOnOneSideOnlyOrAChangedValueFailsNamingTheRows() {
        AssertionFailedError twice = assertThrows(AssertionFailedError.class,
                () -> Frames.assertSameRows("gold.t", List.of(A, B), List.of(A, B, B)));
        assertTrue(twice.getMessage().startsWith(
                "gold.t: 2 rows expected, 3 found; missing []; unexpected [[b,NaN,null]]"), twice.getMessage());
        Row changed = RowFactory.create("a", 1.5000001, Date.valueOf("2026-06-30"));
        AssertionFailedError value = assertThrows(AssertionFailedError.class,
                () -> Frames.assertSameRows("gold.t", List.of(A, B), List.of(changed, B)));
        assertTrue(value.getMessage().contains("missing [[a,1.5,2026-06-30]]"), value.getMessage());
    }
}
