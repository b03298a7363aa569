package io.alerthub.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/**
 * The {@code quietHours:} section of customer.yaml as a user writes it: Alertmanager-style intervals with defaults
 * filled (the customer's time zone, digest on, nothing else), and every mistake reported with file, line, path, the
 * quoted value and what is valid.
 */
class QuietHoursConfigTest {
    static final Path FIXTURES = Path.of("src/test/resources/customers-fixtures");

    static List<String> errorsOf(String fixture) {
        CustomerConfigLoader loader = new CustomerConfigLoader(FIXTURES.resolve(fixture), "customers",
                new SecretResolver(new MockEnvironment().withProperty("ACME_TOKEN", "acme-token")));
        List<ConfigError> errors = new ArrayList<>();
        loader.loadAll(errors);
        return errors.stream().map(ConfigError::toString).toList();
    }

    @Test
    void aValidSectionIsBoundWithDefaults() {
        CustomerRegistry registry = new CustomerRegistry(new CustomerRegistryProperties(
                FIXTURES.resolve("quiet-valid").toString(), Duration.ZERO), new MockEnvironment()
                .withProperty("ACME_TOKEN", "acme-token"), null, null);
        QuietHoursConfig quiet = registry.find("acme").flatMap(CustomerConfig::quietHoursSettings).orElseThrow();

        assertThat(quiet.timeZone()).isEqualTo(ZoneId.of("Asia/Tokyo"));
        assertThat(quiet.digest()).isTrue();
        assertThat(quiet.criticalOverrides()).isTrue();
        assertThat(quiet.dropResolved()).isFalse();
        assertThat(quiet.muteInternal()).isFalse();
        assertThat(quiet.intervals()).extracting(TimeIntervalConfig::name)
                .containsExactly("nights", "weekends", "holidays", "month-end-close");
        TimeIntervalConfig close = quiet.intervals().get(3);
        assertThat(close.location()).isEqualTo(ZoneId.of("America/New_York"));
        assertThat(close.daysOfMonth()).containsExactly("-2:-1");
        assertThat(close.times()).containsExactly(new TimeRangeConfig("09:00", "24:00"));
    }

    @Test
    void badValuesNameThePathTheValueAndWhatIsValid() {
        assertThat(errorsOf("quiet-invalid")).containsExactly(
                "customers/acme/customer.yaml:12: quietHours.intervals[0].times[0].start_time: invalid time \"25:00\""
                        + " (valid: HH:MM from 00:00 to 24:00)",
                "customers/acme/customer.yaml:13: quietHours.intervals[0].times[0].end_time: invalid time \"7:00\""
                        + " (valid: HH:MM from 00:00 to 24:00)",
                "customers/acme/customer.yaml:14: quietHours.intervals[0].times[1].start_time: invalid start time"
                        + " \"24:00\" (a window cannot start at the end of the day, use \"00:00\")",
                "customers/acme/customer.yaml:17: quietHours.intervals[0].times[2].end_time: end time \"08:00\""
                        + " equals the start time (an empty window)",
                "customers/acme/customer.yaml:18: quietHours.intervals[0].times[3].end_time: is required",
                "customers/acme/customer.yaml:20: quietHours.intervals[1].weekdays[0]: invalid weekday \"funday\""
                        + " (valid: \"sunday\" to \"saturday\", or a range such as \"monday:friday\")",
                "customers/acme/customer.yaml:20: quietHours.intervals[1].weekdays[1]: invalid weekday range"
                        + " \"saturday:sunday\" (the end comes before the start in a week that runs sunday to saturday;"
                        + " list both days or two ranges instead)",
                "customers/acme/customer.yaml:21: quietHours.intervals[1].days_of_month[0]: invalid day of month"
                        + " \"32\" (valid: 1 to 31, -1 to -31 counting back from the month's last day, or a range such"
                        + " as \"1:5\" or \"-3:-1\")",
                "customers/acme/customer.yaml:21: quietHours.intervals[1].days_of_month[1]: invalid day of month"
                        + " range \"-3:5\" (the end must be negative when the start is)",
                "customers/acme/customer.yaml:21: quietHours.intervals[1].days_of_month[2]: invalid day of month"
                        + " range \"10:5\" (the end is always before the start)",
                "customers/acme/customer.yaml:22: quietHours.intervals[1].months[0]: invalid month \"13\" (valid:"
                        + " \"january\" to \"december\" or 1 to 12, or a range such as \"april:june\")",
                "customers/acme/customer.yaml:22: quietHours.intervals[1].months[1]: invalid month range"
                        + " \"december:january\" (the end comes before the start; list both months or two ranges"
                        + " instead)",
                "customers/acme/customer.yaml:23: quietHours.intervals[1].years[0]: invalid year range \"2027:2026\""
                        + " (the end comes before the start)",
                "customers/acme/customer.yaml:24: quietHours.intervals[1].holidays[0]: unknown holiday calendar"
                        + " \"us\" (valid: \"jp\")",
                "customers/acme/customer.yaml:25: quietHours.intervals[2].name: duplicate interval name \"nights\""
                        + " (already used by quietHours.intervals[0])",
                "customers/acme/customer.yaml:26: quietHours.intervals[2].months[0]: invalid month \"Jan\" (valid:"
                        + " \"january\" to \"december\" or 1 to 12, or a range such as \"april:june\")",
                "customers/acme/customer.yaml:27: quietHours.intervals[3]: interval \"always\" has no times, weekdays,"
                        + " days_of_month, months, years or holidays (it would make every moment quiet)");
    }

    @Test
    void wrongShapesAreReportedWhenParsing() {
        assertThat(errorsOf("quiet-wrong-shapes")).containsExactly(
                "customers/acme/customer.yaml:8: quietHours.timeZone: unknown time zone \"Tokyo\" (valid: a region id"
                        + " such as \"Asia/Tokyo\", \"UTC\" or an offset such as \"+09:00\")",
                "customers/acme/customer.yaml:9: quietHours.digest: invalid value \"sometimes\" (expected true or"
                        + " false)",
                "customers/acme/customer.yaml:12: quietHours.intervals[0]: unknown key \"weekday\" (valid:"
                        + " \"days_of_month\", \"holidays\", \"location\", \"months\", \"name\", \"times\","
                        + " \"weekdays\", \"years\")",
                "customers/acme/customer.yaml:13: quietHours.intervals[0].times: expected a list, got a mapping");
    }

    @Test
    void aSectionNeedsNamedIntervals() {
        assertThat(errorsOf("quiet-missing")).containsExactly(
                "customers/acme/customer.yaml:9: quietHours.intervals: is required (at least one interval)");
        assertThat(errorsOf("quiet-unnamed")).containsExactly(
                "customers/acme/customer.yaml:9: quietHours.intervals[0].name: is required");
    }
}
