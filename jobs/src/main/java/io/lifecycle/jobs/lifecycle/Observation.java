package io.lifecycle.jobs.lifecycle;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * What is known of one entity on one snapshot date: an account (its features and health band) or an open lead
 * (accountId null, customerStatus null, leadCreated set).
 */
public record Observation(LocalDate snapshotDate, String accountId, String leadId, String segment,
                          String customerStatus, LocalDate firstPaidDate, String billingPeriod, LocalDate renewalDate,
                          Integer seats, BigDecimal mrr, Double seatUtilisation, Integer keyFeaturesUsed,
                          Integer daysSinceLastActivity, Integer tenureDays, Integer latestNps, String band,
                          LocalDate leadCreated, LocalDate trialStarted) implements Serializable {

    public boolean isLead() {
        return accountId == null;
    }

    /** An open lead on {@code date}. */
    public static Observation lead(LocalDate date, String leadId, String segment, LocalDate created, LocalDate trial) {
        return new Observation(date, null, leadId, segment, null, null, null, null, null, null, null, null, null, null,
                null, null, created, trial);
    }
}
