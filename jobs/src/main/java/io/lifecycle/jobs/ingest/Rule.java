package io.lifecycle.jobs.ingest;

import org.apache.spark.sql.Column;

/**
 * One contract rule: a row for which {@code broken} is true goes to quarantine under {@code name}, with
 * {@code detail} saying what exactly was wrong.
 */
record Rule(String name, Column broken, Column detail) {
    static final String UNPARSEABLE = "unparseable";
    static final String NULL_KEY = "null_key";
    static final String NULL_REQUIRED = "null_required";
    static final String INVALID_VALUE = "invalid_value";
    static final String NEGATIVE_VALUE = "negative_value";
    static final String OUT_OF_RANGE = "out_of_range";
    static final String END_BEFORE_START = "end_before_start";
    static final String UNKNOWN_CURRENCY = "unknown_currency";
    static final String EVENT_AFTER_SNAPSHOT = "event_after_snapshot";
    static final String UNKNOWN_ACCOUNT = "unknown_account";
    static final String MISSING_FX_RATE = "missing_fx_rate";
    static final String EVENT_BEFORE_WINDOW = "event_before_window";
}
