package io.lifecycle.pipelines;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The backfill schedules, against calendars read by hand. */
class EveryTest {
    private static LocalDate d(String s) {
        return LocalDate.parse(s);
    }

    @Test
    void everyDayIsEveryDateOfTheRange() {
        assertEquals(List.of(d("2026-02-27"), d("2026-02-28"), d("2026-03-01")),
                List.copyOf(Every.DAY.dates(d("2026-02-27"), d("2026-03-01"))));
        assertEquals(List.of(d("2026-03-01")), List.copyOf(Every.DAY.dates(d("2026-03-01"), d("2026-03-01"))));
    }

    @Test
    void monthEndsIncludeLeapDaysShortMonthsAndTheLastDateAsked() {
        // 2024 is a leap year: February ends on the 29th; the range ends mid-May, which is included
        assertEquals(List.of(d("2024-01-31"), d("2024-02-29"), d("2024-03-31"), d("2024-04-30"), d("2024-05-15")),
                List.copyOf(Every.MONTH_END.dates(d("2024-01-10"), d("2024-05-15"))));
        // a range that starts on a month-end and ends on one: no extra date
        assertEquals(List.of(d("2025-11-30"), d("2025-12-31")),
                List.copyOf(Every.MONTH_END.dates(d("2025-11-30"), d("2025-12-31"))));
    }

    @Test
    void weeksEndOnSundays() {
        // 2026-12-06 and 2026-12-13 are Sundays; 2026-12-16 is a Wednesday
        assertEquals(List.of(d("2026-12-06"), d("2026-12-13"), d("2026-12-16")),
                List.copyOf(Every.WEEK.dates(d("2026-12-01"), d("2026-12-16"))));
    }

    @Test
    void labelsAreWhatUsersTypeAndAnUnknownOneNamesTheAcceptedOnes() {
        assertEquals(Every.MONTH_END, Every.parse("month-end"));
        assertEquals(Every.WEEK, Every.parse("week"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Every.parse("monthly"));
        assertTrue(e.getMessage().contains("day, week, month-end"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Every.DAY.dates(d("2026-01-02"), d("2026-01-01")));
    }
}
