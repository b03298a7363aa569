package io.alerthub.triage;

import static org.assertj.core.api.Assertions.assertThat;

import io.alerthub.config.CustomerConfig;
import io.alerthub.config.CustomerRegistry;
import io.alerthub.config.CustomerRegistryProperties;
import io.alerthub.config.SilenceConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.env.MockEnvironment;

/**
 * Which silence or recurring maintenance window covers an incident, over the customer.yaml of
 * customers-fixtures/maintenance-valid (Asia/Tokyo): matchers with {@code =}, {@code !=}, {@code =~}, {@code !~} over
 * the alert's fields and labels, a weekly window, "the second Tuesday of the month" and a month's last day elsewhere.
 */
class SilencesTest {
    static final CustomerConfig ACME = new CustomerRegistry(new CustomerRegistryProperties(
            "src/test/resources/customers-fixtures/maintenance-valid", Duration.ZERO),
            new MockEnvironment().withProperty("ACME_TOKEN", "acme-token"), null, null).find("acme").orElseThrow();

    static Optional<SilenceConfig> covering(String at, String host, String alertClass, String severity,
                                            String labels) {
        Map<String, String> parsed = new HashMap<>();
        for (String pair : labels.isBlank() ? new String[0] : labels.split(";")) {
            parsed.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        Map<String, String> values = Silences.values(alertClass, host, severity, "Disk full", parsed);
        Instant now = OffsetDateTime.parse(at).toInstant();
        return Silences.matching(ACME.silences(), host, alertClass, () -> values, now)
                .or(() -> Silences.muted(ACME, host, alertClass, () -> values, now));
    }

    @ParameterizedTest(name = "{0} {1} {2} {3} [{4}] -> {5}")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
            # silences[0]: db-*, env="prod", severity!="critical", 01:00-05:00 on 1 December
            2026-12-01T02:00+09:00 | db-1  | cpu_high   | warning  | env=prod              | 0
            2026-12-01T02:00+09:00 | db-1  | cpu_high   | critical | env=prod              | none
            2026-12-01T02:00+09:00 | db-1  | cpu_high   | warning  | env=staging           | none
            2026-12-01T02:00+09:00 | db-1  | cpu_high   | warning  | team=ops              | none
            2026-12-01T02:00+09:00 | web-1 | cpu_high   | warning  | env=prod              | none
            2026-12-01T05:00+09:00 | db-1  | cpu_high   | warning  | env=prod              | none
            # silences[1]: every disk_usage in the same hours, no matchers
            2026-12-01T04:59+09:00 | web-1 | disk_usage | info     |                       | 1
            """)
    void silencesMatchHostsClassesAndEveryMatcher(String at, String host, String alertClass, String severity,
                                                  String labels, String index) {
        Optional<SilenceConfig> silence = covering(at, host, alertClass, severity, labels == null ? "" : labels);
        if (index == null) {
            assertThat(silence).isEmpty();
        } else {
            assertThat(silence).containsSame(ACME.silences().get(Integer.parseInt(index)));
        }
    }

    @ParameterizedTest(name = "{0} {1} {2} [{3}] -> {4}")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
            # sunday-patching: web-* and app-*, Sundays 01:00-05:00 Tokyo
            2026-12-06T01:00+09:00 | web-3 | cpu_high     |                           | 0 | 2026-12-06T05:00+09:00
            2026-12-06T04:59+09:00 | app-1 | cpu_high     |                           | 0 | 2026-12-06T05:00+09:00
            2026-12-06T05:00+09:00 | web-3 | cpu_high     |                           | none | none
            2026-12-07T02:00+09:00 | web-3 | cpu_high     |                           | none | none
            2026-12-06T02:00+09:00 | db-1  | cpu_high     |                           | none | none
            # db-patch-night: the second Tuesday (8 December 2026), 22:00 to 06:00, postgres or mysql, no web team
            2026-12-08T23:00+09:00 | db-1  | cpu_high     | service=postgres          | 1 | 2026-12-09T06:00+09:00
            2026-12-09T05:30+09:00 | db-2  | process_down | service=mysql;team=dba    | 1 | 2026-12-09T06:00+09:00
            2026-12-08T23:00+09:00 | db-1  | cpu_high     | service=redis             | none | none
            2026-12-08T23:00+09:00 | db-1  | cpu_high     | service=postgres;team=web | none | none
            2026-12-01T23:00+09:00 | db-1  | cpu_high     | service=postgres          | none | none
            2026-12-15T23:00+09:00 | db-1  | cpu_high     | service=postgres          | none | none
            # month-end-freeze: process_down on the month's last day in New York
            2026-12-31T12:00-05:00 | web-9 | process_down |                           | 2 | 2027-01-01T00:00-05:00
            2026-12-31T12:00-05:00 | web-9 | disk_usage   |                           | none | none
            2026-12-30T12:00-05:00 | web-9 | process_down |                           | none | none
            """)
    void recurringWindowsMuteTheirHostsWhileAnIntervalMatchesUntilItEnds(String at, String host, String alertClass,
            String labels, String index, String until) {
        Optional<SilenceConfig> muted = covering(at, host, alertClass, "warning", labels == null ? "" : labels);
        if (index == null) {
            assertThat(muted).isEmpty();
            return;
        }
        String name = ACME.muteTimeIntervals().get(Integer.parseInt(index)).name();
        assertThat(muted).get().satisfies(s -> {
            assertThat(s.id()).isEqualTo("customers/acme/customer.yaml muteTimeIntervals[" + index + "] \"" + name
                    + "\"");
            assertThat(s.endsAt().toInstant()).isEqualTo(OffsetDateTime.parse(until).toInstant());
        });
    }

    @Test
    void aFieldWinsOverALabelOfTheSameNameAndAMissingOneReadsEmpty() {
        Map<String, String> values = Silences.values("disk_usage", null, null, "Disk", Map.of("host", "spoofed",
                "env", "prod"));
        assertThat(values).containsEntry("host", "").containsEntry("severity", "").containsEntry("env", "prod")
                .containsEntry("alertClass", "disk_usage");
        assertThat(SilenceConfig.allMatch(java.util.List.of("host!=\"spoofed\"", "team!=\"web\""), values)).isTrue();
    }
}
