package io.alerthub.scenario.routes;

import static org.assertj.core.api.Assertions.assertThat;

import io.alerthub.config.CustomerRegistry;
import io.alerthub.config.CustomerRegistryProperties;
import io.alerthub.config.CustomerRouteGroups;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

/**
 * The hub's switch for custom routes: off (the default), a customer file holding a plain {@code - route:} is refused
 * with its line and the customer keeps its last good routes; on, the same file runs.
 */
class CustomerRoutesSwitchTest {
    static final String TEMPLATED = CustomerRoutesIT.echo("acme", "hello");
    /** A plain route: harmless here, but it could as well run {@code exec:} or read files with {@code file:}. */
    static final String CUSTOM = """
            - route:
                id: acme.custom
                from:
                  uri: direct:acme-custom
                  steps:
                    - setBody:
                        constant: custom
            """;

    @TempDir
    Path customers;
    CamelContext camel;
    CustomerRegistry registry;

    @BeforeEach
    void hub() throws Exception {
        Files.createDirectories(customers.resolve("acme"));
        Files.writeString(customers.resolve("acme/customer.yaml"), CustomerRoutesIT.profile("acme"));
        Files.writeString(customers.resolve("acme/routes.camel.yaml"), TEMPLATED);
        registry = new CustomerRegistry(new CustomerRegistryProperties(customers.toString(), Duration.ZERO),
                new MockEnvironment().withProperty("ROUTES_IT_ACME_TOKEN", "acme-token"), null, null);
        camel = new DefaultCamelContext();
        camel.start();
        PluginHelper.getRoutesLoader(camel).loadRoutes(PluginHelper.getResourceLoader(camel)
                .resolveResource("classpath:routes/scenario/test/test_echo.camel.yaml"));
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    private CustomerRoutes routes(boolean allowCustomRoutes) {
        return new CustomerRoutes(camel, registry, new CustomerRouteGroups(camel, registry), new CustomerRegistryProperties(customers.toString(), Duration.ZERO),
                new CustomerRoutesProperties(allowCustomRoutes), null);
    }

    private String ask(String uri) {
        return camel.createProducerTemplate().requestBody(uri, "", String.class);
    }

    @Test
    void byDefaultAPlainRouteIsRefusedAndTheLastGoodRoutesStay() throws Exception {
        CustomerRoutes routes = routes(false);
        routes.scan(false);
        assertThat(routes.routeIds()).isEqualTo(Map.of("acme", List.of("acme.echo")));

        Files.writeString(customers.resolve("acme/routes.camel.yaml"), TEMPLATED + CUSTOM, StandardCharsets.UTF_8);
        routes.scan(false);

        assertThat(routes.problems().get("acme")).isEqualTo(customers + "/acme/routes.camel.yaml:9: custom routes are "
                + "not allowed: bind a scenario template with \"- templatedRoute:\" (the hub's "
                + "alerthub.customer-routes.allow-custom-routes is off)");
        assertThat(routes.routeIds()).isEqualTo(Map.of("acme", List.of("acme.echo")));
        assertThat(camel.getRoute("acme.custom")).isNull();
        assertThat(ask("direct:scenario-acme.echo")).isEqualTo("hello acme/acme.echo disk_usage!");
    }

    @Test
    void theHubsOwnConfigCanAllowCustomRoutes() throws Exception {
        Files.writeString(customers.resolve("acme/routes.camel.yaml"), TEMPLATED + CUSTOM, StandardCharsets.UTF_8);
        CustomerRoutes routes = routes(true);
        routes.scan(false);

        assertThat(routes.problems()).isEmpty();
        assertThat(routes.routeIds()).isEqualTo(Map.of("acme", List.of("acme.custom", "acme.echo")));
        assertThat(ask("direct:acme-custom")).isEqualTo("custom");
        assertThat(ask("direct:scenario-acme.echo")).isEqualTo("hello acme/acme.echo disk_usage!");
    }
}
