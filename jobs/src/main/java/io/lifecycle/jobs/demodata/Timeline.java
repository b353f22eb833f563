package io.lifecycle.jobs.demodata;

import java.io.Serializable;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.LocalDate;

/**
 * The calendar of a generated warehouse. Internally every day is a UTC epoch day (int) and every instant
 * an epoch second (long): cheap to compare and hash in the hot usage loop. Months are numbered
 * year * 12 + (month - 1) so that consecutive months differ by one.
 */
final class Timeline implements Serializable {
    static final int SECONDS_PER_DAY = 86_400;
    /** How far before the usage window leads (and so accounts, terms and invoices) may start. */
    static final int PRE_WINDOW_DAYS = 730;

    private final int endDay;
    private final int windowStart;

    Timeline(LocalDate endDate, int months) {
        this.endDay = (int) endDate.toEpochDay();
        this.windowStart = (int) endDate.minusMonths(months).plusDays(1).toEpochDay();
    }

    /** Last day of history. */
    int endDay() {
        return endDay;
    }

    /** First day of usage, support, survey and marketing history. */
    int windowStart() {
        return windowStart;
    }

    /** First day anything (a lead, and so an fx rate) can be dated. */
    int historyStart() {
        return windowStart - PRE_WINDOW_DAYS;
    }

    long endOfHistorySecond() {
        return (long) (endDay + 1) * SECONDS_PER_DAY - 1;
    }

    int endMonth() {
        return month(endDay);
    }

    static int month(int day) {
        LocalDate d = LocalDate.ofEpochDay(day);
        return d.getYear() * 12 + d.getMonthValue() - 1;
    }

    static int firstDayOfMonth(int month) {
        return (int) LocalDate.of(month / 12, month % 12 + 1, 1).toEpochDay();
    }

    static int lastDayOfMonth(int month) {
        return firstDayOfMonth(month + 1) - 1;
    }

    static int plusMonths(int day, int months) {
        return (int) LocalDate.ofEpochDay(day).plusMonths(months).toEpochDay();
    }

    static boolean weekend(int day) {
        DayOfWeek dow = LocalDate.ofEpochDay(day).getDayOfWeek();
        return dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY;
    }

    static Date date(int day) {
        return Date.valueOf(LocalDate.ofEpochDay(day));
    }

    static Timestamp timestamp(long epochSecond) {
        return new Timestamp(epochSecond * 1000L);
    }
}
