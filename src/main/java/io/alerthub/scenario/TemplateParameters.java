package io.alerthub.scenario;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;

/**
 * Reads the template parameters a templated route was created with (defaults filled in) from Camel's route model,
 * so a template's step beans see exactly what the customer's binding says.
 */
final class TemplateParameters {
    private TemplateParameters() {
    }

    /** The parameters of route {@code routeId}; empty when the route was not created from a template. */
    static Map<String, String> of(CamelContext camel, String routeId) {
        RouteDefinition route = camel.getCamelContextExtension().getContextPlugin(Model.class).getRouteDefinition(routeId);
        Map<String, String> values = new LinkedHashMap<>();
        if (route == null) {
            return values;
        }
        if (route.getTemplateDefaultParameters() != null) {
            route.getTemplateDefaultParameters().forEach((k, v) -> values.put(k, v == null ? null : v.toString()));
        }
        if (route.getTemplateParameters() != null) {
            route.getTemplateParameters().forEach((k, v) -> values.put(k, v == null ? null : v.toString()));
        }
        return values;
    }
}
