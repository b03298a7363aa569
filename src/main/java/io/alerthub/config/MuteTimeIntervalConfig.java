package io.alerthub.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/**
 * A recurring maintenance window ({@code muteTimeIntervals:} in customer.yaml), Alertmanager's
 * {@code mute_time_intervals} for a group of hosts: while any of its {@code intervals} matches (weekly, "second Tuesday
 * of the month", month ends…), new incidents on its hosts and alert classes whose alert meets every matcher are
 * {@code SUPPRESSED} like under a silence — no scenario, no notification — and the timeline names the window.
 *
 * @param name         how the timeline and the logs name the window
 * @param hosts        host ids or globs ({@code db-*}); empty: every host
 * @param alertClasses alert classes; empty: every class
 * @param matchers     matchers over the alert's fields and labels, as in a silence ({@link AlertMatcher})
 * @param comment      why (a change ticket), shown on the timeline
 * @param intervals    Alertmanager {@code time_intervals} entries (times, weekdays, days_of_month, months, years,
 *                     location, holidays), read in the customer's time zone unless they give a {@code location}
 */
public record MuteTimeIntervalConfig(
        @NotBlank(message = "is required") @Size(max = 100, message = "is longer than 100 characters") String name,
        List<@NotNull(message = "is required") String> hosts,
        List<@NotNull(message = "is required") String> alertClasses,
        List<String> matchers,
        @Size(max = 2000, message = "is longer than 2000 characters") String comment,
        @NotEmpty(message = "is required (at least one interval)")
        @Valid List<@NotNull(message = "is required") TimeIntervalConfig> intervals) {

    public MuteTimeIntervalConfig {
        hosts = CustomerConfig.immutable(hosts);
        alertClasses = CustomerConfig.immutable(alertClasses);
        matchers = CustomerConfig.immutable(matchers);
        // the entries of an Alertmanager time interval have no name of their own: they carry the window's
        List<TimeIntervalConfig> named = intervals == null ? null : intervals.stream().map(i -> i == null
                || i.name() != null ? i : new TimeIntervalConfig(name, i.times(), i.weekdays(), i.daysOfMonth(),
                i.months(), i.years(), i.location(), i.holidays())).toList();
        intervals = CustomerConfig.immutable(named);
    }

    /** True when every matcher matches {@code values} (the alert's fields and labels); true without matchers. */
    public boolean matchersMatch(Map<String, String> values) {
        return SilenceConfig.allMatch(matchers, values);
    }
}
