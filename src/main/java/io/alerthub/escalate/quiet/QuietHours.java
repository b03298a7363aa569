package io.alerthub.escalate.quiet;

import io.alerthub.config.CustomerConfig;
import io.alerthub.config.HolidayCalendar;
import io.alerthub.config.QuietHoursConfig;
import io.alerthub.config.TimeInterval;
import io.alerthub.model.Severity;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A customer's quiet hours, compiled from {@code quietHours:} in customer.yaml (escalate stage): whether the customer
 * is quiet at an instant, until when, and what that means for one notification given its severity and audience.
 * Immutable and thread-safe; pure time arithmetic, no clock of its own.
 */
public final class QuietHours {
    /**
     * How far {@link #quietUntil} looks ahead: a week of back-to-back windows (nights, a weekend, Golden Week) plus a
     * day. A window still going on after that is reported as ending at the horizon, so a held notification is
     * decided again then rather than held without bound.
     */
    public static final Duration HORIZON = Duration.ofDays(8);

    /** Quiet hours of a customer who has none: never quiet. */
    public static final QuietHours NONE = new QuietHours(List.of(), false, false, false, false);

    private final List<TimeInterval> intervals;
    private final boolean digest;
    private final boolean dropResolved;
    private final boolean criticalOverrides;
    private final boolean muteInternal;

    private QuietHours(List<TimeInterval> intervals, boolean digest, boolean dropResolved, boolean criticalOverrides,
            boolean muteInternal) {
        this.intervals = List.copyOf(intervals);
        this.digest = digest;
        this.dropResolved = dropResolved;
        this.criticalOverrides = criticalOverrides;
        this.muteInternal = muteInternal;
    }

    /** The customer's quiet hours, {@link #NONE} when customer.yaml has no {@code quietHours:} section. */
    public static QuietHours of(CustomerConfig customer) {
        return customer.quietHoursSettings().map(config -> of(config, customer.timeZone())).orElse(NONE);
    }

    /** Compiles a checked configuration with the shipped holiday calendars. */
    public static QuietHours of(QuietHoursConfig config, ZoneId customerZone) {
        return of(config, customerZone, HolidayCalendar::of);
    }

    /**
     * Compiles a checked configuration.
     *
     * @param customerZone the customer's time zone, for intervals with neither their own {@code location} nor a
     *                     {@code quietHours.timeZone}
     * @param calendars    the holiday calendar of each id
     */
    public static QuietHours of(QuietHoursConfig config, ZoneId customerZone,
            Function<String, HolidayCalendar> calendars) {
        ZoneId zone = config.timeZone() != null ? config.timeZone() : customerZone;
        List<TimeInterval> intervals = config.intervals().stream()
                .map(interval -> TimeInterval.of(interval, zone, calendars)).toList();
        return new QuietHours(intervals, config.digest(), config.dropResolved(), config.criticalOverrides(),
                config.muteInternal());
    }

    /** True when any interval contains {@code instant}. */
    public boolean isQuiet(Instant instant) {
        return interval(instant).isPresent();
    }

    /** The first interval (in configuration order) that contains {@code instant}. */
    public Optional<TimeInterval> interval(Instant instant) {
        for (TimeInterval interval : intervals) {
            if (interval.contains(instant)) {
                return Optional.of(interval);
            }
        }
        return Optional.empty();
    }

    /**
     * When the quiet window around {@code now} ends: the first later instant that no interval contains, following
     * windows that touch or overlap (nights into a weekend, a weekend into a holiday), across midnight and days.
     * Empty when {@code now} is not quiet; at most {@code now + }{@link #HORIZON}.
     */
    public Optional<Instant> quietUntil(Instant now) {
        return TimeInterval.windowEnd(intervals, now, HORIZON);
    }

    /**
     * What to do with one notification at {@code now}: internal ones go at once unless {@code muteInternal}; in a
     * quiet window, critical ones go at once when {@code criticalOverrides}; anything else waits until the window ends.
     *
     * @param severity the alert's severity; null counts as not critical
     */
    public Decision decide(Instant now, Severity severity, Audience audience) {
        if (audience == Audience.INTERNAL && !muteInternal) {
            return Decision.sendNow();
        }
        Optional<TimeInterval> interval = interval(now);
        if (interval.isEmpty()) {
            return Decision.sendNow();
        }
        if (criticalOverrides && severity == Severity.CRITICAL) {
            return Decision.override(interval.get().name());
        }
        return Decision.holdUntil(quietUntil(now).orElseThrow(), interval.get().name());
    }

    /** Held customer notifications go out as one digest when the window ends (false: one by one). */
    public boolean digest() {
        return digest;
    }

    /** Held notifications whose incident resolved while held are dropped. */
    public boolean dropResolved() {
        return dropResolved;
    }

    /** Critical notifications are sent in quiet windows. */
    public boolean criticalOverrides() {
        return criticalOverrides;
    }

    /** Internal escalation is held in quiet windows too. */
    public boolean muteInternal() {
        return muteInternal;
    }

    /** The compiled intervals, in configuration order. */
    public List<TimeInterval> intervals() {
        return intervals;
    }
}
