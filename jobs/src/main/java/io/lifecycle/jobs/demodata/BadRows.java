package io.lifecycle.jobs.demodata;

import io.lifecycle.common.config.Inputs;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.sql.Timestamp;

/**
 * Rows that break an input's contract on purpose, each listed in the ground truth with the rule it breaks.
 * Every bad row is a copy of a good row of the same input (so it has the right Spark types and breaks
 * only one rule), with a fresh id containing "BAD" and one field spoiled. Rules rotate through those that
 * apply to the input; one exact duplicate of the good row is added too (rule {@code duplicate}).
 */
final class BadRows {
    static final String NULL_KEY = "null_key";
    static final String UNKNOWN_ACCOUNT = "unknown_account";
    static final String NEGATIVE_VALUE = "negative_value";
    static final String UNKNOWN_CURRENCY = "unknown_currency";
    static final String MISSING_FX_RATE = "missing_fx_rate";
    static final String OUT_OF_RANGE = "out_of_range";
    static final String EVENT_AFTER_SNAPSHOT = "event_after_snapshot";
    static final String INVALID_VALUE = "invalid_value";
    static final String DUPLICATE = "duplicate";

    /** Rules that apply to each input (§4 gives no allowed values for account attributes or lead channels). */
    static final Map<String, List<String>> RULES = Map.of(
            Inputs.ACCOUNTS, List.of(NULL_KEY),
            Inputs.USERS, List.of(NULL_KEY, UNKNOWN_ACCOUNT),
            Inputs.USAGE_EVENTS, List.of(NULL_KEY, UNKNOWN_ACCOUNT, NEGATIVE_VALUE, EVENT_AFTER_SNAPSHOT),
            Inputs.SUBSCRIPTIONS, List.of(NULL_KEY, UNKNOWN_ACCOUNT, NEGATIVE_VALUE, UNKNOWN_CURRENCY,
                    MISSING_FX_RATE, INVALID_VALUE),
            Inputs.INVOICES, List.of(NULL_KEY, UNKNOWN_ACCOUNT, NEGATIVE_VALUE, UNKNOWN_CURRENCY, MISSING_FX_RATE,
                    INVALID_VALUE),
            Inputs.SUPPORT_TICKETS, List.of(NULL_KEY, UNKNOWN_ACCOUNT, OUT_OF_RANGE, INVALID_VALUE),
            Inputs.NPS_RESPONSES, List.of(NULL_KEY, UNKNOWN_ACCOUNT, OUT_OF_RANGE),
            Inputs.TOUCHPOINTS, List.of(NULL_KEY, UNKNOWN_ACCOUNT, INVALID_VALUE),
            Inputs.LEADS, List.of(NULL_KEY),
            Inputs.FX_RATES, List.of(NULL_KEY, NEGATIVE_VALUE, UNKNOWN_CURRENCY));

    /** The bad rows of one input and their ground-truth entries (input, record_key, rule). */
    record Injection(List<Row> rows, List<Row> truth) {
    }

    private BadRows() {
    }

    static Injection inject(String input, Row template, int n, Timeline timeline) {
        List<Row> rows = new ArrayList<>();
        List<Row> truth = new ArrayList<>();
        if (n == 0) {
            return new Injection(rows, truth);
        }
        StructType schema = Schemas.INPUTS.get(input);
        List<String> rules = RULES.get(input);
        for (int k = 0; k < n; k++) {
            String rule = rules.get(k % rules.size());
            int occurrence = k / rules.size();
            Object[] values = copy(template);
            if (!input.equals(Inputs.FX_RATES)) {
                set(schema, values, Schemas.KEYS.get(input), Ids.bad(keyPrefix(template), k + 1));
            }
            spoil(input, rule, occurrence, k, schema, values, timeline);
            Row row = RowFactory.create(values);
            rows.add(row);
            truth.add(RowFactory.create(input, recordKey(input, schema, row), rule));
        }
        rows.add(template);
        truth.add(RowFactory.create(input, recordKey(input, schema, template), DUPLICATE));
        return new Injection(rows, truth);
    }

    private static void spoil(String input, String rule, int occurrence, int k, StructType schema, Object[] v,
                              Timeline timeline) {
        boolean alternate = occurrence % 2 == 1;
        switch (rule) {
            case NULL_KEY -> {
                set(schema, v, Schemas.KEYS.get(input), alternate && !input.equals(Inputs.FX_RATES) ? "" : null);
                if (input.equals(Inputs.FX_RATES)) {
                    set(schema, v, "rate_date", Timeline.date(timeline.endDay() - k));
                }
            }
            case UNKNOWN_ACCOUNT -> set(schema, v, "account_id", Ids.unknownAccount(k + 1));
            case NEGATIVE_VALUE -> {
                switch (input) {
                    case Inputs.USAGE_EVENTS -> set(schema, v, "quantity", -5.0);
                    case Inputs.SUBSCRIPTIONS -> {
                        if (alternate) {
                            set(schema, v, "seats", -3);
                        } else {
                            set(schema, v, "mrr", new BigDecimal("-100.00"));
                        }
                    }
                    case Inputs.INVOICES -> set(schema, v, "amount", new BigDecimal("-250.00"));
                    default -> {
                        // fx: a date before any generated rate, so the row's key collides with no good row
                        set(schema, v, "rate_date", Timeline.date(timeline.historyStart() - 1 - k));
                        set(schema, v, "currency", "EUR");
                        set(schema, v, "rate_to_reporting", new BigDecimal("-1.08000000"));
                    }
                }
            }
            case UNKNOWN_CURRENCY -> {
                set(schema, v, "currency", "XXQ");
                if (input.equals(Inputs.FX_RATES)) {
                    set(schema, v, "rate_date", Timeline.date(timeline.endDay() - k));
                }
            }
            case MISSING_FX_RATE -> set(schema, v, "currency", "JPY");
            case OUT_OF_RANGE -> {
                if (input.equals(Inputs.NPS_RESPONSES)) {
                    set(schema, v, "score", alternate ? -1 : 11);
                } else {
                    set(schema, v, "csat", alternate ? 0 : 7);
                }
            }
            case EVENT_AFTER_SNAPSHOT -> {
                // A skewed client clock: stamped two days after the snapshot, filed under the snapshot's date.
                long secondOfDay = ((Timestamp) v[schema.fieldIndex("event_time")]).getTime() / 1000
                        % Timeline.SECONDS_PER_DAY;
                set(schema, v, "event_time",
                        Timeline.timestamp((long) (timeline.endDay() + 2) * Timeline.SECONDS_PER_DAY + secondOfDay));
                set(schema, v, "event_date", Timeline.date(timeline.endDay()));
            }
            case INVALID_VALUE -> {
                switch (input) {
                    case Inputs.SUBSCRIPTIONS -> set(schema, v, alternate ? "billing_period" : "status",
                            alternate ? "weekly" : "paused");
                    case Inputs.INVOICES -> set(schema, v, alternate ? "kind" : "status",
                            alternate ? "credit" : "pending");
                    case Inputs.SUPPORT_TICKETS -> set(schema, v, "priority", "p0");
                    default -> set(schema, v, "channel", "fax");
                }
            }
            default -> throw new IllegalArgumentException("unknown rule " + rule);
        }
    }

    /** The row's key as the ground truth reports it: the id, or "rate_date|currency" for fx rates. */
    static String recordKey(String input, StructType schema, Row row) {
        if (input.equals(Inputs.FX_RATES)) {
            Object currency = row.get(schema.fieldIndex("currency"));
            return currency == null ? null : row.get(schema.fieldIndex("rate_date")) + "|" + currency;
        }
        Object key = row.get(schema.fieldIndex(Schemas.KEYS.get(input)));
        return key == null ? null : key.toString();
    }

    private static char keyPrefix(Row template) {
        return template.getString(0).charAt(0);
    }

    private static Object[] copy(Row row) {
        Object[] values = new Object[row.length()];
        for (int i = 0; i < values.length; i++) {
            values[i] = row.get(i);
        }
        return values;
    }

    private static void set(StructType schema, Object[] values, String field, Object value) {
        values[schema.fieldIndex(field)] = value;
    }
}
