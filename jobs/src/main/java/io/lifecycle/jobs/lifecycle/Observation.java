package io.lifecycle.jobs.lifecycle;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * What is known of one entity on one snapshot date: an account (its features and health band) or an open lead
 * (accountId null, customerStatus null, leadCreated set). For a lead whose record names an account:
 * {@code trialEnded} is the last day of its trial as the warehouse records it (the end_date, before the snapshot
 * date, of a non-paid term of that account that ended on or after the trial start, when none is in force on the
 * date), and {@code lastTouch} the day of its latest touchpoint within the lostLeadDays days ending on the date;
 * both null otherwise.
 */
public record Observation(LocalDate snapshotDate, String accountId, String leadId, String segment,
                          String customerStatus, LocalDate firstPaidDate, String billingPeriod, LocalDate renewalDate,
                          Integer seats, BigDecimal mrr, Double seatUtilisation, Integer keyFeaturesUsed,
                          Integer daysSinceLastActivity, Integer tenureDays, Integer latestNps, String band,
                          LocalDate leadCreated, LocalDate trialStarted, LocalDate trialEnded, LocalDate lastTouch)
        implements Serializable {

    public boolean isLead() {
        return accountId == null;
    }

    /** An open lead on {@code date}. */
    public static Observation lead(LocalDate date, String leadId, String segment, LocalDate created, LocalDate trial) {
        return lead(date, leadId, segment, created, trial, null, null);
    }

    /** An open lead on {@code date} whose warehouse record says when its trial ended or when it was last touched. */
    public static Observation lead(LocalDate date, String leadId, String segment, LocalDate created, LocalDate trial,
                                   LocalDate trialEnded, LocalDate lastTouch) {
        return new Observation(date, null, leadId, segment, null, null, null, null, null, null, null, null, null, null,
                null, null, created, trial, trialEnded, lastTouch);
    }
}
