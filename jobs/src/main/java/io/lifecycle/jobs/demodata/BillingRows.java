package io.lifecycle.jobs.demodata;

import io.lifecycle.jobs.demodata.AccountLife.Term;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Rows of subscriptions (one per simulated term) and invoices: one recurring invoice per billing period of
 * every paid term (mrr × 1 or × 12 months), plus one-off invoices for onboarding and services. Payment
 * fails more often when the account is unhealthy; invoices not yet paid at the end of history are open.
 */
final class BillingRows {
    private static final int PAYMENT_TERMS_DAYS = 30;

    private BillingRows() {
    }

    static List<Row> subscriptions(Population p, int index) {
        AccountLife a = p.lives[index];
        List<Row> rows = new ArrayList<>(a.terms().size());
        int seq = 0;
        for (Term t : a.terms()) {
            rows.add(RowFactory.create(Ids.ofAccount('S', index, seq++), a.accountId(), t.product(),
                    Timeline.date(t.startDay()), t.endDay() < 0 ? null : Timeline.date(t.endDay()), t.status(),
                    t.seats(), money(t.mrrCents()), a.currency(), t.annual() ? "annual" : "monthly", t.planTier()));
        }
        return rows;
    }

    static List<Row> invoices(Population p, int index) {
        AccountLife a = p.lives[index];
        Timeline tl = p.timeline;
        SplittableRandom rng = Rand.of(p.seed, Rand.BILLING, index);
        List<Row> rows = new ArrayList<>();
        for (Term t : a.terms()) {
            if (t.mrrCents() == 0) {
                continue;
            }
            int step = t.annual() ? 12 : 1;
            int last = Math.min(t.endDay() < 0 ? tl.endDay() : t.endDay(), tl.endDay());
            for (int k = 0; ; k++) {
                int day = Timeline.plusMonths(t.startDay(), k * step);
                if (day > last) {
                    break;
                }
                rows.add(invoice(p, a, rng, rows.size(), day, t.mrrCents() * step, "recurring"));
            }
        }
        int lastDay = a.lastDay(tl);
        double onboardingChance = a.planTier().equals("enterprise") ? 0.8
                : a.planTier().equals("business") ? 0.5 : 0.05;
        if (Rand.chance(rng, onboardingChance)) {
            long fee = Rand.between(rng, 1_500, 15_000) * 100L;
            rows.add(invoice(p, a, rng, rows.size(), a.createdDay(), priceList(a, fee), "one_off"));
        }
        for (int m = a.firstMonth(); m <= Timeline.month(lastDay); m++) {
            if (Rand.chance(rng, 0.015)) {
                int day = Math.min(lastDay, Math.max(a.createdDay(), Timeline.firstDayOfMonth(m) + rng.nextInt(28)));
                rows.add(invoice(p, a, rng, rows.size(), day, priceList(a, Rand.between(rng, 500, 5_000) * 100L),
                        "one_off"));
            }
        }
        return rows;
    }

    private static Row invoice(Population p, AccountLife a, SplittableRandom rng, int seq, int day, long cents,
                               String kind) {
        long issued = Math.max(a.createdAt(), (long) day * Timeline.SECONDS_PER_DAY + Rand.between(rng, 0, 8 * 3600));
        double h = a.healthInMonth(Timeline.month(day));
        long paid = issued + (long) (Rand.exponential(rng, 6) * Timeline.SECONDS_PER_DAY);
        String status;
        double x = rng.nextDouble();
        if (x < 0.015 + 0.3 * (1 - h) * (1 - h)) {
            status = "failed";
            paid = -1;
        } else if (x > 0.996) {
            status = "void";
            paid = -1;
        } else if (paid > p.timeline.endOfHistorySecond()) {
            status = "open";
            paid = -1;
        } else {
            status = x > 0.992 ? "refunded" : "paid";
        }
        return RowFactory.create(Ids.ofAccount('I', a.index(), seq), a.accountId(), Timeline.timestamp(issued),
                Timeline.date(day + PAYMENT_TERMS_DAYS), paid < 0 ? null : Timeline.timestamp(paid), money(cents),
                a.currency(), kind, status);
    }

    /** A USD list price in cents, in the account's currency (rounded to whole units). */
    private static long priceList(AccountLife a, long usdCents) {
        return Math.round(usdCents * Vocabulary.PRICE_LIST_FACTOR[a.currencyIndex()] / 100) * 100;
    }

    static BigDecimal money(long cents) {
        return BigDecimal.valueOf(cents, 2);
    }
}
