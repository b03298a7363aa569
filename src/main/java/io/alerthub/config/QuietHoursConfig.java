package io.alerthub.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.ZoneId;
import java.util.List;

/**
 * A customer's quiet hours ({@code quietHours:} in customer.yaml): the named time intervals in which the customer is
 * not to be contacted, and what happens to notifications that fall into them (held for one digest, dropped once
 * resolved, sent anyway when critical, internal escalation muted or not).
 *
 * @param timeZone          zone of intervals without their own {@code location}; the customer's {@code timeZone}
 *                          when absent (filled in by {@link #inZone})
 * @param digest            hold customer-facing notifications and send one digest when the window ends (default
 *                          true); false sends each held notification on its own when the window ends
 * @param dropResolved      drop held notifications whose incident resolved before the window ended (default false)
 * @param criticalOverrides critical severity is sent at once even in a quiet window (default false)
 * @param muteInternal      internal escalation (first/second line) is held too (default false: never muted)
 * @param intervals         the quiet windows; the customer is quiet while any one of them matches
 */
public record QuietHoursConfig(
        ZoneId timeZone,
        Boolean digest,
        Boolean dropResolved,
        Boolean criticalOverrides,
        Boolean muteInternal,
        @NotEmpty(message = "is required (at least one interval)")
        @Valid List<@NotNull(message = "is required") TimeIntervalConfig> intervals) {

    public QuietHoursConfig {
        digest = digest == null ? Boolean.TRUE : digest;
        dropResolved = dropResolved == null ? Boolean.FALSE : dropResolved;
        criticalOverrides = criticalOverrides == null ? Boolean.FALSE : criticalOverrides;
        muteInternal = muteInternal == null ? Boolean.FALSE : muteInternal;
        intervals = CustomerConfig.immutable(intervals);
    }

    /** This configuration with {@code timeZone} defaulted to {@code customerZone} when it is not set. */
    public QuietHoursConfig inZone(ZoneId customerZone) {
        return timeZone != null ? this
                : new QuietHoursConfig(customerZone, digest, dropResolved, criticalOverrides, muteInternal, intervals);
    }
}
