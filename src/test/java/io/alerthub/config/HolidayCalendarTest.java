package io.alerthub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

/**
 * The Japanese holiday table (holidays/jp.csv): the days of the Cabinet Office list, substitute and citizens'
 * holidays included, a table that agrees with the holiday law's rules for every year it covers, and a WARN when a
 * year outside the table is asked about.
 */
class HolidayCalendarTest {
    private final HolidayCalendar jp = HolidayCalendar.of("jp");

    @Test
    void theTableCovers2024To2028() {
        assertThat(jp.firstYear()).isEqualTo(2024);
        assertThat(jp.lastYear()).isEqualTo(2028);
        assertThat(jp.covers(2026)).isTrue();
        assertThat(jp.covers(2029)).isFalse();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(nullValues = "-", textBlock = """
            2026-01-01, 元日,         New Year's Day
            2026-01-12, 成人の日,     Coming of Age Day
            2026-02-23, 天皇誕生日,   The Emperor's Birthday
            2026-03-20, 春分の日,     Vernal Equinox Day
            2026-05-06, 振替休日,     Substitute Holiday
            2026-09-21, 敬老の日,     Respect for the Aged Day
            2026-09-22, 国民の休日,   Citizens' Holiday
            2026-09-23, 秋分の日,     Autumnal Equinox Day
            2024-02-12, 振替休日,     Substitute Holiday
            2024-09-23, 振替休日,     Substitute Holiday
            2025-05-06, 振替休日,     Substitute Holiday
            2025-11-24, 振替休日,     Substitute Holiday
            2027-03-21, 春分の日,     Vernal Equinox Day
            2027-03-22, 振替休日,     Substitute Holiday
            2028-09-22, 秋分の日,     Autumnal Equinox Day
            2026-01-02, -,            -
            2026-09-24, -,            -
            2026-12-23, -,            -
            2025-12-31, -,            -
            """)
    void knowsTheOfficialDays(LocalDate date, String nameJa, String nameEn) {
        if (nameJa == null) {
            assertThat(jp.holiday(date)).isEmpty();
        } else {
            assertThat(jp.holiday(date)).contains(new HolidayCalendar.Holiday(date, nameJa, nameEn));
        }
    }

    /**
     * Rebuilds each covered year from the holiday law (fixed days, Happy Monday days, the equinox days as the table
     * gives them, 振替休日 and 国民の休日) and compares: a mistyped or missing row fails here.
     */
    @Test
    void everyCoveredYearFollowsTheHolidayLaw() {
        for (int year = jp.firstYear(); year <= jp.lastYear(); year++) {
            int y = year;
            Map<LocalDate, String> table = jp.all().entrySet().stream().filter(e -> e.getKey().getYear() == y)
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().nameJa(), (a, b) -> a, TreeMap::new));
            assertThat(table).as("holidays of %d", year).isEqualTo(byTheLaw(year, table));
        }
    }

    private static Map<LocalDate, String> byTheLaw(int year, Map<LocalDate, String> table) {
        Map<LocalDate, String> days = new TreeMap<>();
        days.put(LocalDate.of(year, 1, 1), "元日");
        days.put(monday(year, 1, 2), "成人の日");
        days.put(LocalDate.of(year, 2, 11), "建国記念の日");
        days.put(LocalDate.of(year, 2, 23), "天皇誕生日");
        days.put(equinox(table, year, 3, "春分の日"), "春分の日");
        days.put(LocalDate.of(year, 4, 29), "昭和の日");
        days.put(LocalDate.of(year, 5, 3), "憲法記念日");
        days.put(LocalDate.of(year, 5, 4), "みどりの日");
        days.put(LocalDate.of(year, 5, 5), "こどもの日");
        days.put(monday(year, 7, 3), "海の日");
        days.put(LocalDate.of(year, 8, 11), "山の日");
        days.put(monday(year, 9, 3), "敬老の日");
        days.put(equinox(table, year, 9, "秋分の日"), "秋分の日");
        days.put(monday(year, 10, 2), "スポーツの日");
        days.put(LocalDate.of(year, 11, 3), "文化の日");
        days.put(LocalDate.of(year, 11, 23), "勤労感謝の日");
        Map<LocalDate, String> national = new TreeMap<>(days);
        // a day between two national holidays is a holiday itself (国民の休日)
        for (LocalDate day : national.keySet()) {
            LocalDate between = day.plusDays(1);
            if (national.containsKey(day.plusDays(2)) && !national.containsKey(between)
                    && between.getDayOfWeek() != DayOfWeek.SUNDAY) {
                days.put(between, "国民の休日");
            }
        }
        // a holiday on a Sunday moves to the next day that is not a holiday (振替休日)
        for (LocalDate day : national.keySet()) {
            if (day.getDayOfWeek() == DayOfWeek.SUNDAY) {
                LocalDate substitute = day.plusDays(1);
                while (days.containsKey(substitute)) {
                    substitute = substitute.plusDays(1);
                }
                days.put(substitute, "振替休日");
            }
        }
        return days;
    }

    private static LocalDate monday(int year, int month, int nth) {
        return LocalDate.of(year, month, 1).with(TemporalAdjusters.dayOfWeekInMonth(nth, DayOfWeek.MONDAY));
    }

    /** The table's equinox day, which must fall where equinoxes do (19–21 March, 22–24 September). */
    private static LocalDate equinox(Map<LocalDate, String> table, int year, int month, String name) {
        LocalDate day = table.entrySet().stream().filter(e -> e.getValue().equals(name)).map(Map.Entry::getKey)
                .findFirst().orElseThrow(() -> new AssertionError(year + " has no " + name));
        int first = month == 3 ? 19 : 22;
        assertThat(day.getMonthValue()).as("%s %d", name, year).isEqualTo(month);
        assertThat(day.getDayOfMonth()).as("%s %d", name, year).isBetween(first, first + 2);
        return day;
    }

    @Test
    void aYearOutsideTheTableIsAWorkingDayAndLogsOneWarning() throws IOException {
        HolidayCalendar fresh = read("holidays/jp.csv");
        Logger logger = (Logger) LoggerFactory.getLogger(HolidayCalendar.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        try {
            assertThat(fresh.isHoliday(LocalDate.of(2026, 1, 1))).isTrue();
            assertThat(log.list).isEmpty();

            assertThat(fresh.isHoliday(LocalDate.of(2029, 1, 1))).isFalse();
            assertThat(fresh.isHoliday(LocalDate.of(2029, 1, 8))).isFalse();

            assertThat(log.list).singleElement().satisfies(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.WARN);
                assertThat(event.getFormattedMessage()).isEqualTo("holiday calendar \"jp\" covers 2024 to 2028 but was "
                        + "asked about 2029-01-01: treating every day of 2029 as a working day; update "
                        + "holidays/jp.csv (docs/notifications.md, \"Updating the holiday table\")");
            });
        } finally {
            logger.detachAppender(log);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            wrong header    | day,name\\n2026-01-01,元日,New Year's Day                              | test.csv:1: expected the header "date,name_ja,name_en", got "day,name"
            missing name_en | date,name_ja,name_en\\n2026-01-01,元日                                 | test.csv:2: expected date,name_ja,name_en, got "2026-01-01,元日"
            bad date        | date,name_ja,name_en\\n2026/1/1,元日,New Year's Day                    | test.csv:2: invalid date "2026/1/1" (valid: yyyy-mm-dd)
            out of order    | date,name_ja,name_en\\n2026-01-12,成人の日,x\\n2026-01-01,元日,y          | test.csv:3: date 2026-01-01 is not after the previous row's 2026-01-12 (keep the rows in date order)
            no rows         | # only a comment\\ndate,name_ja,name_en                                | test.csv: no holidays listed
            """)
    void aBrokenTableNamesItsLine(String what, String content, String message) {
        assertThatThrownBy(() -> HolidayCalendar.read("test", "test.csv",
                new BufferedReader(new StringReader(content.replace("\\n", "\n")))))
                .isInstanceOf(IllegalStateException.class).hasMessage(message);
    }

    @Test
    void everyCalendarTheConfigAcceptsLoads() {
        for (String id : TimeIntervalSyntax.HOLIDAY_CALENDARS) {
            assertThat(HolidayCalendar.of(id).all()).as(id).isNotEmpty();
        }
    }

    private static HolidayCalendar read(String resource) throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                HolidayCalendarTest.class.getClassLoader().getResourceAsStream(resource), StandardCharsets.UTF_8))) {
            return HolidayCalendar.read("jp", resource, reader);
        }
    }
}
