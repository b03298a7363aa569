package io.alerthub.triage;

import io.alerthub.config.CustomerConfig;
import io.alerthub.config.CustomerRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Triage stage: the resolve timeout and re-fire interval that apply to an incident, the most specific first: the
 * customer's alert class, the customer, then the hub's {@code alerthub.incidents.*}. {@link Duration#ZERO} means off.
 */
@Component
public class IncidentTimings {
    private final CustomerRegistry customers;
    private final IncidentLifecycleProperties defaults;

    public IncidentTimings(CustomerRegistry customers, IncidentLifecycleProperties defaults) {
        this.customers = customers;
        this.defaults = defaults;
    }

    /** How long an incident of {@code alertClass} may go without a firing alert before the hub resolves it. */
    public Duration resolveTimeout(CustomerConfig customer, String alertClass) {
        return customer.incidents().resolveTimeoutOf(alertClass).orElse(defaults.resolveTimeout());
    }

    /**
     * The customer's resolve timeouts: the one for every class not listed ({@code null} key, first), then each alert
     * class whose own timeout differs from it.
     */
    public Map<String, Duration> resolveTimeouts(CustomerConfig customer) {
        Map<String, Duration> timeouts = new LinkedHashMap<>();
        Duration base = resolveTimeout(customer, null);
        timeouts.put(null, base);
        customer.incidents().alertClasses().keySet().forEach(alertClass -> {
            Duration own = resolveTimeout(customer, alertClass);
            if (!own.equals(base)) {
                timeouts.put(alertClass, own);
            }
        });
        return timeouts;
    }

    /** How long after a person took (or last heard of) an incident a firing alert is news for them again. */
    public Duration refireAfter(String customerId, String alertClass) {
        return customers.find(customerId).flatMap(c -> c.incidents().refireAfterOf(alertClass))
                .orElse(defaults.refireAfter());
    }

    /** A duration as people read it on a timeline, to the minute: {@code 1d 2h 3m}, {@code 45m}, {@code 30s}. */
    public static String text(Duration d) {
        long seconds = Math.max(d.toSeconds(), 0);
        long days = seconds / 86_400;
        long hours = seconds % 86_400 / 3600;
        long minutes = seconds % 3600 / 60;
        StringBuilder text = new StringBuilder();
        if (days > 0) {
            text.append(days).append("d ");
        }
        if (hours > 0) {
            text.append(hours).append("h ");
        }
        if (minutes > 0) {
            text.append(minutes).append("m ");
        }
        if (text.isEmpty()) {
            text.append(seconds % 60).append("s");
        }
        return text.toString().strip();
    }
}
