package io.lifecycle.jobs.demodata;

import io.lifecycle.jobs.demodata.AccountLife.Expansion;
import io.lifecycle.jobs.demodata.AccountLife.Renewal;
import io.lifecycle.jobs.demodata.AccountLife.Spell;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.util.ArrayList;
import java.util.List;

/** What the simulation decided, written beside the warehouse so tests and benchmarks can score the pipeline. */
final class GroundTruthRows {
    private GroundTruthRows() {
    }

    static List<Row> account(Population p, int index) {
        AccountLife a = p.lives[index];
        return List.of(RowFactory.create(a.accountId(), a.health()[0],
                a.churned() ? Timeline.date(a.churnDay()) : null));
    }

    /** Hidden health per month from the month of creation to the last month as a customer. */
    static List<Row> healthMonthly(Population p, int index) {
        AccountLife a = p.lives[index];
        int lastMonth = Timeline.month(a.lastDay(p.timeline));
        List<Row> rows = new ArrayList<>();
        for (int m = a.firstMonth(); m <= lastMonth; m++) {
            rows.add(RowFactory.create(a.accountId(), Timeline.date(Timeline.firstDayOfMonth(m)),
                    a.healthInMonth(m)));
        }
        return rows;
    }

    static List<Row> churn(Population p, int index) {
        AccountLife a = p.lives[index];
        return a.churned() ? List.of(RowFactory.create(a.accountId(), Timeline.date(a.churnDay()))) : List.of();
    }

    static List<Row> expansions(Population p, int index) {
        AccountLife a = p.lives[index];
        List<Row> rows = new ArrayList<>();
        for (Expansion e : a.expansions()) {
            rows.add(RowFactory.create(a.accountId(), Timeline.date(e.day()), e.kind(),
                    BillingRows.money(e.mrrBeforeCents()), BillingRows.money(e.mrrAfterCents())));
        }
        return rows;
    }

    /**
     * The account's own lifecycle as the simulation decided it: the purchase (the account is created paying on
     * the day its lead converts), the onboarding month (the simulation lets nothing happen until the end of the
     * calendar month of the purchase), the billing period and the churn day (the last day as a customer).
     */
    static List<Row> lifecycle(Population p, int index) {
        AccountLife a = p.lives[index];
        return List.of(RowFactory.create(a.accountId(), Timeline.date(a.createdDay()),
                Timeline.date(Timeline.lastDayOfMonth(a.firstMonth())), a.annual() ? "annual" : "monthly",
                a.churned() ? Timeline.date(a.churnDay()) : null));
    }

    static List<Row> renewals(Population p, int index) {
        AccountLife a = p.lives[index];
        List<Row> rows = new ArrayList<>();
        for (Renewal r : a.renewals()) {
            rows.add(RowFactory.create(a.accountId(), Timeline.date(r.day()), r.outcome()));
        }
        return rows;
    }

    static List<Row> dormancy(Population p, int index) {
        AccountLife a = p.lives[index];
        List<Row> rows = new ArrayList<>();
        for (Spell s : a.spells()) {
            rows.add(RowFactory.create(a.accountId(), Timeline.date(s.startDay()),
                    s.endDay() < 0 ? null : Timeline.date(s.endDay())));
        }
        return rows;
    }
}
