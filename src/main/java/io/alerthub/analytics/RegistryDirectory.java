package io.alerthub.analytics;

import io.alerthub.config.CustomerConfig;
import io.alerthub.config.CustomerRegistry;
import io.alerthub.scenario.routes.CustomerRoutes;
import io.alerthub.scenario.routes.ScenarioBinding;
import io.alerthub.support.security.CustomerScope;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** The analytics' view of customers: the registry (departments), the running routes files and the caller's scope. */
@Component
public class RegistryDirectory implements AnalyticsDirectory {
    private final CustomerRegistry registry;
    private final CustomerRoutes routes;
    private final CustomerScope scope;

    public RegistryDirectory(CustomerRegistry registry, CustomerRoutes routes, CustomerScope scope) {
        this.registry = registry;
        this.routes = routes;
        this.scope = scope;
    }

    @Override
    public Optional<Set<String>> scope() {
        return scope.limitedTo();
    }

    @Override
    public Collection<String> customers() {
        return registry.all().stream().map(CustomerConfig::id).sorted().toList();
    }

    @Override
    public String department(String customerId) {
        return registry.find(customerId).flatMap(CustomerConfig::departmentName).orElse("");
    }

    @Override
    public Set<String> customersIn(String department) {
        return registry.all().stream().filter(c -> department.equals(c.departmentName().orElse("")))
                .map(CustomerConfig::id).collect(Collectors.toSet());
    }

    @Override
    public List<String> boundClasses(String customerId) {
        return routes.bindings(customerId).stream().flatMap(b -> b.alertClasses().stream()).distinct().sorted()
                .toList();
    }
}
