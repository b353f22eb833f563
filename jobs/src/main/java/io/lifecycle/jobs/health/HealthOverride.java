package io.lifecycle.jobs.health;

import java.time.LocalDate;

/**
 * One row of the overrides CSV: a person's band and/or score for an account, in force on snapshot dates from
 * startsOn (if given) through expiresOn inclusive.
 *
 * @param line line of the CSV (a later line wins when two overrides of an account are in force on a date)
 */
public record HealthOverride(int line, String accountId, Band band, Double score, String reason, String owner,
                             LocalDate startsOn, LocalDate expiresOn) {

    public boolean inForceOn(LocalDate snapshotDate) {
        return !snapshotDate.isAfter(expiresOn) && (startsOn == null || !snapshotDate.isBefore(startsOn));
    }
}
