package io.alerthub.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import org.springframework.boot.convert.DurationStyle;

/**
 * A customer's incident lifecycle ({@code incidents:} in customer.yaml): how long an incident may go without a firing
 * alert before the hub resolves it ({@code resolveTimeout}, for sources that never send a recovery), and how long
 * after a person took an incident a firing alert that folds into it is news for that person again
 * ({@code refireAfter}); both per alert class if needed. A value left out falls back to the customer's value, then to
 * {@code alerthub.incidents.*}; {@code 0} switches the rule off.
 *
 * @param resolveTimeout the customer's timeout, e.g. {@code 24h}; null: the hub's default
 * @param refireAfter    the customer's re-fire interval, e.g. {@code 4h}; null: the hub's default
 * @param alertClasses   overrides per alert class ({@code disk_usage: {resolveTimeout: 2h}})
 */
public record IncidentsConfig(String resolveTimeout, String refireAfter, Map<String, Timing> alertClasses) {

    /** What a customer without an {@code incidents:} section gets: the hub's defaults. */
    public static final IncidentsConfig DEFAULT = new IncidentsConfig(null, null, null);
    private static final Pattern DURATION = Pattern.compile(EscalationConfig.DELAY);
    private static final Pattern ALERT_CLASS = Pattern.compile("[a-z0-9_]+");

    public IncidentsConfig {
        // a LinkedHashMap keeps null values, so the check can name an empty entry
        alertClasses = alertClasses == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new LinkedHashMap<>(alertClasses));
    }

    /** One alert class's values; a null one falls back to the customer's. */
    public record Timing(String resolveTimeout, String refireAfter) {
    }

    /** The resolve timeout for incidents of {@code alertClass}; empty when neither the class nor the customer sets one. */
    public Optional<Duration> resolveTimeoutOf(String alertClass) {
        Timing own = alertClass == null ? null : alertClasses.get(alertClass);
        return duration(own != null && own.resolveTimeout() != null ? own.resolveTimeout() : resolveTimeout);
    }

    /** The re-fire interval for incidents of {@code alertClass}; empty when neither the class nor the customer sets one. */
    public Optional<Duration> refireAfterOf(String alertClass) {
        Timing own = alertClass == null ? null : alertClasses.get(alertClass);
        return duration(own != null && own.refireAfter() != null ? own.refireAfter() : refireAfter);
    }

    /**
     * Reports every bad value of the section to {@code problems} (path, message): durations that do not parse, alert
     * classes that cannot exist, empty class entries.
     */
    public void check(BiConsumer<String, String> problems) {
        checkDuration(problems, "incidents.resolveTimeout", resolveTimeout);
        checkDuration(problems, "incidents.refireAfter", refireAfter);
        alertClasses.forEach((alertClass, timing) -> {
            String path = YamlPaths.child("incidents.alertClasses", alertClass);
            if (!ALERT_CLASS.matcher(alertClass).matches()) {
                problems.accept(path, "invalid alert class " + ProblemCollector.quote(alertClass)
                        + " (valid: lower-case letters, digits and \"_\", e.g. \"disk_usage\")");
            }
            if (timing == null || timing.resolveTimeout() == null && timing.refireAfter() == null) {
                problems.accept(path, "needs resolveTimeout or refireAfter");
                return;
            }
            checkDuration(problems, path + ".resolveTimeout", timing.resolveTimeout());
            checkDuration(problems, path + ".refireAfter", timing.refireAfter());
        });
    }

    private static void checkDuration(BiConsumer<String, String> problems, String path, String value) {
        if (value != null && !DURATION.matcher(value).matches()) {
            problems.accept(path, "invalid duration " + ProblemCollector.quote(value)
                    + " (valid: 0 for never, or a number with ms, s, m, h or d, e.g. 30m, 24h, 7d)");
        }
    }

    private static Optional<Duration> duration(String value) {
        if (value == null) {
            return Optional.empty();
        }
        return Optional.of(value.equals("0") ? Duration.ZERO : DurationStyle.SIMPLE.parse(value));
    }
}
