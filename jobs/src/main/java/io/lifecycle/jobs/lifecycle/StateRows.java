package io.lifecycle.jobs.lifecycle;

import io.lifecycle.jobs.shared.LifecycleStage;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.sql.Date;
import java.util.Locale;

/** Converts between Spark rows and {@link StageState} / {@link Observation} (dates as java.sql or java.time). */
final class StateRows {
    private StateRows() {
    }

    /** A row of gold.account_lifecycle_daily, in the table's column order. */
    static Row toRow(StageState s) {
        return RowFactory.create(sql(s.snapshotDate()), s.accountId(), s.leadId(), s.segment(), s.stage().code(),
                s.rule(), sql(s.enteredOn()), s.daysInStage(), s.previousStage() == null ? null
                        : s.previousStage().code(), s.entryTrigger() == null ? null : s.entryTrigger().code(),
                s.daysInPreviousStage(), s.activated(), sql(s.activatedOn()), s.renewals(), sql(s.nextRenewalDate()),
                sql(s.greenSince()), s.seats(), s.mrr(), s.advocate());
    }

    static StageState state(Row r) {
        String previous = r.getAs("previous_stage");
        String trigger = r.getAs("entry_trigger");
        return new StageState(date(r, "snapshot_date"), r.getAs("account_id"), r.getAs("lead_id"),
                r.getAs("segment"), LifecycleStage.of(r.getAs("stage")), r.getAs("rule"), date(r, "entered_on"),
                previous == null ? null : LifecycleStage.of(previous),
                trigger == null ? null : Trigger.valueOf(trigger.toUpperCase(Locale.ROOT)),
                r.getAs("days_in_previous_stage"), r.getAs("activated"), date(r, "activated_on"),
                r.<Integer>getAs("renewals"), date(r, "next_renewal_date"), date(r, "green_since"), r.getAs("seats"),
                r.getAs("mrr"), Boolean.TRUE.equals(r.getAs("is_advocate")));
    }

    static Observation observation(Row r) {
        Number nps = r.getAs("latest_nps");
        Number keyFeatures = r.getAs("key_features_used_30d");
        Number idle = r.getAs("days_since_last_activity");
        Number tenure = r.getAs("tenure_days");
        Number seats = r.getAs("seats");
        return new Observation(date(r, "snapshot_date"), r.getAs("account_id"), r.getAs("lead_id"),
                r.getAs("segment"), r.getAs("customer_status"), date(r, "first_paid_date"), r.getAs("billing_period"),
                date(r, "renewal_date"), integer(seats), r.<BigDecimal>getAs("mrr"), r.getAs("seat_utilisation"),
                integer(keyFeatures), integer(idle), integer(tenure), integer(nps), r.getAs("band"),
                date(r, "lead_created"), date(r, "trial_started"), date(r, "trial_ended"), date(r, "last_touch"));
    }

    private static Integer integer(Number n) {
        return n == null ? null : n.intValue();
    }

    private static LocalDate date(Row r, String column) {
        Object v = r.getAs(column);
        if (v == null) {
            return null;
        }
        return v instanceof LocalDate d ? d : ((Date) v).toLocalDate();
    }

    private static Date sql(LocalDate d) {
        return d == null ? null : Date.valueOf(d);
    }
}
