package io.alerthub.config;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The grammar of quiet-hours intervals, shared by the config check (which reports every mistake with its path) and
 * the quiet-hours engine (which reads checked values): Alertmanager's {@code time_intervals} forms — {@code HH:MM}
 * times, weekday, day-of-month, month and year ranges written {@code begin:end} — with Alertmanager's limits, plus
 * the hub's holiday calendars.
 */
public final class TimeIntervalSyntax {
    /** Holiday calendars the hub ships ({@code src/main/resources/holidays/<id>.csv}). */
    public static final List<String> HOLIDAY_CALENDARS = List.of("jp");
    /** Weekday names in Alertmanager's order: sunday is 0. */
    public static final List<String> WEEKDAYS = List.of("sunday", "monday", "tuesday", "wednesday", "thursday",
            "friday", "saturday");
    /** Month names; january is 1. */
    public static final List<String> MONTHS = List.of("january", "february", "march", "april", "may", "june", "july",
            "august", "september", "october", "november", "december");
    /** Minutes in a day: the end of day written {@code 24:00}. */
    public static final int END_OF_DAY = 24 * 60;

    // as Alertmanager: two-digit hours and minutes, 24:00 the only time past 23:59
    private static final Pattern TIME = Pattern.compile("([01][0-9]|2[0-3]):([0-5][0-9])|24:00");
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,4}");
    private static final String TIME_RULE = "HH:MM from 00:00 to 24:00";
    private static final String WEEKDAY_RULE = "\"sunday\" to \"saturday\", or a range such as \"monday:friday\"";
    private static final String DAY_RULE = "1 to 31, -1 to -31 counting back from the month's last day, "
            + "or a range such as \"1:5\" or \"-3:-1\"";
    private static final String MONTH_RULE = "\"january\" to \"december\" or 1 to 12, or a range such as "
            + "\"april:june\"";
    private static final String YEAR_RULE = "a year such as 2026, or a range such as \"2026:2027\"";

    private TimeIntervalSyntax() {
    }

    /** An inclusive range of weekdays, days of month, months or years as numbers. */
    public record Range(int begin, int end) {
        public boolean contains(int value) {
            return value >= begin && value <= end;
        }
    }

    /** Thrown for a value that does not follow the grammar; the message is the one the config check reports. */
    public static final class InvalidValue extends IllegalArgumentException {
        InvalidValue(String message) {
            super(message);
        }
    }

    /** {@code HH:MM} as minutes since midnight, 0 to 1440. */
    public static int minuteOfDay(String time) {
        if (time == null || !TIME.matcher(time).matches()) {
            throw new InvalidValue("invalid time " + ProblemCollector.quote(time) + " (valid: " + TIME_RULE + ")");
        }
        return Integer.parseInt(time.substring(0, 2)) * 60 + Integer.parseInt(time.substring(3));
    }

    /** A weekday or weekday range; sunday is 0, saturday 6. */
    public static Range weekdays(String text) {
        Range range = range(text, "weekday", WEEKDAY_RULE, name -> index(WEEKDAYS, name, 0));
        if (range.begin() > range.end()) {
            throw new InvalidValue("invalid weekday range " + ProblemCollector.quote(text) + " (the end comes before "
                    + "the start in a week that runs sunday to saturday; list both days or two ranges instead)");
        }
        return range;
    }

    /** A day of month or range; negative days count back from the month's end, {@code -1} being its last day. */
    public static Range daysOfMonth(String text) {
        Range range = range(text, "day of month", DAY_RULE, TimeIntervalSyntax::integer);
        for (int day : new int[] {range.begin(), range.end()}) {
            if (day == 0 || day < -31 || day > 31) {
                throw new InvalidValue("invalid day of month " + ProblemCollector.quote(text) + " (valid: " + DAY_RULE
                        + ")");
            }
        }
        if (range.begin() < 0 && range.end() > 0) {
            throw new InvalidValue("invalid day of month range " + ProblemCollector.quote(text)
                    + " (the end must be negative when the start is)");
        }
        // as Alertmanager: compare in a 28-day month, the shortest, to refuse a range that is empty in every month
        int begin = range.begin() < 0 ? 28 + range.begin() : range.begin();
        int end = range.end() < 0 ? 28 + range.end() : range.end();
        if (begin > end) {
            throw new InvalidValue("invalid day of month range " + ProblemCollector.quote(text)
                    + " (the end is always before the start)");
        }
        return range;
    }

    /** A month or month range; january is 1. */
    public static Range months(String text) {
        Range range = range(text, "month", MONTH_RULE, name -> {
            Integer number = integer(name);
            return number != null ? (number >= 1 && number <= 12 ? number : null) : index(MONTHS, name, 1);
        });
        if (range.begin() > range.end()) {
            throw new InvalidValue("invalid month range " + ProblemCollector.quote(text)
                    + " (the end comes before the start; list both months or two ranges instead)");
        }
        return range;
    }

    /** A year or year range. */
    public static Range years(String text) {
        Range range = range(text, "year", YEAR_RULE, name -> {
            Integer number = integer(name);
            return number != null && number >= 1 && number <= 9999 ? number : null;
        });
        if (range.begin() > range.end()) {
            throw new InvalidValue("invalid year range " + ProblemCollector.quote(text)
                    + " (the end comes before the start)");
        }
        return range;
    }

    /** A holiday calendar id, lower-cased; one of {@link #HOLIDAY_CALENDARS}. */
    public static String holidayCalendar(String text) {
        String id = text == null ? "" : text.toLowerCase(Locale.ROOT);
        if (!HOLIDAY_CALENDARS.contains(id)) {
            throw new InvalidValue("unknown holiday calendar " + ProblemCollector.quote(text) + " (valid: "
                    + ProblemCollector.list(HOLIDAY_CALENDARS) + ")");
        }
        return id;
    }

    /**
     * Checks a {@code quietHours:} section after it was bound and bean-validated, passing each problem's path
     * ({@code quietHours.intervals[0].times[0].start_time}) and message to {@code problems}.
     */
    public static void check(QuietHoursConfig config, BiConsumer<String, String> problems) {
        Map<String, String> names = new HashMap<>();
        for (int i = 0; i < config.intervals().size(); i++) {
            TimeIntervalConfig interval = config.intervals().get(i);
            String path = "quietHours.intervals[" + i + "]";
            uniqueName(names, interval.name(), path, "duplicate interval name ", problems);
            if (interval.unrestricted()) {
                problems.accept(path, "interval " + ProblemCollector.quote(interval.name()) + " has no times, "
                        + "weekdays, days_of_month, months, years or holidays (it would make every moment quiet)");
            }
            checkFields(interval, path, problems);
        }
    }

    /** Reports {@code name} at {@code path} when {@code names} (name to first path) already has it. */
    static void uniqueName(Map<String, String> names, String name, String path, String what,
                           BiConsumer<String, String> problems) {
        String first = names.putIfAbsent(name, path);
        if (first != null) {
            problems.accept(path + ".name", what + ProblemCollector.quote(name) + " (already used by " + first + ")");
        }
    }

    /**
     * Checks the fields of one interval at {@code path} (times, weekdays, days_of_month, months, years, holidays);
     * whether an interval without any restricts enough is the caller's to say.
     */
    public static void checkFields(TimeIntervalConfig interval, String path, BiConsumer<String, String> problems) {
        for (int j = 0; j < interval.times().size(); j++) {
            checkTimes(interval.times().get(j), path + ".times[" + j + "]", problems);
        }
        each(interval.weekdays(), path + ".weekdays", problems, TimeIntervalSyntax::weekdays);
        each(interval.daysOfMonth(), path + ".days_of_month", problems, TimeIntervalSyntax::daysOfMonth);
        each(interval.months(), path + ".months", problems, TimeIntervalSyntax::months);
        each(interval.years(), path + ".years", problems, TimeIntervalSyntax::years);
        each(interval.holidays(), path + ".holidays", problems, TimeIntervalSyntax::holidayCalendar);
    }

    private static void checkTimes(TimeRangeConfig range, String path, BiConsumer<String, String> problems) {
        if (range == null) {
            problems.accept(path, "is required");
            return;
        }
        Integer start = time(range.startTime(), path + ".start_time", problems);
        Integer end = time(range.endTime(), path + ".end_time", problems);
        if (start != null && start == END_OF_DAY) {
            problems.accept(path + ".start_time", "invalid start time \"24:00\" (a window cannot start at the end "
                    + "of the day, use \"00:00\")");
        } else if (start != null && start.equals(end)) {
            problems.accept(path + ".end_time", "end time " + ProblemCollector.quote(range.endTime())
                    + " equals the start time (an empty window)");
        }
    }

    private static Integer time(String value, String path, BiConsumer<String, String> problems) {
        if (value == null) {
            problems.accept(path, "is required");
            return null;
        }
        try {
            return minuteOfDay(value);
        } catch (InvalidValue e) {
            problems.accept(path, e.getMessage());
            return null;
        }
    }

    private static void each(List<String> values, String path, BiConsumer<String, String> problems,
            Consumer<String> parser) {
        for (int i = 0; i < values.size(); i++) {
            String itemPath = path + "[" + i + "]";
            if (values.get(i) == null) {
                problems.accept(itemPath, "is required");
                continue;
            }
            try {
                parser.accept(values.get(i));
            } catch (InvalidValue e) {
                problems.accept(itemPath, e.getMessage());
            }
        }
    }

    private static Range range(String text, String what, String rule, Function<String, Integer> member) {
        String lower = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        String[] parts = lower.split(":", -1);
        Integer begin = parts.length <= 2 ? member.apply(parts[0]) : null;
        Integer end = parts.length == 2 ? member.apply(parts[1]) : begin;
        if (begin == null || end == null) {
            String kind = parts.length > 1 ? what + " range" : what;
            throw new InvalidValue("invalid " + kind + " " + ProblemCollector.quote(text) + " (valid: " + rule + ")");
        }
        return new Range(begin, end);
    }

    private static Integer index(List<String> names, String name, int first) {
        int index = names.indexOf(name);
        return index < 0 ? null : index + first;
    }

    private static Integer integer(String text) {
        return INTEGER.matcher(text).matches() ? Integer.parseInt(text) : null;
    }
}
