package io.alerthub.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.ZoneId;
import java.util.List;

/**
 * One named quiet window ({@code quietHours.intervals[]} in customer.yaml), written as Alertmanager writes a
 * {@code time_intervals} entry — {@code times}, {@code weekdays}, {@code days_of_month}, {@code months},
 * {@code years}, {@code location} — plus the hub's {@code holidays}; the values stay as written and are checked by
 * {@link TimeIntervalSyntax}. It matches when every field given matches.
 *
 * @param name        how logs and the incident timeline name the window ("held: quiet hours \"nights\"")
 * @param times       times of day, {@code start_time} inclusive, {@code end_time} exclusive; a start after the end
 *                    runs across midnight (an extension of Alertmanager)
 * @param weekdays    {@code monday}, or ranges such as {@code monday:friday}
 * @param daysOfMonth {@code 1}, {@code -1} (the month's last day), or ranges such as {@code 1:5}, {@code -3:-1}
 * @param months      {@code january} or {@code 1}, or ranges such as {@code april:june}
 * @param years       {@code 2026}, or ranges such as {@code 2026:2027}
 * @param location    the zone the fields are read in; the quiet hours' {@code timeZone} when absent
 * @param holidays    holiday calendars ({@code jp}): the day is a national holiday of one of them
 */
public record TimeIntervalConfig(
        @NotBlank(message = "is required") @Size(max = 100, message = "is longer than 100 characters") String name,
        List<TimeRangeConfig> times,
        List<String> weekdays,
        @JsonProperty("days_of_month") List<String> daysOfMonth,
        List<String> months,
        List<String> years,
        ZoneId location,
        List<String> holidays) {

    public TimeIntervalConfig {
        times = CustomerConfig.immutable(times);
        weekdays = CustomerConfig.immutable(weekdays);
        daysOfMonth = CustomerConfig.immutable(daysOfMonth);
        months = CustomerConfig.immutable(months);
        years = CustomerConfig.immutable(years);
        holidays = CustomerConfig.immutable(holidays);
    }

    /** True when no field restricts the interval, so that it would match every moment. */
    public boolean unrestricted() {
        return times.isEmpty() && weekdays.isEmpty() && daysOfMonth.isEmpty() && months.isEmpty() && years.isEmpty()
                && holidays.isEmpty();
    }
}
