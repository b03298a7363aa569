package io.alerthub.escalate.quiet;

import static org.assertj.core.api.Assertions.assertThat;

import io.alerthub.config.CustomerRegistry;
import io.alerthub.config.CustomerRegistryProperties;
import io.alerthub.config.TimeInterval;
import io.alerthub.model.Severity;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.env.MockEnvironment;

/**
 * A customer's quiet hours as a whole: until when a quiet window lasts when windows chain (a Friday night into the
 * weekend, a weekend into holidays, Golden Week), across daylight-saving changes, and what happens to one
 * notification — held until the window ends, sent at once for internal escalation or as a critical override.
 */
class QuietHoursTest {
    /** The example of docs/notifications.md: nights, weekends and Japanese holidays. */
    static final String TOKYO_MSP = """
            digest: true
            criticalOverrides: true
            intervals:
              - name: nights
                times: [{start_time: "22:00", end_time: "07:00"}]
              - name: weekends
                weekdays: [saturday, sunday]
              - name: holidays
                holidays: [jp]
            """;

    /** Nights only, every day. */
    static final String NIGHTS = """
            intervals:
              - name: nights
                times: [{start_time: "22:00", end_time: "07:00"}]
            """;

    static Instant at(String text) {
        return OffsetDateTime.parse(text).toInstant();
    }

    @ParameterizedTest(name = "[{index}] {2}: quiet at {3} until {4}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # zone           | quiet hours | what                                       | now                       | quiet until
            Asia/Tokyo       | msp         | a weekday afternoon is not quiet           | 2026-06-03T12:00+09:00    | -
            Asia/Tokyo       | msp         | a weeknight ends at 07:00                  | 2026-06-03T23:00+09:00    | 2026-06-04T07:00+09:00
            Asia/Tokyo       | msp         | seconds before the end                     | 2026-06-04T06:59:30+09:00 | 2026-06-04T07:00+09:00
            Asia/Tokyo       | msp         | the end itself is not quiet                | 2026-06-04T07:00+09:00    | -
            Asia/Tokyo       | msp         | friday night runs into the weekend         | 2026-06-05T23:00+09:00    | 2026-06-08T07:00+09:00
            Asia/Tokyo       | msp         | saturday noon, same window                 | 2026-06-06T12:00+09:00    | 2026-06-08T07:00+09:00
            Asia/Tokyo       | msp         | friday night before 海の日 (monday)         | 2026-07-17T22:00+09:00    | 2026-07-21T07:00+09:00
            Asia/Tokyo       | msp         | 敬老の日, 国民の休日 and 秋分の日 in a row     | 2026-09-21T10:00+09:00    | 2026-09-24T07:00+09:00
            Asia/Tokyo       | msp         | golden week to the 振替休日                 | 2026-05-01T22:30+09:00    | 2026-05-07T07:00+09:00
            Asia/Tokyo       | msp         | 成人の日 after a weekend                    | 2026-01-10T09:00+09:00    | 2026-01-13T07:00+09:00
            America/New_York | msp         | a weekend across the spring change         | 2026-03-06T23:00-05:00    | 2026-03-09T07:00-04:00
            America/New_York | nights      | the night clocks go forward is an hour short | 2026-03-07T23:00-05:00  | 2026-03-08T07:00-04:00
            America/New_York | nights      | the night clocks go back is an hour long   | 2026-10-31T23:00-04:00    | 2026-11-01T07:00-05:00
            America/New_York | nights      | the repeated 01:30, second time            | 2026-11-01T01:30-05:00    | 2026-11-01T07:00-05:00
            """)
    void quietUntilFollowsChainedWindows(String zone, String config, String what, String now, String until) {
        QuietHours quiet = QuietYaml.quietHours(config.equals("msp") ? TOKYO_MSP : NIGHTS, zone);

        assertThat(quiet.quietUntil(at(now))).as(what)
                .isEqualTo(Optional.ofNullable(until).map(QuietHoursTest::at));
        assertThat(quiet.isQuiet(at(now))).as(what).isEqualTo(until != null);
    }

    @ParameterizedTest(name = "[{index}] {0}-{1} from {2} ends at {3}")
    @CsvSource(delimiter = '|', textBlock = """
            # 02:30 never shows on 2026-03-08 in New York: the window ends when the clock jumps from 02:00 to 03:00
            01:00 | 02:30 | 2026-03-08T01:30-05:00 | 2026-03-08T03:00-04:00
            # 01:30 shows twice on 2026-11-01: the window ends the first time
            00:00 | 01:30 | 2026-11-01T00:30-04:00 | 2026-11-01T01:30-04:00
            # and starts again the second time, ending at 02:00 EST
            01:00 | 02:00 | 2026-11-01T01:30-04:00 | 2026-11-01T02:00-05:00
            """)
    void aWindowAroundAClockChangeEndsByTheWallClock(String start, String end, String now, String until) {
        QuietHours quiet = QuietYaml.quietHours("intervals: [{name: night, times: [{start_time: \"" + start
                + "\", end_time: \"" + end + "\"}]}]", "America/New_York");

        assertThat(quiet.quietUntil(at(now))).contains(at(until));
    }

    @Test
    void windowsInDifferentZonesChain() {
        // Tokyo nights, then the New York office's own night: 07:00 in Tokyo is 18:00 EDT, inside New York's window
        QuietHours quiet = QuietYaml.quietHours("""
                intervals:
                  - name: tokyo-nights
                    times: [{start_time: "22:00", end_time: "07:00"}]
                  - name: new-york-evenings
                    location: America/New_York
                    times: [{start_time: "17:00", end_time: "20:00"}]
                """, "Asia/Tokyo");

        assertThat(quiet.quietUntil(at("2026-06-03T23:00+09:00"))).contains(at("2026-06-03T20:00-04:00"));
    }

    @Test
    void aWindowLongerThanTheHorizonIsReportedAtTheHorizon() {
        QuietHours quiet = QuietYaml.quietHours("intervals: [{name: january, months: [january]}]", "Asia/Tokyo");
        Instant now = at("2027-01-01T00:00+09:00");

        assertThat(quiet.quietUntil(now)).contains(now.plus(QuietHours.HORIZON));
    }

    @ParameterizedTest(name = "[{index}] {0}, {1}, {2}: {3}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # options                              | severity | audience | at                     | action     | hold until             | interval
            criticalOverrides: true                | warning  | CUSTOMER | 2026-06-03T23:00+09:00 | HOLD_UNTIL | 2026-06-04T07:00+09:00 | nights
            criticalOverrides: true                | critical | CUSTOMER | 2026-06-03T23:00+09:00 | SEND_NOW   | -                      | nights
            criticalOverrides: false               | critical | CUSTOMER | 2026-06-03T23:00+09:00 | HOLD_UNTIL | 2026-06-04T07:00+09:00 | nights
            criticalOverrides: true                | warning  | CUSTOMER | 2026-06-03T12:00+09:00 | SEND_NOW   | -                      | -
            criticalOverrides: true                | info     | CUSTOMER | 2026-06-06T12:00+09:00 | HOLD_UNTIL | 2026-06-08T07:00+09:00 | weekends
            criticalOverrides: true                | -        | CUSTOMER | 2026-09-22T12:00+09:00 | HOLD_UNTIL | 2026-09-24T07:00+09:00 | holidays
            criticalOverrides: false               | warning  | INTERNAL | 2026-06-03T23:00+09:00 | SEND_NOW   | -                      | -
            muteInternal: true                     | warning  | INTERNAL | 2026-06-03T23:00+09:00 | HOLD_UNTIL | 2026-06-04T07:00+09:00 | nights
            {muteInternal: true, criticalOverrides: true} | critical | INTERNAL | 2026-06-03T23:00+09:00 | SEND_NOW | -                 | nights
            muteInternal: true                     | warning  | INTERNAL | 2026-06-03T12:00+09:00 | SEND_NOW   | -                      | -
            """)
    void decideHoldsCustomerNotificationsInQuietWindows(String options, String severity, Audience audience,
            String at, Decision.Action action, String holdUntil, String interval) {
        String settings = options.startsWith("{") ? options.substring(1, options.length() - 1).replace(", ", "\n")
                : options;
        QuietHours quiet = QuietYaml.quietHours(settings + "\n" + TOKYO_MSP.replace("criticalOverrides: true\n", ""),
                "Asia/Tokyo");

        Decision decision = quiet.decide(at(at), severity == null ? null : Severity.fromJson(severity), audience);

        assertThat(decision.action()).isEqualTo(action);
        assertThat(decision.holdUntil()).isEqualTo(holdUntil == null ? null : at(holdUntil));
        assertThat(decision.interval()).isEqualTo(interval);
    }

    @Test
    void optionsDefaultToHoldingForADigestAndNeverMutingInternalEscalation() {
        QuietHours quiet = QuietYaml.quietHours("intervals: [{name: nights, times: [{start_time: \"22:00\", "
                + "end_time: \"07:00\"}]}]", "Asia/Tokyo");

        assertThat(quiet.digest()).isTrue();
        assertThat(quiet.dropResolved()).isFalse();
        assertThat(quiet.criticalOverrides()).isFalse();
        assertThat(quiet.muteInternal()).isFalse();
    }

    @Test
    void quietHoursTimeZoneAppliesToIntervalsWithoutALocation() {
        QuietHours quiet = QuietYaml.quietHours("""
                timeZone: America/New_York
                intervals:
                  - name: nights
                    times: [{start_time: "22:00", end_time: "07:00"}]
                """, "Asia/Tokyo");

        // 23:00 in New York is noon in Tokyo: quiet by New York's clock
        assertThat(quiet.isQuiet(at("2026-06-03T23:00-04:00"))).isTrue();
        assertThat(quiet.isQuiet(at("2026-06-03T23:00+09:00"))).isFalse();
    }

    @Test
    void aCustomerFileCompilesWithTheCustomersZone() {
        CustomerRegistry registry = new CustomerRegistry(new CustomerRegistryProperties(
                "src/test/resources/customers-fixtures/quiet-valid", Duration.ZERO),
                new MockEnvironment().withProperty("ACME_TOKEN", "acme-token"), null, null);
        QuietHours quiet = QuietHours.of(registry.find("acme").orElseThrow());

        // the customer's zone is Asia/Tokyo: 23:00 there is a night, 23:00 UTC (08:00 in Tokyo) is not
        assertThat(quiet.isQuiet(at("2026-06-03T23:00+09:00"))).isTrue();
        assertThat(quiet.isQuiet(at("2026-06-03T23:00Z"))).isFalse();
        assertThat(quiet.interval(at("2026-09-22T12:00+09:00"))).map(TimeInterval::name).contains("holidays");
        // month-end-close reads New York's clock: 31 March 20:00 there is a Wednesday morning in Tokyo
        assertThat(quiet.interval(at("2026-03-31T20:00-04:00"))).map(TimeInterval::name)
                .contains("month-end-close");
        assertThat(quiet.criticalOverrides()).isTrue();
    }

    @Test
    void aCustomerWithoutQuietHoursIsNeverQuiet() {
        Instant sundayNight = at("2026-06-07T03:00+09:00");

        assertThat(QuietHours.NONE.isQuiet(sundayNight)).isFalse();
        assertThat(QuietHours.NONE.quietUntil(sundayNight)).isEmpty();
        assertThat(QuietHours.NONE.decide(sundayNight, Severity.INFO, Audience.CUSTOMER).held()).isFalse();
    }
}
