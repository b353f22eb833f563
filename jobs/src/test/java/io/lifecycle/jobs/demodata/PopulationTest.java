package io.lifecycle.jobs.demodata;

import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The simulation without Spark: a seed fixes every row, another seed changes them. */
class PopulationTest {
    static final LocalDate END = LocalDate.of(2025, 12, 31);

    @Test
    void sameSeedSimulatesTheSameRowsAndAnotherSeedDifferentOnes() {
        Population a = Population.build(new GeneratorSpec(Scale.TINY, 7, END, 0));
        Population b = Population.build(new GeneratorSpec(Scale.TINY, 7, END, 0));
        Population c = Population.build(new GeneratorSpec(Scale.TINY, 8, END, 0));
        assertEquals(rows(a), rows(b));
        assertNotEquals(rows(a), rows(c));
        assertEquals(UsageEvents.day(a, 100), UsageEvents.day(b, 100));
        assertNotEquals(UsageEvents.day(a, 100), UsageEvents.day(c, 100));
    }

    @Test
    void accountsAreCreatedWhenTheirLeadConverts() {
        Population p = Population.build(new GeneratorSpec(Scale.TINY, 7, END, 0));
        assertEquals(Scale.TINY.accounts(), p.accounts());
        int converted = 0;
        for (int lead = 0; lead < p.leads(); lead++) {
            int account = p.accountOfLead[lead];
            if (account >= 0) {
                assertEquals(account, converted++, "accounts are numbered in conversion order");
                assertEquals(Lead.of(p.seed, lead, p.timeline).convertedAt(), p.lives[account].createdAt());
            }
        }
        assertTrue(p.leads() > 2 * p.accounts(), "most leads do not convert");
    }

    @Test
    void healthStaysWithinZeroAndOne() {
        Population p = Population.build(new GeneratorSpec(Scale.SMALL, 7, END, 0));
        for (AccountLife life : p.lives) {
            for (double h : life.health()) {
                assertTrue(h >= 0 && h <= 1, life.accountId() + " " + h);
            }
        }
    }

    private static List<Row> rows(Population p) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < p.accounts(); i++) {
            rows.addAll(BillingRows.subscriptions(p, i));
            rows.addAll(BillingRows.invoices(p, i));
            rows.addAll(CustomerRows.users(p, i));
        }
        return rows;
    }
}
