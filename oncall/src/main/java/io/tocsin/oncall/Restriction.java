package io.tocsin.oncall;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.Set;

/**
 * When a layer covers, in its schedule's time zone: on {@code days}, from {@code from} (inclusive) to {@code to}
 * (exclusive). A window whose {@code to} is not after {@code from} runs past midnight into the next day (e.g. 18:00 to
 * 08:00), and it belongs to the day it starts on. Business hours are {@code MONDAY…FRIDAY, 09:00–17:00} (seed 002: P3 is
 * handled in business hours).
 *
 * @param days the days a window starts on
 */
public record Restriction(Set<DayOfWeek> days, LocalTime from, LocalTime to) {

    public Restriction {
        days = Set.copyOf(days);
    }

    /** Whether the local wall-clock time {@code at} falls inside this window. */
    public boolean covers(ZonedDateTime at) {
        LocalTime time = at.toLocalTime();
        if (from.isBefore(to)) {
            return days.contains(at.getDayOfWeek()) && !time.isBefore(from) && time.isBefore(to);
        }
        // Past midnight: the evening part belongs to today, the morning part to the window that started yesterday.
        return (days.contains(at.getDayOfWeek()) && !time.isBefore(from))
                || (days.contains(at.getDayOfWeek().minus(1)) && time.isBefore(to));
    }
}
