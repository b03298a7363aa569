package io.alerthub.config;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.YearMonth;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * One compiled time interval (a quiet-hours window or a mute time interval; in the config layer so that every stage
 * may read it): Alertmanager {@code time_intervals} semantics read on the wall clock of the interval's zone — every
 * field given must match, within a field any entry may — plus the hub's two extensions, times that run across
 * midnight and national holidays.
 *
 * <p>Wall-clock reading decides the daylight-saving cases: on the night clocks go back, a local time that happens
 * twice matches both times; on the night they go forward, a local time that never happens never matches.
 */
public final class TimeInterval {
    private final String name;
    private final ZoneId zone;
    private final List<Times> times;
    private final List<TimeIntervalSyntax.Range> weekdays;
    private final List<TimeIntervalSyntax.Range> daysOfMonth;
    private final List<TimeIntervalSyntax.Range> months;
    private final List<TimeIntervalSyntax.Range> years;
    private final List<HolidayCalendar> holidays;

    /**
     * A time of day range in minutes: {@code [start, end)} on one day, or, when it {@code wraps}, {@code [start,
     * 24:00)} on the day that matches the date fields plus {@code [00:00, end)} on the day after.
     */
    private record Times(int start, int end, boolean wraps) {
    }

    private TimeInterval(String name, ZoneId zone, List<Times> times, List<TimeIntervalSyntax.Range> weekdays,
            List<TimeIntervalSyntax.Range> daysOfMonth, List<TimeIntervalSyntax.Range> months,
            List<TimeIntervalSyntax.Range> years, List<HolidayCalendar> holidays) {
        this.name = name;
        this.zone = zone;
        this.times = times;
        this.weekdays = weekdays;
        this.daysOfMonth = daysOfMonth;
        this.months = months;
        this.years = years;
        this.holidays = holidays;
    }

    /**
     * Compiles a checked interval.
     *
     * @param defaultZone the zone when the interval has no {@code location} (the quiet hours' time zone)
     * @param calendars   the holiday calendar of each id in {@code holidays}
     */
    public static TimeInterval of(TimeIntervalConfig config, ZoneId defaultZone,
            Function<String, HolidayCalendar> calendars) {
        List<Times> times = config.times().stream().map(TimeInterval::times).toList();
        return new TimeInterval(config.name(), config.location() != null ? config.location() : defaultZone, times,
                config.weekdays().stream().map(TimeIntervalSyntax::weekdays).toList(),
                config.daysOfMonth().stream().map(TimeIntervalSyntax::daysOfMonth).toList(),
                config.months().stream().map(TimeIntervalSyntax::months).toList(),
                config.years().stream().map(TimeIntervalSyntax::years).toList(),
                config.holidays().stream().map(TimeIntervalSyntax::holidayCalendar).map(calendars).toList());
    }

    private static Times times(TimeRangeConfig range) {
        int start = TimeIntervalSyntax.minuteOfDay(range.startTime());
        int end = TimeIntervalSyntax.minuteOfDay(range.endTime());
        return new Times(start, end, start > end);
    }

    /** The interval's name as configured. */
    public String name() {
        return name;
    }

    /** The zone whose wall clock the interval is read on. */
    public ZoneId zone() {
        return zone;
    }

    /** True when {@code instant} lies in the interval. */
    public boolean contains(Instant instant) {
        LocalDateTime local = LocalDateTime.ofInstant(instant, zone);
        LocalDate date = local.toLocalDate();
        if (times.isEmpty()) {
            return dateMatches(date);
        }
        int minute = local.getHour() * 60 + local.getMinute();
        for (Times range : times) {
            if (!range.wraps()) {
                if (minute >= range.start() && minute < range.end() && dateMatches(date)) {
                    return true;
                }
            } else if (minute >= range.start() && dateMatches(date)
                    || minute < range.end() && dateMatches(date.minusDays(1))) {
                // the part after midnight belongs to the window that started the evening before
                return true;
            }
        }
        return false;
    }

    private boolean dateMatches(LocalDate date) {
        return (years.isEmpty() || any(years, date.getYear()))
                && (months.isEmpty() || any(months, date.getMonthValue()))
                && (daysOfMonth.isEmpty() || dayOfMonthMatches(date))
                && (weekdays.isEmpty() || any(weekdays, date.getDayOfWeek().getValue() % 7))
                && (holidays.isEmpty() || holidays.stream().anyMatch(calendar -> calendar.isHoliday(date)));
    }

    private static boolean any(List<TimeIntervalSyntax.Range> ranges, int value) {
        for (TimeIntervalSyntax.Range range : ranges) {
            if (range.contains(value)) {
                return true;
            }
        }
        return false;
    }

    /** Alertmanager's reading: negative days count from the month's end; a range is clamped to the month. */
    private boolean dayOfMonthMatches(LocalDate date) {
        int length = YearMonth.from(date).lengthOfMonth();
        for (TimeIntervalSyntax.Range range : daysOfMonth) {
            int begin = range.begin() < 0 ? length + range.begin() + 1 : range.begin();
            int end = range.end() < 0 ? length + range.end() + 1 : range.end();
            if (begin > length) {
                // "30:31" in February: no such days, and clamping would wrongly turn it into the 28th
                continue;
            }
            if (date.getDayOfMonth() >= begin && date.getDayOfMonth() <= Math.min(end, length)) {
                return true;
            }
        }
        return false;
    }

    /**
     * When the window of {@code intervals} around {@code now} ends: the first later instant that none of them
     * contains, following windows that touch or overlap, at most {@code now + horizon}; empty when none contains
     * {@code now}.
     */
    public static Optional<Instant> windowEnd(List<TimeInterval> intervals, Instant now, Duration horizon) {
        if (intervals.stream().noneMatch(i -> i.contains(now))) {
            return Optional.empty();
        }
        Instant limit = now.plus(horizon);
        // inside or not can only change where some interval may start or stop matching: test just those instants
        TreeSet<Instant> changes = new TreeSet<>();
        for (TimeInterval interval : intervals) {
            interval.changePoints(now, limit, changes);
        }
        for (Instant change : changes) {
            if (intervals.stream().noneMatch(i -> i.contains(change))) {
                return Optional.of(change);
            }
        }
        return Optional.of(limit);
    }

    /**
     * Adds to {@code out} every instant in {@code (from, to]} at which this interval may start or stop matching:
     * midnight and each range's start and end, on every local day in between, and the zone's offset changes (a
     * boundary that falls into a skipped hour takes effect when the clock jumps).
     */
    public void changePoints(Instant from, Instant to, Collection<Instant> out) {
        TreeSet<Integer> minutes = new TreeSet<>();
        minutes.add(0);
        for (Times range : times) {
            minutes.add(range.start());
            minutes.add(range.end() % TimeIntervalSyntax.END_OF_DAY);
        }
        ZoneRules rules = zone.getRules();
        LocalDate last = LocalDate.ofInstant(to, zone).plusDays(1);
        for (LocalDate day = LocalDate.ofInstant(from, zone).minusDays(1); !day.isAfter(last); day = day.plusDays(1)) {
            for (int minute : minutes) {
                LocalDateTime local = day.atTime(minute / 60, minute % 60);
                for (ZoneOffset offset : rules.getValidOffsets(local)) {
                    add(local.toInstant(offset), from, to, out);
                }
            }
        }
        for (ZoneOffsetTransition t = rules.nextTransition(from); t != null && !t.getInstant().isAfter(to);
                t = rules.nextTransition(t.getInstant())) {
            add(t.getInstant(), from, to, out);
        }
    }

    private static void add(Instant instant, Instant from, Instant to, Collection<Instant> out) {
        if (instant.isAfter(from) && !instant.isAfter(to)) {
            out.add(instant);
        }
    }

    @Override
    public String toString() {
        return "TimeInterval[" + name + " in " + zone + "]";
    }
}
