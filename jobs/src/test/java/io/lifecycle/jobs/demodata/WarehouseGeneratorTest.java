package io.lifecycle.jobs.demodata;

import io.lifecycle.common.catalog.Tables;
import io.lifecycle.common.config.Inputs;
import io.lifecycle.common.testing.Frames;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generated warehouse keeps the input contract of DESIGN §4 and is reproducible. */
class WarehouseGeneratorTest {
    static final Set<String> ACCOUNT_INPUTS = Set.of(Inputs.USERS, Inputs.USAGE_EVENTS, Inputs.SUBSCRIPTIONS,
            Inputs.INVOICES, Inputs.SUPPORT_TICKETS, Inputs.NPS_RESPONSES, Inputs.TOUCHPOINTS);
    static final LocalDate END = TinyWarehouse.END;
    static final int BAD = TinyWarehouse.BAD;

    static TinyWarehouse w;
    static Map<String, Long> counts;

    @BeforeAll
    static void generate() {
        w = TinyWarehouse.get();
        counts = w.counts;
    }

    @Test
    void sameSpecWritesIdenticalRows() {
        for (String input : List.of(Inputs.USAGE_EVENTS, Inputs.SUBSCRIPTIONS)) {
            Frames.assertSameRows(w.read(input), w.readAgain(input));
        }
        Frames.assertSameRows(w.truth("bad_rows"), w.readAgain(WarehouseGenerator.GROUND_TRUTH + "/bad_rows"));
    }

    @Test
    void countsAreReturnedPerInput() {
        assertEquals(Set.copyOf(Inputs.ALL), counts.keySet());
        for (String input : Inputs.ALL) {
            assertEquals(w.read(input).count(), counts.get(input), input);
        }
        assertEquals(Scale.TINY.accounts() + BAD + 1, counts.get(Inputs.ACCOUNTS));
        assertTrue(counts.get(Inputs.USAGE_EVENTS) > 20_000, "usage events: " + counts.get(Inputs.USAGE_EVENTS));
    }

    /** Warehouse columns are exactly the staging table's minus the columns ingest derives (DESIGN §4). */
    @Test
    void schemasAreTheContract() {
        Set<String> derived = Set.of("segment", "mrr_reporting", "amount_reporting");
        for (String input : Inputs.ALL) {
            StructType written = w.read(input).schema();
            StructType expected = new StructType(Arrays.stream(Tables.staging(input).schema().fields())
                    .filter(f -> !derived.contains(f.name())).toArray(StructField[]::new));
            assertEquals(typesOf(expected), typesOf(written), input);
            assertEquals(typesOf(Schemas.INPUTS.get(input)), typesOf(written), input);
        }
    }

    @Test
    void usageEventsArePartitionedByEventDate() {
        assertTrue(w.first.resolve(Inputs.USAGE_EVENTS).resolve("event_date=" + END).toFile().isDirectory());
        Dataset<Row> events = w.good(Inputs.USAGE_EVENTS);
        assertEquals(0, events.filter(col("event_date").notEqual(to_date(col("event_time")))).count());
    }

    @Test
    void idsAreUniqueInGoodRowsExceptTheInjectedDuplicate() {
        for (String input : Inputs.ALL) {
            Map<String, Long> perKey = w.goodRows(input).stream().collect(Collectors.groupingBy(
                    r -> BadRows.recordKey(input, r.schema(), r), Collectors.counting()));
            Map<String, Long> repeated = perKey.entrySet().stream().filter(e -> e.getValue() > 1)
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            assertEquals(Map.of(w.badKeys(input, BadRows.DUPLICATE).get(0), 2L), repeated, input);
        }
    }

    @Test
    void goodRowsReferToExistingAccountsAndUsers() {
        Set<String> accounts = w.goodRows(Inputs.ACCOUNTS).stream().map(r -> r.<String>getAs("account_id"))
                .collect(Collectors.toSet());
        assertEquals(Scale.TINY.accounts(), accounts.size());
        for (String input : ACCOUNT_INPUTS) {
            assertTrue(w.goodRows(input).stream().allMatch(r -> accounts.contains(r.<String>getAs("account_id"))),
                    input);
        }
        assertTrue(w.goodRows(Inputs.LEADS).stream().map(r -> r.<String>getAs("account_id"))
                .allMatch(a -> a == null || accounts.contains(a)));
        Set<String> users = w.goodRows(Inputs.USERS).stream()
                .map(r -> r.<String>getAs("account_id") + "/" + r.<String>getAs("user_id")).collect(Collectors.toSet());
        for (String input : List.of(Inputs.USAGE_EVENTS, Inputs.NPS_RESPONSES)) {
            assertTrue(w.goodRows(input).stream().filter(r -> r.getAs("user_id") != null)
                    .allMatch(r -> users.contains(r.<String>getAs("account_id") + "/" + r.<String>getAs("user_id"))),
                    input + ": users belong to the event's account");
        }
    }

    /** Every timestamp and date (except due dates, which lie up to 30 days ahead) is on or before the end date. */
    @Test
    void nothingGoodIsDatedAfterTheEndDate() {
        Timestamp endOfDay = Timestamp.valueOf(END.plusDays(1).atStartOfDay());
        for (String input : Inputs.ALL) {
            Dataset<Row> rows = w.good(input);
            List<StructField> dated = Arrays.stream(rows.schema().fields())
                    .filter(f -> f.dataType().equals(DataTypes.TimestampType)
                            || f.dataType().equals(DataTypes.DateType) && !f.name().equals("due_at"))
                    .toList();
            Column[] late = dated.stream().map(f -> count(when(col(f.name()).geq(lit(
                    f.dataType().equals(DataTypes.TimestampType) ? endOfDay : Date.valueOf(END.plusDays(1)))), 1))
                    .as(f.name())).toArray(Column[]::new);
            Row lateCounts = rows.agg(late[0], Arrays.copyOfRange(late, 1, late.length)).first();
            for (int i = 0; i < dated.size(); i++) {
                assertEquals(0L, lateCounts.getLong(i), input + "." + dated.get(i).name());
            }
        }
    }

    @Test
    void fxRatesCoverEveryCurrencyAndDayOfGoodMoney() {
        Dataset<Row> fx = w.good(Inputs.FX_RATES).select(col("rate_date"), col("currency").as("fx_currency"));
        Dataset<Row> used = w.good(Inputs.SUBSCRIPTIONS).select(col("start_date").as("d"), col("currency"))
                .union(w.good(Inputs.SUBSCRIPTIONS).filter(col("end_date").isNotNull())
                        .select(col("end_date").as("d"), col("currency")))
                .union(w.good(Inputs.INVOICES).select(to_date(col("issued_at")).as("d"), col("currency")))
                .union(w.good(Inputs.INVOICES).filter(col("paid_at").isNotNull())
                        .select(to_date(col("paid_at")).as("d"), col("currency")));
        assertTrue(used.select("currency").distinct().count() >= 3, "several currencies");
        assertEquals(0, used.join(fx, col("d").equalTo(col("rate_date")).and(col("currency")
                .equalTo(col("fx_currency"))), "left_anti").count());
        assertEquals(1, w.good(Inputs.FX_RATES).filter("currency = 'USD'").select("rate_to_reporting").distinct()
                .count());
    }

    private static List<String> typesOf(StructType schema) {
        return Arrays.stream(schema.fields()).map(f -> f.name() + ":" + f.dataType().simpleString()).toList();
    }
}
