package io.alerthub.scenario.routes;

import java.util.List;
import org.apache.camel.CamelContext;

/**
 * Checks one customer's {@code routes.camel.yaml} exactly as {@link CustomerRoutes} does before running it (the same
 * {@link CustomerRoutesFile} checks and Camel's YAML DSL), without adding any route: for the operator tooling.
 */
public final class CustomerRoutesCheck {
    /** The routes file's name in a customer's folder. */
    public static final String FILE_NAME = CustomerRoutesFile.FILE_NAME;

    private CustomerRoutesCheck() {
    }

    /**
     * What the check found.
     *
     * @param bindings the file's scenario bindings in dispatch order, empty when it has errors
     * @param errors   every problem as {@code file[:line]: message}
     */
    public record Result(List<ScenarioBinding> bindings, List<String> errors) {
        public Result {
            bindings = List.copyOf(bindings);
            errors = List.copyOf(errors);
        }
    }

    /**
     * @param camel             a context holding the hub's scenario templates (routes/scenario/), never started
     * @param file              how messages name the file, e.g. {@code customers/acme/routes.camel.yaml}
     * @param allowCustomRoutes the hub's {@code alerthub.customer-routes.allow-custom-routes}
     */
    public static Result check(CamelContext camel, String customerId, String file, byte[] content,
            boolean allowCustomRoutes) {
        CustomerRoutesFile.Result result = CustomerRoutesFile.read(camel, customerId, file, content, allowCustomRoutes);
        return new Result(result.bindings(), result.errors());
    }
}
