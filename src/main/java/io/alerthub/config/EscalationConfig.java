package io.alerthub.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.convert.DurationStyle;

/**
 * A customer's escalation policy ({@code escalation:} in customer.yaml): ordered levels, each a delay after the
 * incident was escalated and the channels to notify then, unless someone acknowledged it first; how far a
 * handed-over incident goes; fallback channels; and storm control (grouping as Alertmanager does it, and a budget).
 *
 * @param levels        in order; the first usually has no delay
 * @param handedOver    how a {@code HANDED_OVER} incident is escalated: {@code first} (only the first level, the
 *                      default), {@code all} levels, or {@code none}
 * @param fallback      channel to try when one fails for good, e.g. {@code {slack: email}}
 * @param groupBy       alert fields that make a group ({@code alertClass}, {@code host}, {@code severity},
 *                      {@code name}); incidents of one group within {@code groupWait} go out as one notification
 * @param groupWait     how long the first notification of a new group waits for others (default 0s: none)
 * @param groupInterval how long after a group's notification the next one of the same group may go
 * @param repeatInterval how often an unacknowledged, unresolved group is notified again (default: never; the levels
 *                      already repeat)
 * @param budgetPerHour at most this many notifications per hour for the customer; the rest wait and go as a digest
 */
public record EscalationConfig(
        @Valid List<@NotNull(message = "is required") Level> levels,
        @Pattern(regexp = "first|all|none", message = "invalid value %s (valid: first, all, none)") String handedOver,
        Map<String, @Pattern(regexp = EscalationConfig.CHANNEL, message = "invalid channel %s (valid: slack, pagerduty, email)") String> fallback,
        List<@Pattern(regexp = "alertClass|host|severity|name", message = "invalid field %s (valid: alertClass, host, severity, name)") String> groupBy,
        @Pattern(regexp = EscalationConfig.DELAY, message = "invalid duration %s (e.g. 0s, 30s, 10m)") String groupWait,
        @Pattern(regexp = EscalationConfig.DELAY, message = "invalid duration %s (e.g. 0s, 30s, 10m)") String groupInterval,
        @Pattern(regexp = EscalationConfig.DELAY, message = "invalid duration %s (e.g. 0s, 30s, 10m)") String repeatInterval,
        @Min(value = 1, message = "must be at least 1, got %s") Integer budgetPerHour) {

    static final String CHANNEL = "slack|pagerduty|email";
    static final String DELAY = "0|[0-9]+(ms|s|m|h|d)";

    /** What a customer without an {@code escalation:} section gets: every configured channel at once. */
    public static final EscalationConfig DEFAULT = new EscalationConfig(null, null, null, null, null, null, null, null);

    public EscalationConfig {
        levels = CustomerConfig.immutable(levels);
        handedOver = handedOver == null ? "first" : handedOver;
        fallback = fallback == null ? Map.of() : Map.copyOf(fallback);
        groupBy = CustomerConfig.immutable(groupBy);
    }

    /** One step of the chain: after {@code after} unacknowledged, notify {@code channels}. */
    public record Level(
            @Pattern(regexp = EscalationConfig.DELAY, message = "invalid duration %s (e.g. 0s, 30s, 10m)") String after,
            @NotEmpty(message = "needs at least one channel")
            List<@Pattern(regexp = EscalationConfig.CHANNEL, message = "invalid channel %s (valid: slack, pagerduty, email)") String> channels) {

        public Level {
            after = after == null ? "0s" : after;
            channels = CustomerConfig.immutable(channels);
        }

        public Duration delay() {
            return EscalationConfig.duration(after);
        }
    }

    public Duration groupWaitDuration() {
        return duration(groupWait);
    }

    public Duration groupIntervalDuration() {
        return duration(groupInterval);
    }

    /** Zero when reminders are off. */
    public Duration repeatIntervalDuration() {
        return duration(repeatInterval);
    }

    static Duration duration(String value) {
        return value == null || value.equals("0") ? Duration.ZERO : DurationStyle.SIMPLE.parse(value);
    }
}
