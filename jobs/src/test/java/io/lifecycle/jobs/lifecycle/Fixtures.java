package io.lifecycle.jobs.lifecycle;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/** Small builders for lifecycle tests: the shipped rules and one account's observations. */
final class Fixtures {
    static final LifecycleConfig CONFIG = new LifecycleConfig(new LifecycleConfig.Activation(0.3, 1, 30, 60), 60, 30,
            new LifecycleConfig.Advocate(365, 90, 9, 1), 90, 30);

    private Fixtures() {
    }

    /** An account observation; paying ones start paying on {@code firstPaid}, billed monthly. */
    static Account account(String id, LocalDate date) {
        return new Account(id, date);
    }

    static final class Account {
        final String id;
        LocalDate date;
        String status = "active";
        LocalDate firstPaid = LocalDate.of(2024, 1, 1);
        String billing = "monthly";
        LocalDate renewalDate;
        Integer seats = 10;
        BigDecimal mrr = new BigDecimal("100.00");
        Double utilisation = 0.8;
        Integer keyFeatures = 3;
        Integer idle = 1;
        Integer nps;
        String band = "yellow";

        Account(String id, LocalDate date) {
            this.id = id;
            this.date = date;
        }

        Account status(String s) {
            status = s;
            if (!"active".equals(s)) {
                seats = null;
                mrr = null;
            }
            if ("prospect".equals(s) || "trial".equals(s)) {
                firstPaid = null;
            }
            return this;
        }

        Account on(LocalDate d) {
            date = d;
            return this;
        }

        Account firstPaid(LocalDate d) {
            firstPaid = d;
            return this;
        }

        Account annualRenewal(LocalDate d) {
            billing = "annual";
            renewalDate = d;
            return this;
        }

        Account seats(int s, String m) {
            seats = s;
            mrr = new BigDecimal(m);
            return this;
        }

        Account usage(double u, int k) {
            utilisation = u;
            keyFeatures = k;
            return this;
        }

        Account idle(Integer days) {
            idle = days;
            return this;
        }

        Account nps(int n) {
            nps = n;
            return this;
        }

        Account band(String b) {
            band = b;
            return this;
        }

        Observation build() {
            Integer tenure = firstPaid == null ? null : (int) ChronoUnit.DAYS.between(firstPaid, date);
            return new Observation(date, id, null, "smb", status, firstPaid, "active".equals(status) ? billing : null,
                    "active".equals(status) ? renewalDate : null, seats, mrr, utilisation, keyFeatures, idle, tenure,
                    nps, band, null, null, null, null);
        }
    }
}
