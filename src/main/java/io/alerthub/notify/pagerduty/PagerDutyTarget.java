package io.alerthub.notify.pagerduty;

import io.alerthub.config.NotificationsConfig;
import java.nio.charset.StandardCharsets;

/**
 * Where one customer's pages go: the Events API v2 routing (integration) key, resolved, and the customer's own API
 * base URL if it has one (null: the hub's {@code alerthub.notify.pagerduty.base-url}); never prints the key.
 */
public record PagerDutyTarget(String routingKey, String baseUrl) {

    public PagerDutyTarget {
        if (routingKey == null || routingKey.isBlank()) {
            throw new IllegalArgumentException("pagerduty target needs a routing key");
        }
    }

    /** The target a customer's {@code notifications.pagerduty} (already resolved by the registry) describes. */
    public static PagerDutyTarget of(NotificationsConfig.PagerDutySettings settings) {
        return new PagerDutyTarget(new String(settings.routingKey().bytes(), StandardCharsets.UTF_8).trim(),
                settings.baseUrlOverride().orElse(null));
    }

    @Override
    public String toString() {
        return "PagerDutyTarget[routingKey=<secret>, baseUrl=" + baseUrl + "]";
    }
}
