package io.lifecycle.jobs.demodata;

import io.lifecycle.common.config.Inputs;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.date_diff;
import static org.apache.spark.sql.functions.dayofweek;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The warehouse shows the behaviour later jobs must detect: churn, expansion, dormancy, health effects. */
class SimulatedBehaviourTest {
    static TinyWarehouse w;

    @BeforeAll
    static void generate() {
        w = TinyWarehouse.get();
    }

    @Test
    void usersAreBusierOnWeekdays() {
        List<Row> perKind = w.good(Inputs.USAGE_EVENTS)
                .withColumn("weekend", dayofweek(col("event_date")).isin(1, 7))
                .groupBy("weekend").agg(count(lit(1)).as("events"), countDistinct("event_date").as("days"))
                .orderBy("weekend").collectAsList();
        double weekdayRate = perKind.get(0).getLong(1) / (double) perKind.get(0).getLong(2);
        double weekendRate = perKind.get(1).getLong(1) / (double) perKind.get(1).getLong(2);
        assertTrue(weekdayRate > 2 * weekendRate, weekdayRate + " vs " + weekendRate);
    }

    @Test
    void groundTruthHasChurnExpansionAndDormancy() {
        assertTrue(w.truth("churn_events").count() >= 3, "churned accounts");
        Dataset<Row> expansions = w.truth("expansion_events");
        assertTrue(expansions.count() >= 3, "expanded accounts");
        assertTrue(expansions.select("kind").distinct().count() >= 2, "several kinds of expansion");
        assertEquals(0, expansions.filter(col("mrr_after").leq(col("mrr_before"))).count());
        assertTrue(w.truth("dormancy_spells").count() >= 3, "dormant accounts");
        assertEquals(Scale.TINY.accounts(), w.truth("accounts").count());
    }

    @Test
    void churnedAccountsGoSilentAndEndTheirSubscriptions() {
        Dataset<Row> churn = w.truth("churn_events").withColumnRenamed("account_id", "churned");
        Dataset<Row> events = w.good(Inputs.USAGE_EVENTS).join(churn, col("account_id").equalTo(col("churned")));
        assertEquals(0, events.filter(col("event_date").gt(col("churn_date"))).count());
        assertTrue(events.count() > 0, "some accounts churn inside the window, after using the product");
        for (String input : List.of(Inputs.SUPPORT_TICKETS, Inputs.TOUCHPOINTS, Inputs.NPS_RESPONSES)) {
            String time = input.equals(Inputs.SUPPORT_TICKETS) ? "opened_at"
                    : input.equals(Inputs.TOUCHPOINTS) ? "touched_at" : "responded_at";
            assertEquals(0, w.good(input).join(churn, col("account_id").equalTo(col("churned")))
                    .filter(to_date(col(time)).gt(col("churn_date"))).count(), input);
        }
        Dataset<Row> terms = w.good(Inputs.SUBSCRIPTIONS).join(churn, col("account_id").equalTo(col("churned")));
        assertEquals(0, terms.filter(col("end_date").isNull().or(col("status").equalTo("active"))).count());
        assertEquals(0, terms.groupBy("account_id", "churn_date").agg(max("end_date").as("last"))
                .filter(col("last").notEqual(col("churn_date"))).count());
        Dataset<Row> stillCustomers = w.good(Inputs.SUBSCRIPTIONS).join(churn,
                col("account_id").equalTo(col("churned")), "left_anti");
        assertEquals(Scale.TINY.accounts() - churn.count(), stillCustomers.filter(col("status").equalTo("active")
                .and(col("product").equalTo("core")).and(col("end_date").isNull())).select("account_id").distinct()
                .count());
    }

    @Test
    void dormantAccountsHaveNoEventsDuringTheirSpells() {
        Dataset<Row> spells = w.truth("dormancy_spells").withColumnRenamed("account_id", "dormant");
        assertEquals(0, w.good(Inputs.USAGE_EVENTS).join(spells, col("account_id").equalTo(col("dormant"))
                .and(col("event_date").geq(col("start_date")))
                .and(col("event_date").leq(coalesce(col("end_date"), lit(Date.valueOf(TinyWarehouse.END))))))
                .count());
    }

    /** Per account-month: healthy accounts use the product more, open fewer tickets and score NPS higher. */
    @Test
    void healthDrivesUsageTicketsAndNps() {
        Dataset<Row> health = w.truth("health_monthly").withColumnRenamed("account_id", "a")
                .withColumn("band", when(col("hidden_health").geq(0.7), "healthy")
                        .when(col("hidden_health").lt(0.4), "unhealthy"))
                .filter(col("band").isNotNull());
        Map<String, Double> events = perBand(health, w.good(Inputs.USAGE_EVENTS).groupBy(col("account_id"),
                trunc(col("event_date"), "month").as("m")).agg(count(lit(1)).as("v")), true);
        Map<String, Double> tickets = perBand(health, w.good(Inputs.SUPPORT_TICKETS).groupBy(col("account_id"),
                trunc(col("opened_at"), "month").as("m")).agg(count(lit(1)).as("v")), true);
        Map<String, Double> nps = perBand(health, w.good(Inputs.NPS_RESPONSES).groupBy(col("account_id"),
                trunc(col("responded_at"), "month").as("m")).agg(avg("score").as("v")), false);
        assertTrue(events.get("healthy") > 1.5 * events.get("unhealthy"), "events " + events);
        assertTrue(tickets.get("unhealthy") > tickets.get("healthy"), "tickets " + tickets);
        assertTrue(nps.get("healthy") > nps.get("unhealthy") + 2, "nps " + nps);
    }

    @Test
    void leadsConvertIntoAccountsAtChannelSpecificRates() {
        Dataset<Row> leads = w.good(Inputs.LEADS);
        Dataset<Row> accounts = w.good(Inputs.ACCOUNTS).select(col("account_id").as("a"), col("created_at").as("c"));
        Dataset<Row> converted = leads.filter(col("account_id").isNotNull());
        assertEquals(Scale.TINY.accounts(), converted.select("account_id").distinct().count());
        assertEquals(0, converted.join(accounts, col("account_id").equalTo(col("a")))
                .filter(col("converted_at").notEqual(col("c"))).count());
        assertEquals(0, leads.filter(col("account_id").isNull().and(col("converted_at").isNotNull())).count());
        Map<String, Double> rate = leads.groupBy("source_channel")
                .agg(avg(when(col("account_id").isNotNull(), 1.0).otherwise(0.0)).as("rate")).collectAsList()
                .stream().collect(Collectors.toMap(r -> r.getString(0), r -> r.getDouble(1)));
        assertTrue(rate.get("referral") > 2 * rate.get("paid_search"), "conversion by channel " + rate);
        // Trial leads that converted have a trial term ending the day before the account's first paid term.
        Dataset<Row> trials = w.good(Inputs.SUBSCRIPTIONS).filter(col("status").equalTo("trial"));
        assertEquals(converted.filter(col("trial_started_at").isNotNull()).select("lead_id").distinct().count(),
                trials.select("subscription_id").distinct().count());
        assertEquals(0, trials.join(accounts, col("account_id").equalTo(col("a")))
                .filter(col("end_date").notEqual(date_add(to_date(col("c")), -1))).count());
    }

    /** Accounts created in the window ramp up: more events and more distinct features after two months. */
    @Test
    void newAccountsRampUpAndAdoptMoreFeatures() {
        Dataset<Row> accounts = w.good(Inputs.ACCOUNTS).select(col("account_id").as("a"), to_date(col("created_at"))
                .as("created")).filter(col("created").geq(lit(Date.valueOf(TinyWarehouse.END.minusMonths(5)))));
        Map<String, Row> byAge = w.good(Inputs.USAGE_EVENTS).join(accounts, col("account_id").equalTo(col("a")))
                .withColumn("age", date_diff(col("event_date"), col("created")))
                .withColumn("period", when(col("age").lt(14), "first").when(col("age").between(60, 73), "later"))
                .filter(col("period").isNotNull())
                .groupBy("account_id", "period").agg(count(lit(1)).as("events"), countDistinct("feature").as("f"))
                .groupBy("period").agg(avg("events"), avg("f")).collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getString(0), r -> r));
        assertTrue(byAge.get("later").getDouble(1) > 1.5 * byAge.get("first").getDouble(1), "events " + byAge);
        assertTrue(byAge.get("later").getDouble(2) > byAge.get("first").getDouble(2), "features " + byAge);
    }

    /** Average of v per health band over the window's account-months; missing months count 0 for counts. */
    private static Map<String, Double> perBand(Dataset<Row> health, Dataset<Row> perAccountMonth,
                                               boolean zeroWhenMissing) {
        return health.join(perAccountMonth, col("a").equalTo(col("account_id")).and(col("month").equalTo(col("m"))),
                        zeroWhenMissing ? "left" : "inner")
                .filter(col("month").geq(lit(Date.valueOf(TinyWarehouse.END.minusMonths(5).withDayOfMonth(1)))))
                .groupBy("band").agg(avg(coalesce(col("v"), lit(0.0))))
                .collectAsList().stream().collect(Collectors.toMap(r -> r.getString(0), r -> r.getDouble(1)));
    }
}
