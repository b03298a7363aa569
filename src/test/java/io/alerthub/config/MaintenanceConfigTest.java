package io.alerthub.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/**
 * Silences with matchers and recurring maintenance windows ({@code muteTimeIntervals:}) in customer.yaml as a user
 * writes them, and every mistake reported with file, line, path, the quoted value and what is valid.
 */
class MaintenanceConfigTest {

    @Test
    void silencesKeepTheirMatchersAndWindowsTheirIntervalsNamedAfterThem() {
        CustomerConfig acme = new CustomerRegistry(new CustomerRegistryProperties(QuietHoursConfigTest.FIXTURES
                .resolve("maintenance-valid").toString(), Duration.ZERO), new MockEnvironment()
                .withProperty("ACME_TOKEN", "acme-token"), null, null).find("acme").orElseThrow();

        assertThat(acme.silences().get(0).matchers()).containsExactly("env=\"prod\"", "severity!=\"critical\"");
        assertThat(acme.silences().get(1).matchers()).isEmpty();
        assertThat(acme.muteTimeIntervals()).extracting(MuteTimeIntervalConfig::name)
                .containsExactly("sunday-patching", "db-patch-night", "month-end-freeze");
        MuteTimeIntervalConfig patchNight = acme.muteTimeIntervals().get(1);
        assertThat(patchNight.hosts()).containsExactly("db-*");
        assertThat(patchNight.intervals()).singleElement().satisfies(i -> {
            assertThat(i.name()).isEqualTo("db-patch-night");
            assertThat(i.daysOfMonth()).containsExactly("8:14");
        });
    }

    @Test
    void badMatchersAndIntervalsNameThePathTheValueAndWhatIsValid() {
        assertThat(QuietHoursConfigTest.errorsOf("maintenance-invalid")).containsExactlyInAnyOrder(
                "customers/acme/customer.yaml:9: silences[0].matchers[0]: invalid matcher \"env\" (valid: "
                        + AlertMatcher.RULE + ")",
                "customers/acme/customer.yaml:9: silences[0].matchers[1]: invalid regular expression in matcher"
                        + " \"service=~\\\"db((\\\"\"",
                "customers/acme/customer.yaml:15: muteTimeIntervals[0].intervals[0].weekdays[0]: invalid weekday"
                        + " \"sundays\" (valid: \"sunday\" to \"saturday\", or a range such as \"monday:friday\")",
                "customers/acme/customer.yaml:16: muteTimeIntervals[1].name: duplicate name \"sunday\" (already used"
                        + " by muteTimeIntervals[0])",
                "customers/acme/customer.yaml:17: muteTimeIntervals[1].matchers[0]: invalid matcher"
                        + " \"env==\\\"prod\\\"\" (valid: " + AlertMatcher.RULE + ")",
                "customers/acme/customer.yaml:19: muteTimeIntervals[1].intervals[0]: interval has no times,"
                        + " weekdays, days_of_month, months, years or holidays (it would mute every moment)");
    }

    @Test
    void aWindowWithoutNameOrIntervalsIsRefused() {
        assertThat(QuietHoursConfigTest.errorsOf("maintenance-missing")).containsExactlyInAnyOrder(
                "customers/acme/customer.yaml:9: muteTimeIntervals[0].name: is required",
                "customers/acme/customer.yaml:10: muteTimeIntervals[0].intervals: is required (at least one"
                        + " interval)");
    }
}
