package io.lifecycle.jobs.demodata;

import io.lifecycle.common.config.Inputs;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Injected bad rows are listed in the ground truth, and each one really breaks the rule it is listed under. */
class BadRowsTest {
    static TinyWarehouse w;

    @BeforeAll
    static void generate() {
        w = TinyWarehouse.get();
    }

    @Test
    void groundTruthListsNRowsPerInputRotatingThroughItsRulesPlusOneDuplicate() {
        Map<String, List<Row>> byInput = w.truth("bad_rows").collectAsList().stream()
                .collect(Collectors.groupingBy(r -> r.getString(0)));
        assertEquals(Set.copyOf(Inputs.ALL), byInput.keySet());
        for (String input : Inputs.ALL) {
            List<String> rules = byInput.get(input).stream().map(r -> r.getString(2)).toList();
            assertEquals(TinyWarehouse.BAD, rules.stream().filter(r -> !r.equals(BadRows.DUPLICATE)).count(), input);
            assertEquals(1, rules.stream().filter(r -> r.equals(BadRows.DUPLICATE)).count(), input);
            Set<String> expected = new HashSet<>(BadRows.RULES.get(input));
            expected.add(BadRows.DUPLICATE);
            assertEquals(expected, Set.copyOf(rules), input);
        }
    }

    /** Checked on collected rows: TINY inputs are small, and one Spark job per listed row would be slow. */
    @Test
    void everyListedRowBreaksItsRule() {
        Set<String> accounts = new HashSet<>(w.good(Inputs.ACCOUNTS).select("account_id")
                .as(Encoders.STRING()).collectAsList());
        Set<String> fxCurrencies = new HashSet<>(w.good(Inputs.FX_RATES).select("currency").distinct()
                .as(Encoders.STRING()).collectAsList());
        Timestamp afterEnd = Timestamp.valueOf(TinyWarehouse.END.plusDays(1).atStartOfDay());
        Map<String, List<Row>> all = new HashMap<>();
        for (Row listed : w.truth("bad_rows").filter(col("rule").notEqual(BadRows.DUPLICATE)).collectAsList()) {
            String input = listed.getString(0);
            String key = listed.getString(1);
            String rule = listed.getString(2);
            List<Row> rows = all.computeIfAbsent(input, i -> w.read(i).collectAsList()).stream()
                    .filter(r -> Objects.equals(key, BadRows.recordKey(input, r.schema(), r))).toList();
            String what = input + " " + key + " " + rule;
            assertFalse(rows.isEmpty(), what + " is not in the input");
            for (Row r : rows) {
                boolean breaks = switch (rule) {
                    case BadRows.NULL_KEY -> key == null || key.isEmpty();
                    case BadRows.UNKNOWN_ACCOUNT -> !accounts.contains(r.<String>getAs("account_id"));
                    case BadRows.NEGATIVE_VALUE -> negative(input, r);
                    case BadRows.UNKNOWN_CURRENCY -> !fxCurrencies.contains(r.<String>getAs("currency"))
                            && !r.<String>getAs("currency").equals("JPY");
                    case BadRows.MISSING_FX_RATE -> !fxCurrencies.contains(r.<String>getAs("currency"));
                    case BadRows.OUT_OF_RANGE -> input.equals(Inputs.NPS_RESPONSES)
                            ? outside(r.<Integer>getAs("score"), 0, 10) : outside(r.<Integer>getAs("csat"), 1, 5);
                    case BadRows.EVENT_AFTER_SNAPSHOT -> !r.<Timestamp>getAs("event_time").before(afterEnd)
                            && r.getAs("event_date").equals(Date.valueOf(TinyWarehouse.END));
                    case BadRows.INVALID_VALUE -> invalid(input, r);
                    default -> throw new AssertionError("unexpected rule " + what);
                };
                assertTrue(breaks, what + ": " + r);
            }
        }
    }

    @Test
    void theDuplicateIsAnExactCopyOfAGoodRow() {
        for (Row listed : w.truth("bad_rows").filter(col("rule").equalTo(BadRows.DUPLICATE)).collectAsList()) {
            String input = listed.getString(0);
            List<Row> copies = w.goodRows(input).stream()
                    .filter(r -> listed.getString(1).equals(BadRows.recordKey(input, r.schema(), r))).toList();
            assertEquals(2, copies.size(), listed.toString());
            assertEquals(copies.get(0), copies.get(1), listed.toString());
        }
    }

    @Test
    void currenciesOfBadRowsHaveNoRates() {
        assertTrue(w.good(Inputs.FX_RATES).filter(col("currency").isin("XXQ", "JPY")).isEmpty());
    }

    @Test
    void noBadRowsAndNoDuplicateWhenNoneAreAskedFor() {
        BadRows.Injection none = BadRows.inject(Inputs.SUBSCRIPTIONS, w.goodRows(Inputs.SUBSCRIPTIONS).get(0), 0,
                new Timeline(TinyWarehouse.END, 6));
        assertTrue(none.rows().isEmpty());
        assertTrue(none.truth().isEmpty());
    }

    private static boolean negative(String input, Row r) {
        return switch (input) {
            case Inputs.USAGE_EVENTS -> r.<Double>getAs("quantity") < 0;
            case Inputs.SUBSCRIPTIONS -> r.<BigDecimal>getAs("mrr").signum() < 0 || r.<Integer>getAs("seats") < 0;
            case Inputs.INVOICES -> r.<BigDecimal>getAs("amount").signum() < 0;
            default -> r.<BigDecimal>getAs("rate_to_reporting").signum() < 0;
        };
    }

    private static boolean outside(Integer value, int min, int max) {
        return value != null && (value < min || value > max);
    }

    private static boolean invalid(String input, Row r) {
        return switch (input) {
            case Inputs.SUBSCRIPTIONS -> !Set.of("trial", "active", "cancelled", "expired").contains(r.getAs("status"))
                    || !Set.of("monthly", "annual").contains(r.getAs("billing_period"));
            case Inputs.INVOICES -> !Set.of("paid", "open", "failed", "refunded", "void").contains(r.getAs("status"))
                    || !Set.of("recurring", "one_off").contains(r.getAs("kind"));
            case Inputs.SUPPORT_TICKETS -> !Set.of("low", "normal", "high", "urgent").contains(r.getAs("priority"));
            default -> !Set.of("email", "in_app", "webinar", "social", "call", "event").contains(r.getAs("channel"));
        };
    }
}
