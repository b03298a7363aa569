package io.alerthub.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.springframework.stereotype.Component;

/**
 * The scenario bindings in force, read from Camel's route model: every route created from a scenario template for a
 * customer, in the order its routes.camel.yaml lists them. Reading the model (not a copy) means a reloaded customer
 * file is in force the moment its routes are.
 */
@Component
public class ScenarioBindings {
    private final CamelContext camel;

    public ScenarioBindings(CamelContext camel) {
        this.camel = camel;
    }

    /** The customer's bindings, in file order. */
    public List<ScenarioBinding> bindings(String customerId) {
        List<ScenarioBinding> found = new ArrayList<>();
        Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
        int order = 0;
        for (RouteDefinition route : model.getRouteDefinitions()) {
            if (!route.isCreatedFromTemplate() || route.getTemplateParameters() == null) {
                continue;
            }
            Map<String, String> parameters = TemplateParameters.of(camel, route.getRouteId());
            if (customerId.equals(parameters.get("customerId")) && parameters.get("scenarioId") != null) {
                found.add(new ScenarioBinding(customerId, route.getRouteId(), templateId(route.getRouteId()), parameters,
                        order++));
            }
        }
        return found;
    }

    private String templateId(String routeId) {
        Route route = camel.getRoute(routeId);
        Object id = route == null ? null : route.getProperties().get(Route.TEMPLATE_PROPERTY);
        return id == null ? null : id.toString();
    }
}
