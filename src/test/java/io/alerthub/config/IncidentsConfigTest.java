package io.alerthub.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/**
 * The {@code incidents:} section of customer.yaml as a user writes it: the resolve timeout and re-fire interval per
 * customer and alert class, falling back class → customer → the hub's default (empty here), {@code 0} for never; and
 * every mistake reported with file, line, path, the quoted value and what is valid.
 */
class IncidentsConfigTest {

    @Test
    void aValidSectionIsBoundAndEachClassFallsBackToTheCustomer() {
        CustomerRegistry registry = new CustomerRegistry(new CustomerRegistryProperties(
                QuietHoursConfigTest.FIXTURES.resolve("incidents-valid").toString(), Duration.ZERO),
                new MockEnvironment().withProperty("ACME_TOKEN", "acme-token"), null, null);
        IncidentsConfig incidents = registry.find("acme").orElseThrow().incidents();

        assertThat(incidents.resolveTimeoutOf("unknown")).contains(Duration.ofHours(12));
        assertThat(incidents.resolveTimeoutOf(null)).contains(Duration.ofHours(12));
        assertThat(incidents.resolveTimeoutOf("disk_usage")).contains(Duration.ofMinutes(30));
        assertThat(incidents.resolveTimeoutOf("backup_failed")).as("0 = never").contains(Duration.ZERO);
        assertThat(incidents.resolveTimeoutOf("cpu_high")).contains(Duration.ofHours(12));
        assertThat(incidents.refireAfterOf("unknown")).contains(Duration.ofHours(2));
        assertThat(incidents.refireAfterOf("disk_usage")).contains(Duration.ofHours(2));
        assertThat(incidents.refireAfterOf("backup_failed")).contains(Duration.ofDays(1));
        assertThat(incidents.refireAfterOf("cpu_high")).contains(Duration.ZERO);
    }

    @Test
    void withoutASectionTheHubDefaultsApply() {
        assertThat(IncidentsConfig.DEFAULT.resolveTimeoutOf("disk_usage")).isEqualTo(Optional.empty());
        assertThat(IncidentsConfig.DEFAULT.refireAfterOf(null)).isEqualTo(Optional.empty());
    }

    @Test
    void badValuesNameThePathTheValueAndWhatIsValid() {
        String valid = " (valid: 0 for never, or a number with ms, s, m, h or d, e.g. 30m, 24h, 7d)";
        assertThat(QuietHoursConfigTest.errorsOf("incidents-invalid")).containsExactly(
                "customers/acme/customer.yaml:8: incidents.resolveTimeout: invalid duration \"1 day\"" + valid,
                "customers/acme/customer.yaml:9: incidents.refireAfter: invalid duration \"-4h\"" + valid,
                "customers/acme/customer.yaml:11: incidents.alertClasses[\"Disk Usage\"]: invalid alert class"
                        + " \"Disk Usage\" (valid: lower-case letters, digits and \"_\", e.g. \"disk_usage\")",
                "customers/acme/customer.yaml:14: incidents.alertClasses.disk_usage.refireAfter: invalid duration"
                        + " \"1.5h\"" + valid,
                "customers/acme/customer.yaml:15: incidents.alertClasses.cpu_high: needs resolveTimeout or refireAfter",
                "customers/acme/customer.yaml:16: incidents.alertClasses.http_down: needs resolveTimeout or refireAfter");
    }

    @Test
    void wrongShapesAreReportedWhenParsing() {
        assertThat(QuietHoursConfigTest.errorsOf("incidents-wrong-shapes")).containsExactly(
                "customers/acme/customer.yaml:8: incidents: unknown key \"resolve_timeout\" (valid: \"alertClasses\","
                        + " \"refireAfter\", \"resolveTimeout\")",
                "customers/acme/customer.yaml:9: incidents.alertClasses: expected a mapping, got a list");
    }
}
