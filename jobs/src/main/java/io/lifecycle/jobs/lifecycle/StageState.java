package io.lifecycle.jobs.lifecycle;

import io.lifecycle.jobs.shared.LifecycleStage;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * One row of gold.account_lifecycle_daily: the stage of an entity on a snapshot date and the state carried to the
 * next date (activation, renewals, next renewal, green streak, seats and MRR), so a night needs only each entity's
 * newest earlier row. Column meanings are the table's column comments ({@code advocate} is is_advocate).
 */
public record StageState(LocalDate snapshotDate, String accountId, String leadId, String segment,
                         LifecycleStage stage, String rule, LocalDate enteredOn, LifecycleStage previousStage,
                         Trigger entryTrigger, Integer daysInPreviousStage, boolean activated, LocalDate activatedOn,
                         int renewals, LocalDate nextRenewalDate, LocalDate greenSince, Integer seats,
                         BigDecimal mrr, boolean advocate) implements Serializable {

    public int daysInStage() {
        return (int) ChronoUnit.DAYS.between(enteredOn, snapshotDate);
    }
}
