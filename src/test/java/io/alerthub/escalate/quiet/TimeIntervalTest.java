package io.alerthub.escalate.quiet;

import static org.assertj.core.api.Assertions.assertThat;

import io.alerthub.config.TimeInterval;
import java.time.OffsetDateTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * When one quiet window matches, field by field as Alertmanager's {@code time_intervals} define it, read on the wall
 * clock of the interval's zone: times (end exclusive, 24:00, across midnight), weekdays, days of month counted from
 * either end, months, years, location, Japanese holidays, and the two daylight-saving nights in New York.
 */
class TimeIntervalTest {

    @ParameterizedTest(name = "[{index}] {0} {1} at {3}: {4}")
    @CsvSource(delimiter = '|', textBlock = """
            # zone           | interval                                                        | what                          | at                        | quiet
            Asia/Tokyo       | {times: [{start_time: "09:00", end_time: "17:00"}]}              | start is inclusive            | 2026-06-01T09:00+09:00    | true
            Asia/Tokyo       | {times: [{start_time: "09:00", end_time: "17:00"}]}              | last minute                   | 2026-06-01T16:59:59+09:00 | true
            Asia/Tokyo       | {times: [{start_time: "09:00", end_time: "17:00"}]}              | end is exclusive              | 2026-06-01T17:00+09:00    | false
            Asia/Tokyo       | {times: [{start_time: "09:00", end_time: "17:00"}]}              | before the start              | 2026-06-01T08:59:59+09:00 | false
            Asia/Tokyo       | {times: [{start_time: "09:00", end_time: "17:00"}]}              | read in the customer's zone   | 2026-06-01T09:00Z         | false
            Asia/Tokyo       | {times: [{start_time: "18:00", end_time: "24:00"}]}              | 24:00 ends the day            | 2026-06-01T23:59:59+09:00 | true
            Asia/Tokyo       | {times: [{start_time: "18:00", end_time: "24:00"}]}              | not past midnight             | 2026-06-02T00:00+09:00    | false
            Asia/Tokyo       | {times: [{start_time: "00:00", end_time: "06:00"}, {start_time: "21:00", end_time: "24:00"}]} | second range | 2026-06-01T21:30+09:00 | true
            Asia/Tokyo       | {times: [{start_time: "09:00", end_time: "17:00"}], location: America/New_York} | own location | 2026-06-01T22:00+09:00 | true
            Asia/Tokyo       | {times: [{start_time: "09:00", end_time: "17:00"}], location: America/New_York} | own location, not the customer's | 2026-06-01T10:00+09:00 | false

            # across midnight (extension): 22:00-24:00 on the day the other fields match, then 00:00-07:00 of the next day
            Asia/Tokyo       | {times: [{start_time: "22:00", end_time: "07:00"}]}              | evening part                  | 2026-06-01T22:00+09:00    | true
            Asia/Tokyo       | {times: [{start_time: "22:00", end_time: "07:00"}]}              | midnight                      | 2026-06-02T00:00+09:00    | true
            Asia/Tokyo       | {times: [{start_time: "22:00", end_time: "07:00"}]}              | morning part                  | 2026-06-02T06:59:59+09:00 | true
            Asia/Tokyo       | {times: [{start_time: "22:00", end_time: "07:00"}]}              | end is exclusive              | 2026-06-02T07:00+09:00    | false
            Asia/Tokyo       | {times: [{start_time: "22:00", end_time: "07:00"}]}              | daytime                       | 2026-06-02T21:59+09:00    | false
            Asia/Tokyo       | {times: [{start_time: "22:00", end_time: "07:00"}], weekdays: ["monday:friday"]} | friday night | 2026-06-05T23:00+09:00 | true
            Asia/Tokyo       | {times: [{start_time: "22:00", end_time: "07:00"}], weekdays: ["monday:friday"]} | saturday morning ends friday night | 2026-06-06T06:59+09:00 | true
            Asia/Tokyo       | {times: [{start_time: "22:00", end_time: "07:00"}], weekdays: ["monday:friday"]} | saturday night is not a weeknight | 2026-06-06T22:00+09:00 | false
            Asia/Tokyo       | {times: [{start_time: "22:00", end_time: "07:00"}], weekdays: ["monday:friday"]} | monday morning belongs to sunday | 2026-06-08T06:00+09:00 | false
            Asia/Tokyo       | {times: [{start_time: "22:00", end_time: "07:00"}], weekdays: ["monday:friday"]} | monday night | 2026-06-08T23:00+09:00 | true

            # weekdays, names and ranges, any case
            Asia/Tokyo       | {weekdays: [saturday, sunday]}                                   | saturday                      | 2026-06-06T12:00+09:00    | true
            Asia/Tokyo       | {weekdays: [saturday, sunday]}                                   | sunday, last second           | 2026-06-07T23:59:59+09:00 | true
            Asia/Tokyo       | {weekdays: [saturday, sunday]}                                   | monday 00:00 is not           | 2026-06-08T00:00+09:00    | false
            Asia/Tokyo       | {weekdays: [saturday, sunday]}                                   | friday in utc, saturday here  | 2026-06-05T15:00Z         | true
            Asia/Tokyo       | {weekdays: ["Monday:Wednesday"]}                                 | range, upper case             | 2026-06-03T12:00+09:00    | true
            Asia/Tokyo       | {weekdays: ["Monday:Wednesday"]}                                 | after the range               | 2026-06-04T12:00+09:00    | false

            # days of month: negative counts back from the month's last day; ranges clamp to the month
            Asia/Tokyo       | {days_of_month: [-1]}                                            | 29 feb 2028, leap year        | 2028-02-29T12:00+09:00    | true
            Asia/Tokyo       | {days_of_month: [-1]}                                            | 28 feb 2028 is not the last   | 2028-02-28T12:00+09:00    | false
            Asia/Tokyo       | {days_of_month: [-1]}                                            | 28 feb 2026 is the last       | 2026-02-28T12:00+09:00    | true
            Asia/Tokyo       | {days_of_month: [-1]}                                            | 30 april                      | 2026-04-30T12:00+09:00    | true
            Asia/Tokyo       | {days_of_month: [-1]}                                            | 30 may is not                 | 2026-05-30T12:00+09:00    | false
            Asia/Tokyo       | {days_of_month: ["-3:-1"]}                                       | 27 feb 2028                   | 2028-02-27T00:00+09:00    | true
            Asia/Tokyo       | {days_of_month: ["-3:-1"]}                                       | 26 feb 2028                   | 2028-02-26T23:59+09:00    | false
            Asia/Tokyo       | {days_of_month: ["29:31"]}                                       | no 29th in feb 2026           | 2026-02-28T12:00+09:00    | false
            Asia/Tokyo       | {days_of_month: ["29:31"]}                                       | 29 feb 2028                   | 2028-02-29T12:00+09:00    | true
            Asia/Tokyo       | {days_of_month: ["25:31"]}                                       | clamped to feb's end          | 2026-02-28T12:00+09:00    | true
            Asia/Tokyo       | {days_of_month: [1, "15"]}                                       | the 15th                      | 2026-07-15T12:00+09:00    | true
            Asia/Tokyo       | {days_of_month: [1, "15"]}                                       | the 16th                      | 2026-07-16T12:00+09:00    | false
            America/New_York | {days_of_month: [1]}                                             | 1st in new york, 2nd in tokyo | 2026-07-01T23:30-04:00    | true

            # months and years
            Asia/Tokyo       | {months: [december, "january:february"]}                         | january                       | 2027-01-20T12:00+09:00    | true
            Asia/Tokyo       | {months: [december, "january:february"]}                         | march                         | 2027-03-01T00:00+09:00    | false
            Asia/Tokyo       | {months: ["4:6"]}                                                | months by number              | 2026-05-10T12:00+09:00    | true
            Asia/Tokyo       | {years: ["2026:2027"], months: [august]}                         | both fields match             | 2027-08-10T12:00+09:00    | true
            Asia/Tokyo       | {years: ["2026:2027"], months: [august]}                         | year outside                  | 2028-08-10T12:00+09:00    | false

            # Japanese national holidays, in the interval's zone
            Asia/Tokyo       | {holidays: [jp]}                                                 | 2026-01-12 成人の日             | 2026-01-12T00:00+09:00    | true
            Asia/Tokyo       | {holidays: [jp]}                                                 | 2026-05-06 振替休日             | 2026-05-06T23:59+09:00    | true
            Asia/Tokyo       | {holidays: [jp]}                                                 | 2026-09-22 国民の休日           | 2026-09-22T12:00+09:00    | true
            Asia/Tokyo       | {holidays: [jp]}                                                 | the day after 秋分の日          | 2026-09-24T12:00+09:00    | false
            Asia/Tokyo       | {holidays: [jp]}                                                 | 12/23 is no longer a holiday  | 2026-12-23T12:00+09:00    | false
            Asia/Tokyo       | {holidays: [jp]}                                                 | holiday begins at tokyo midnight | 2026-01-11T15:00Z      | true
            Asia/Tokyo       | {holidays: [jp], location: America/New_York}                     | new york still on the 11th    | 2026-01-12T09:00+09:00    | false
            Asia/Tokyo       | {holidays: [jp], times: [{start_time: "09:00", end_time: "18:00"}]} | holiday business hours    | 2026-09-22T10:00+09:00    | true
            Asia/Tokyo       | {holidays: [jp], times: [{start_time: "09:00", end_time: "18:00"}]} | holiday evening            | 2026-09-22T18:00+09:00    | false

            # daylight saving in New York: wall-clock times, an hour that happens twice and one that never does
            America/New_York | {times: [{start_time: "01:00", end_time: "02:00"}]}              | 01:30 EDT, first time         | 2026-11-01T01:30-04:00    | true
            America/New_York | {times: [{start_time: "01:00", end_time: "02:00"}]}              | 01:30 EST, second time        | 2026-11-01T01:30-05:00    | true
            America/New_York | {times: [{start_time: "01:00", end_time: "02:00"}]}              | 02:00 EST                     | 2026-11-01T02:00-05:00    | false
            America/New_York | {times: [{start_time: "02:00", end_time: "03:00"}]}              | just before the jump          | 2026-03-08T01:59:59-05:00 | false
            America/New_York | {times: [{start_time: "02:00", end_time: "03:00"}]}              | 02:30 does not exist          | 2026-03-08T07:30Z         | false
            America/New_York | {times: [{start_time: "02:00", end_time: "03:00"}]}              | 02:30 the next day            | 2026-03-09T02:30-04:00    | true
            America/New_York | {times: [{start_time: "22:00", end_time: "07:00"}]}              | short night, still quiet      | 2026-03-08T06:59-04:00    | true
            America/New_York | {times: [{start_time: "22:00", end_time: "07:00"}]}              | short night ends at 07:00 EDT | 2026-03-08T07:00-04:00    | false
            America/New_York | {times: [{start_time: "22:00", end_time: "07:00"}]}              | long night ends at 07:00 EST  | 2026-11-01T06:59-05:00    | true
            America/New_York | {weekdays: [sunday]}                                             | sunday starts at local midnight | 2026-11-01T04:00Z       | true
            America/New_York | {weekdays: [sunday]}                                             | sunday ends at local midnight   | 2026-11-02T05:00Z       | false
            """)
    void anIntervalMatchesWhenEveryFieldGivenMatches(String zone, String interval, String what, String at,
            boolean quiet) {
        TimeInterval compiled = QuietYaml.interval(interval, zone);

        assertThat(compiled.contains(OffsetDateTime.parse(at).toInstant())).as(what).isEqualTo(quiet);
    }
}
