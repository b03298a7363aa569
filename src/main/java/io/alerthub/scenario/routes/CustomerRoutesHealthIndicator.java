package io.alerthub.scenario.routes;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health contributor {@code customerRoutes} (scenario stage): always UP, like {@code customers} (a refused edit keeps
 * that customer's last good routes and every other customer runs, so taking the hub out of service would do more
 * harm than the typo), with the routes and scenario bindings running and, per customer, the problems still to fix.
 */
@Component
public class CustomerRoutesHealthIndicator implements HealthIndicator {
    private final CustomerRoutes routes;

    public CustomerRoutesHealthIndicator(CustomerRoutes routes) {
        this.routes = routes;
    }

    @Override
    public Health health() {
        Map<String, List<String>> running = routes.routeIds();
        Map<String, String> problems = routes.problems();
        Map<String, List<String>> errors = new TreeMap<>();
        problems.forEach((customer, text) -> errors.put(customer, text.lines().toList()));
        Health.Builder health = Health.up()
                .withDetail("customers", running.values().stream().filter(ids -> !ids.isEmpty()).count())
                .withDetail("routes", running.values().stream().mapToInt(List::size).sum())
                .withDetail("bindings", running.keySet().stream().mapToInt(id -> routes.bindings(id).size()).sum())
                .withDetail("errorCount", errors.values().stream().mapToInt(List::size).sum());
        if (!errors.isEmpty()) {
            health.withDetail("errors", errors);
        }
        return health.build();
    }
}
