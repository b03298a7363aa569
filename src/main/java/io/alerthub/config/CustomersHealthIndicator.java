package io.alerthub.config;

import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health contributor {@code customers}: always UP while the registry runs (a broken edit keeps the customer's last
 * good profile, so the hub still serves everyone; OUT_OF_SERVICE would take every customer's ingest down for one
 * typo), with the customers in service and, per file, the problems still to fix.
 */
@Component
public class CustomersHealthIndicator implements HealthIndicator {
    private final CustomerRegistry registry;

    public CustomersHealthIndicator(CustomerRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Health health() {
        Map<String, List<String>> errors = registry.currentErrorsByFile();
        Health.Builder health = Health.up()
                .withDetail("customers", registry.all().size())
                .withDetail("errorCount", registry.currentErrors().size());
        if (!errors.isEmpty()) {
            health.withDetail("errors", errors);
        }
        return health.build();
    }
}
