package io.lifecycle.jobs.ingest;

import io.lifecycle.common.config.Inputs;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_date;
import java.util.Arrays;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A hand-made warehouse of a few good rows per input, in the exact shape of the contracts, to which a test adds
 * the bad rows it wants. Snapshot day is {@link #SNAPSHOT}.
 */
final class TinyWarehouse {
    static final LocalDate SNAPSHOT = LocalDate.of(2026, 3, 31);

    final Map<String, List<Row>> rows = new LinkedHashMap<>();

    static TinyWarehouse good() {
        TinyWarehouse w = new TinyWarehouse();
        for (String input : Inputs.ALL) {
            w.rows.put(input, new ArrayList<>());
        }
        w.add(Inputs.ACCOUNTS, "A1", "Acme", "software", "emea", "51-200", "enterprise", ts("2025-01-10 09:00:00"), "cs1");
        w.add(Inputs.ACCOUNTS, "A2", "Beta", "retail", "amer", "1-10", "starter", ts("2025-06-01 12:00:00"), null);
        w.add(Inputs.ACCOUNTS, "A3", "Gamma", "health", "apac", "11-50", "business", ts("2025-09-15 08:30:00"), null);
        w.add(Inputs.USERS, "U1", "A1", ts("2025-01-10 09:05:00"), "admin");
        w.add(Inputs.USERS, "U2", "A1", ts("2025-02-01 10:00:00"), null);
        w.add(Inputs.USERS, "U3", "A2", ts("2025-06-01 12:10:00"), "member");
        w.add(Inputs.SUBSCRIPTIONS, "S1", "A1", "core", date("2025-01-10"), null, "active", 20, money("2000.00"), "USD", "annual");
        w.add(Inputs.SUBSCRIPTIONS, "S2", "A2", "core", date("2025-06-01"), date("2026-05-31"), "active", 3, money("90.00"), "EUR", "monthly");
        w.add(Inputs.INVOICES, "I1", "A1", ts("2026-01-10 00:00:00"), date("2026-02-10"), ts("2026-01-20 00:00:00"), money("24000.00"), "USD", "recurring", "paid");
        w.add(Inputs.INVOICES, "I2", "A2", ts("2026-03-01 00:00:00"), date("2026-03-31"), null, money("90.00"), "EUR", "recurring", "open");
        w.add(Inputs.SUPPORT_TICKETS, "T1", "A1", ts("2026-03-02 10:00:00"), null, "urgent", null);
        w.add(Inputs.SUPPORT_TICKETS, "T2", "A2", ts("2026-02-02 10:00:00"), ts("2026-02-03 10:00:00"), "low", 4);
        w.add(Inputs.NPS_RESPONSES, "N1", "A1", "U1", ts("2026-03-05 10:00:00"), 9);
        w.add(Inputs.TOUCHPOINTS, "P1", "A1", "email", "spring", ts("2026-03-06 10:00:00"), true);
        w.add(Inputs.LEADS, "L1", "A1", "referral", ts("2024-12-01 10:00:00"), ts("2024-12-20 10:00:00"), ts("2025-01-10 09:00:00"));
        w.add(Inputs.LEADS, "L2", null, "paid_search", ts("2026-03-20 10:00:00"), null, null);
        for (LocalDate d = LocalDate.of(2025, 1, 1); !d.isAfter(SNAPSHOT.plusDays(5)); d = d.plusDays(1)) {
            w.add(Inputs.FX_RATES, Date.valueOf(d), "EUR", new BigDecimal("1.10000000"));
        }
        w.add(Inputs.USAGE_EVENTS, "E1", "A1", "U1", ts("2026-03-30 10:00:00"), "reports", 1.0);
        w.add(Inputs.USAGE_EVENTS, "E2", "A1", "U2", ts("2026-03-30 11:00:00"), "reports", 2.0);
        w.add(Inputs.USAGE_EVENTS, "E3", "A1", "U1", ts("2026-03-31 09:00:00"), "dashboards", 1.0);
        w.add(Inputs.USAGE_EVENTS, "E4", "A2", "U3", ts("2026-03-31 23:59:59"), "reports", 5.0);
        w.add(Inputs.USAGE_EVENTS, "E5", "A2", null, ts("2026-03-29 08:00:00"), "api", 0.0);
        return w;
    }

    TinyWarehouse add(String input, Object... values) {
        rows.get(input).add(RowFactory.create(values));
        return this;
    }

    /** Writes every input as Parquet under dir/&lt;input&gt;/ (usage_events partitioned by event_date). */
    void write(SparkSession spark, Path dir) {
        for (String input : rows.keySet()) {
            write(spark, dir, input);
        }
    }

    /** Writes (replaces) one input only, leaving the other inputs' files as they are. */
    void write(SparkSession spark, Path dir, String input) {
        Contract c = Contracts.of(input);
        // Files written by other tools read back with every column nullable; so does this fixture. It leaves out
        // the optional columns (subscriptions.plan_tier), as a warehouse without them would: ingest reads them as
        // nulls, so every test here also checks that a source may lack them.
        var schema = new StructType(Arrays.stream(c.inputSchema().fields())
                .filter(f -> !c.optionalColumns().contains(f.name()))
                .map(f -> f.copy(f.name(), f.dataType(), true, f.metadata()))
                .toArray(StructField[]::new));
        var frame = spark.createDataFrame(rows.get(input), schema);
        String path = dir.resolve(input).toString();
        if (input.equals(Inputs.USAGE_EVENTS)) {
            frame.withColumn("event_date", to_date(col("event_time"))).write().mode("overwrite")
                    .partitionBy("event_date").parquet(path);
        } else {
            frame.write().mode("overwrite").parquet(path);
        }
    }

    static Timestamp ts(String s) {
        return Timestamp.valueOf(s);
    }

    static Date date(String s) {
        return Date.valueOf(s);
    }

    static BigDecimal money(String s) {
        return new BigDecimal(s);
    }
}
