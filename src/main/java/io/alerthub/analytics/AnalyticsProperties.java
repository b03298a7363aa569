package io.alerthub.analytics;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the operations analytics ({@code alerthub.analytics.*}): the time zone that draws day, week and month
 * boundaries, the period a stats request without {@code from} covers, how long a person would need to handle an
 * alert of a class by hand (the "time saved" figure and the automate-next ranking), and how long the noisy lists are.
 */
@ConfigurationProperties("alerthub.analytics")
public record AnalyticsProperties(ZoneId zone, Duration defaultWindow, Duration manualHandlingTime,
                                  Map<String, Duration> manualHandlingTimes, Integer top) {
    public AnalyticsProperties {
        zone = zone == null || zone.normalized().equals(ZoneOffset.UTC) ? ZoneId.of("UTC") : zone;
        defaultWindow = defaultWindow == null ? Duration.ofDays(30) : defaultWindow;
        manualHandlingTime = manualHandlingTime == null ? Duration.ofMinutes(15) : manualHandlingTime;
        manualHandlingTimes = manualHandlingTimes == null ? Map.of() : Map.copyOf(manualHandlingTimes);
        top = top == null ? 20 : top;
        if (defaultWindow.isNegative() || defaultWindow.isZero()) {
            throw new IllegalArgumentException("alerthub.analytics.default-window: must be positive, got \""
                    + defaultWindow + "\"");
        }
        if (top < 1 || top > 1000) {
            throw new IllegalArgumentException("alerthub.analytics.top: must be 1 to 1000, got \"" + top + "\"");
        }
        if (!zone.getId().equals("UTC") && zone.normalized() instanceof ZoneOffset) {
            // PostgreSQL reads "+09:00" or "GMT+09:00" in AT TIME ZONE as a POSIX zone, with the sign reversed
            throw new IllegalArgumentException("alerthub.analytics.zone: invalid zone \"" + zone
                    + "\" (valid: a region id like Asia/Tokyo, or UTC)");
        }
        manualHandlingTimes.forEach((alertClass, time) -> {
            if (!alertClass.matches("[a-z0-9_]+")) {
                throw new IllegalArgumentException("alerthub.analytics.manual-handling-times: invalid class \""
                        + alertClass + "\" (valid: [a-z0-9_]+)");
            }
            if (time.isNegative()) {
                throw new IllegalArgumentException("alerthub.analytics.manual-handling-times." + alertClass
                        + ": must not be negative, got \"" + time + "\"");
            }
        });
    }

    /** The defaults of application.yaml, for tests and tools that build the service by hand. */
    public static AnalyticsProperties defaults() {
        return new AnalyticsProperties(null, null, null, null, null);
    }

    /** How long a person would need for an alert of this class. */
    public Duration manualHandlingTime(String alertClass) {
        return manualHandlingTimes.getOrDefault(alertClass == null ? "unknown" : alertClass, manualHandlingTime);
    }
}
