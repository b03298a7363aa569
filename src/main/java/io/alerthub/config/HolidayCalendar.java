package io.alerthub.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A country's national holidays read from the data file {@code holidays/<id>.csv} on the class path (shared by quiet
 * hours and mute time intervals): answers whether a date is a holiday for the years the file covers, and logs a WARN,
 * once per year, when asked about a year outside them, because then the file is due for its yearly update.
 */
public final class HolidayCalendar {
    private static final Logger LOG = LoggerFactory.getLogger(HolidayCalendar.class);
    private static final String HEADER = "date,name_ja,name_en";
    private static final Map<String, HolidayCalendar> LOADED = new ConcurrentHashMap<>();

    private final String id;
    private final NavigableMap<LocalDate, Holiday> holidays;
    private final Set<Integer> warnedYears = ConcurrentHashMap.newKeySet();

    /** One holiday: its date and its name in Japanese and English. */
    public record Holiday(LocalDate date, String nameJa, String nameEn) {
    }

    private HolidayCalendar(String id, NavigableMap<LocalDate, Holiday> holidays) {
        this.id = id;
        this.holidays = holidays;
    }

    /** The shipped calendar {@code id} ({@code jp}), read once and shared. */
    public static HolidayCalendar of(String id) {
        return LOADED.computeIfAbsent(id, HolidayCalendar::load);
    }

    private static HolidayCalendar load(String id) {
        String resource = "holidays/" + id + ".csv";
        try (InputStream in = HolidayCalendar.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no holiday calendar " + id + " (missing " + resource + ")");
            }
            return read(id, resource, new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** Parses a holiday table: {@code #} comments, the header {@code date,name_ja,name_en}, then dates in order. */
    static HolidayCalendar read(String id, String source, BufferedReader reader) throws IOException {
        NavigableMap<LocalDate, Holiday> holidays = new TreeMap<>();
        boolean header = false;
        int lineNumber = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            lineNumber++;
            String text = lineNumber == 1 && line.startsWith("\uFEFF") ? line.substring(1) : line;
            if (text.isBlank() || text.startsWith("#")) {
                continue;
            }
            if (!header) {
                if (!text.trim().equals(HEADER)) {
                    throw new IllegalStateException(source + ":" + lineNumber + ": expected the header \"" + HEADER
                            + "\", got \"" + text + "\"");
                }
                header = true;
                continue;
            }
            String[] fields = text.split(",", -1);
            if (fields.length != 3 || fields[1].isBlank() || fields[2].isBlank()) {
                throw new IllegalStateException(source + ":" + lineNumber + ": expected date,name_ja,name_en, got \""
                        + text + "\"");
            }
            LocalDate date;
            try {
                date = LocalDate.parse(fields[0].trim());
            } catch (DateTimeParseException e) {
                throw new IllegalStateException(source + ":" + lineNumber + ": invalid date \"" + fields[0]
                        + "\" (valid: yyyy-mm-dd)", e);
            }
            // a table out of order usually means a pasted year went to the wrong place: refuse rather than guess
            if (!holidays.isEmpty() && !date.isAfter(holidays.lastKey())) {
                throw new IllegalStateException(source + ":" + lineNumber + ": date " + date
                        + " is not after the previous row's " + holidays.lastKey() + " (keep the rows in date order)");
            }
            holidays.put(date, new Holiday(date, fields[1].trim(), fields[2].trim()));
        }
        if (holidays.isEmpty()) {
            throw new IllegalStateException(source + ": no holidays listed");
        }
        return new HolidayCalendar(id, Collections.unmodifiableNavigableMap(holidays));
    }

    /** The calendar's id, e.g. {@code jp}. */
    public String id() {
        return id;
    }

    /** First year the table covers. */
    public int firstYear() {
        return holidays.firstKey().getYear();
    }

    /** Last year the table covers. */
    public int lastYear() {
        return holidays.lastKey().getYear();
    }

    /** True when the table lists {@code year}. */
    public boolean covers(int year) {
        return year >= firstYear() && year <= lastYear();
    }

    /** The holiday on {@code date}; empty on a working day and, after a WARN, for a year the table does not cover. */
    public Optional<Holiday> holiday(LocalDate date) {
        if (!covers(date.getYear()) && warnedYears.add(date.getYear())) {
            LOG.warn("holiday calendar \"{}\" covers {} to {} but was asked about {}: treating every day of {} as a "
                    + "working day; update holidays/{}.csv (docs/notifications.md, \"Updating the holiday table\")",
                    id, firstYear(), lastYear(), date, date.getYear(), id);
        }
        return Optional.ofNullable(holidays.get(date));
    }

    /** True when {@code date} is a holiday of this calendar. */
    public boolean isHoliday(LocalDate date) {
        return holiday(date).isPresent();
    }

    /** Every holiday of the table, in date order. */
    public Map<LocalDate, Holiday> all() {
        return holidays;
    }
}
