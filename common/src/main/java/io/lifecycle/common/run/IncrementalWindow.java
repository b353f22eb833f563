package io.lifecycle.common.run;

import java.time.LocalDate;
import java.util.SortedSet;

/**
 * The event dates an incremental job (re)computes for a set of snapshot dates: from the day after the newest
 * date already done (or the earliest snapshot requested, if earlier), minus the late-data look-back, through the
 * newest snapshot. With nothing done yet it covers all history.
 *
 * @param from first date, inclusive; null means from the beginning of history
 * @param to   last date, inclusive
 */
public record IncrementalWindow(LocalDate from, LocalDate to) {

    public static IncrementalWindow of(LocalDate newestDone, SortedSet<LocalDate> snapshotDates, int lookbackDays) {
        LocalDate to = snapshotDates.last();
        if (newestDone == null) {
            return new IncrementalWindow(null, to);
        }
        LocalDate firstNew = newestDone.plusDays(1);
        LocalDate first = firstNew.isBefore(snapshotDates.first()) ? firstNew : snapshotDates.first();
        return new IncrementalWindow(first.minusDays(lookbackDays), to);
    }

    /** A SQL predicate selecting the window on a date column, for Delta's replaceWhere. */
    public String predicate(String dateColumn) {
        String upper = dateColumn + " <= DATE'" + to + "'";
        return from == null ? upper : dateColumn + " >= DATE'" + from + "' AND " + upper;
    }

    @Override
    public String toString() {
        return (from == null ? "all history" : from.toString()) + " .. " + to;
    }
}
