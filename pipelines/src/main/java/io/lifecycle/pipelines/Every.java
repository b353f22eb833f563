package io.lifecycle.pipelines;

import io.lifecycle.common.config.EnumNames;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Locale;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Which snapshot dates of a range a backfill computes: every day, the last day of every week (Sunday), or the last
 * day of every month. The last date of the range is always included, so a history built week by week or month by
 * month ends at the date asked for and the nightly run continues from it.
 */
public enum Every {
    DAY, WEEK, MONTH_END;

    /** As typed on the command line: day, week or month-end. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The value for a label; fails naming the accepted labels. */
    public static Every parse(String label) {
        return EnumNames.parse(values(), Every::label, label, "schedule");
    }

    /** The snapshot dates of {@code from .. to} (both included) on this schedule, always with {@code to}. */
    public SortedSet<LocalDate> dates(LocalDate from, LocalDate to) {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException(to + " is before " + from);
        }
        SortedSet<LocalDate> dates = new TreeSet<>();
        from.datesUntil(to.plusDays(1)).filter(this::isOnSchedule).forEach(dates::add);
        dates.add(to);
        return dates;
    }

    private boolean isOnSchedule(LocalDate d) {
        return switch (this) {
            case DAY -> true;
            case WEEK -> d.getDayOfWeek() == DayOfWeek.SUNDAY;
            case MONTH_END -> d.getDayOfMonth() == d.lengthOfMonth();
        };
    }
}
