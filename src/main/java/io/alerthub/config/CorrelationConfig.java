package io.alerthub.config;

import java.time.Duration;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import org.springframework.boot.convert.DurationStyle;

/**
 * A customer's cross-channel correlation ({@code correlation:} in customer.yaml): with {@code crossChannel} on, the
 * same problem reported by two channels (a Zabbix webhook and the same Zabbix's mail, CloudWatch through SNS and by
 * mail) folds into one incident instead of two. Off by default.
 *
 * @param crossChannel fold an alert from another channel into the incident it shares a correlation key with
 * @param within       how close in time two channels' reports must be to fold by host, alert class and name alone
 *                     (source ids such as a Zabbix event id or a CloudWatch alarm ARN match while the incident is
 *                     open); default 10m
 */
public record CorrelationConfig(Boolean crossChannel, String within) {

    /** What a customer without a {@code correlation:} section gets: off. */
    public static final CorrelationConfig DEFAULT = new CorrelationConfig(false, null);
    static final Duration DEFAULT_WITHIN = Duration.ofMinutes(10);
    private static final Pattern DURATION = Pattern.compile("[0-9]+(ms|s|m|h|d)");

    public CorrelationConfig {
        crossChannel = crossChannel != null && crossChannel;
    }

    /** True when alerts from different channels may fold into one incident. */
    public boolean enabled() {
        return crossChannel;
    }

    /** The window of the fallback key (host, alert class, name). */
    public Duration window() {
        return within == null || !DURATION.matcher(within).matches() ? DEFAULT_WITHIN : DurationStyle.SIMPLE.parse(within);
    }

    /** Reports a bad {@code within} to {@code problems} (path, message). */
    public void check(BiConsumer<String, String> problems) {
        if (within != null && (!DURATION.matcher(within).matches() || DurationStyle.SIMPLE.parse(within).isZero())) {
            problems.accept("correlation.within", "invalid duration " + ProblemCollector.quote(within)
                    + " (valid: a positive number with ms, s, m, h or d, e.g. 10m)");
        }
    }
}
