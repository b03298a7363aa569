package io.alerthub.console;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * How the console writes times and durations; templates call it as {@code @consoleFormat}. Times are in the
 * configured zone ({@code alerthub.console.time-zone}) and always say which.
 */
@Component("consoleFormat")
public class ConsoleFormat {
    private final DateTimeFormatter time;
    private final String zone;
    private final long refreshMillis;

    public ConsoleFormat(ConsoleProperties properties) {
        this.time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(properties.timeZone());
        this.zone = properties.timeZone().getId();
        this.refreshMillis = properties.refresh().toMillis();
    }

    /** {@code 2026-12-07 22:30:15}, empty for none; the zone is in {@link #zone()}. */
    public String time(Instant at) {
        return at == null ? "" : time.format(at);
    }

    /** The moment as ISO-8601, for {@code <time datetime>}. */
    public String iso(Instant at) {
        return at == null ? "" : at.toString();
    }

    /** The zone times are shown in. */
    public String zone() {
        return zone;
    }

    /** {@code 850 ms}, {@code 12.3 s}, {@code 4 min 5 s}, {@code 2 h 3 min}. */
    public String duration(Number millis) {
        if (millis == null) {
            return "";
        }
        long ms = millis.longValue();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        Duration d = Duration.ofMillis(ms);
        if (d.toHours() == 0) {
            return d.toMinutes() + " min " + d.toSecondsPart() + " s";
        }
        return d.toHours() + " h " + d.toMinutesPart() + " min";
    }

    /** The htmx trigger of a self-refreshing part of a page, e.g. {@code every 10s}. */
    public String every() {
        return "every " + Math.max(1, refreshMillis / 1000) + "s";
    }
}
