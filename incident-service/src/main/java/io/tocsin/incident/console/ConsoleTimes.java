package io.tocsin.incident.console;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.springframework.stereotype.Component;

/**
 * How the console writes instants for people: {@code 2026-11-30 02:17:24 UTC} (the exact RFC 3339 value stays in
 * each {@code <time datetime>}). Templates call it as {@code ${@consoleTimes.text(instant)}}.
 */
@Component("consoleTimes")
class ConsoleTimes {

    private static final DateTimeFormatter TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    /** A duration in seconds for people ({@code 45s}, {@code 12m}, {@code 1h 30m}); {@code –} for {@code null}. */
    public String duration(Long seconds) {
        return seconds == null ? "–" : LineChart.duration(seconds);
    }

    /** The instant to the second in UTC; empty for {@code null}. */
    public String text(Instant at) {
        return at == null ? "" : TEXT.format(at);
    }
}
