package io.alerthub.scenario.routes;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What a customer's {@code routes.camel.yaml} may hold ({@code alerthub.customer-routes.*}): by default only
 * {@code templatedRoute} bindings of the hub's scenario templates; plain {@code route} entries (arbitrary Camel routes,
 * any component, any command) only when the hub's own configuration turns {@code allowCustomRoutes} on.
 */
@ConfigurationProperties("alerthub.customer-routes")
public record CustomerRoutesProperties(@DefaultValue("false") boolean allowCustomRoutes) {
}
