package io.alerthub.scenario.routes;


import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.alerthub.config.CustomerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteTemplateDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributorRegistry;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Customers' routes.camel.yaml in the running hub: loaded after Camel starts, run in the customer's route group,
 * refused edits keep the last good routes (other customers unaffected), edits, deletions and new customer folders
 * taken up without a restart.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:customer-routes-it;MODE=PostgreSQL;DB_CLOSE_DELAY=-1",
        // the application's list plus the test template's folder
        "camel.main.routes-include-pattern=classpath:routes/errors/*.camel.yaml,classpath:routes/ingest/*.camel.yaml,"
                + "classpath:routes/triage/*.camel.yaml,classpath:routes/scenario/*.camel.yaml,classpath:routes/scenario/templates/*.camel.yaml,"
                + "classpath:routes/scenario/test/*.camel.yaml",
        "alerthub.customers.reload-interval=100ms",
        // acme runs a custom route next to its templated ones
        "alerthub.customer-routes.allow-custom-routes=true",
        // a missing consumer fails the test in 2 s instead of direct's 30 s wait
        "camel.component.direct.timeout=2000"})
class CustomerRoutesIT {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final List<String> CUSTOMERS = List.of("acme", "bravo", "carol", "dave", "erin", "fresh");

    @TempDir
    static Path tmp;
    static Path customers;

    @Autowired
    CustomerRoutes routes;
    @Autowired
    CamelContext camel;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    HealthContributorRegistry health;
    @Autowired
    MeterRegistry meters;
    @Autowired
    CustomerRegistry registry;

    @DynamicPropertySource
    static void customersFolder(DynamicPropertyRegistry properties) throws IOException {
        customers = tmp.resolve("customers");
        for (String customer : List.of("acme", "bravo", "carol", "dave", "erin")) {
            write(customer + "/customer.yaml", profile(customer));
        }
        write("acme/routes.camel.yaml", echo("acme", "hello") + """
                - route:
                    id: acme.custom
                    from:
                      uri: direct:acme-custom
                      steps:
                        - setBody:
                            constant: custom
                """);
        write("bravo/routes.camel.yaml", echo("bravo", "hello"));
        write("carol/routes.camel.yaml", echo("carol", "hello"));
        write("dave/routes.camel.yaml", echo("dave", "hello"));
        write("erin/routes.camel.yaml", echo("erin", "hello").replace("test_echo", "disk_usag"));
        properties.add("alerthub.customers.dir", customers::toString);
        CUSTOMERS.forEach(customer -> properties.add("ROUTES_IT_" + customer.toUpperCase() + "_TOKEN",
                () -> customer + "-token"));
    }

    static String profile(String customer) {
        return """
                id: %s
                name: %s Ltd
                ingest:
                  auth:
                    - type: bearer
                      token: { env: ROUTES_IT_%s_TOKEN }
                """.formatted(customer, customer, customer.toUpperCase());
    }

    static String echo(String customer, String greeting) {
        return """
                - templatedRoute:
                    routeTemplateRef: test_echo
                    routeId: %s.echo
                    parameters:
                      - name: alertClass
                        value: disk_usage
                      - name: greeting
                        value: %s
                """.formatted(customer, greeting);
    }

    /** The templates a customer may bind: test_echo, and the application's own when they exist. */
    String scenarioTemplates() {
        return camel.getCamelContextExtension().getContextPlugin(Model.class).getRouteTemplateDefinitions().stream()
                .filter(CustomerRoutesFile::isScenarioTemplate).map(RouteTemplateDefinition::getId).sorted()
                .collect(Collectors.joining(", "));
    }

    String ask(String uri) {
        return producer.requestBody(uri, "", String.class);
    }

    @Test
    void goodFilesRunAtStartUpInTheCustomersGroup() {
        assertThat(ask("direct:scenario-acme.echo")).isEqualTo("hello acme/acme.echo disk_usage!");
        assertThat(ask("direct:acme-custom")).isEqualTo("custom");
        assertThat(camel.getRoutesByGroup("acme")).extracting(Route::getRouteId)
                .containsExactlyInAnyOrder("acme.echo", "acme.custom");
        assertThat(routes.bindings("acme")).containsExactly(new ScenarioBinding("acme", "acme.echo", "test_echo",
                Map.of("customerId", "acme", "scenarioId", "acme.echo", "alertClass", "disk_usage",
                        "greeting", "hello", "punctuation", "!", "dryRun", "false"), 0));
        assertThat(routes.bindings("nobody")).isEmpty();
        assertThat(meters.get("alerthub.customer.routes.bindings").tag("customer", "acme").gauge().value())
                .isEqualTo(1.0);
    }

    @Test
    void aBadFileAtStartUpDoesNotStopTheHubAndIsReported() {
        String expected = customers + "/erin/routes.camel.yaml:2: templatedRoute \"erin.echo\": unknown template "
                + "\"disk_usag\" (templates: " + scenarioTemplates() + ")";

        assertThat(scenarioTemplates()).contains("test_echo").doesNotContain("ingest.mail");
        assertThat(routes.problems()).containsEntry("erin", expected);
        assertThat(camel.getRoutesByGroup("erin")).isEmpty();
        assertThat(routes.bindings("erin")).isEmpty();
        Health report = ((HealthIndicator) health.getContributor("customerRoutes")).health();
        assertThat(report.getStatus()).isEqualTo(Status.UP);
        assertThat(report.getDetails()).containsEntry("errors", Map.of("erin", List.of(expected)));
        assertThat(meters.get("alerthub.customer.routes.errors").gauge().value()).isEqualTo(1.0);
    }

    static Stream<Arguments> badEdits() {
        String file = "/bravo/routes.camel.yaml";
        return Stream.of(
                Arguments.of("unknown template", echo("bravo", "edited").replace("test_echo", "nope"),
                        file + ":2: templatedRoute \"bravo.echo\": unknown template \"nope\" (templates: {templates})"),
                Arguments.of("missing parameter", echo("bravo", "edited").replace("greeting", "punctuation"),
                        file + ":1: templatedRoute \"bravo.echo\": missing required parameter \"greeting\" of test_echo"),
                Arguments.of("unknown parameter", echo("bravo", "edited") + "      - name: treshold\n        value: 90\n",
                        file + ":9: templatedRoute \"bravo.echo\": unknown parameter \"treshold\" (parameters of "
                                + "test_echo: alertClass, greeting, punctuation, dryRun, hosts)"),
                Arguments.of("beans entry", "- beans:\n    - name: evil\n      type: java.lang.Object\n"
                                + echo("bravo", "edited"),
                        file + ":1: \"beans\" is not allowed in a customer routes file (allowed: \"route\", "
                                + "\"templatedRoute\")"),
                Arguments.of("id without prefix", echo("bravo", "edited").replace("bravo.echo", "echo"),
                        file + ":1: templatedRoute \"echo\": routeId must start with \"bravo.\""),
                Arguments.of("yaml syntax error", echo("bravo", "edited") + "    routeId: [bravo.x\n",
                        file + ":10: yaml syntax error: while parsing a flow sequence: expected ',' or ']', but got "
                                + "<stream end>"),
                // passes every check, then fails to start: direct:acme-custom already has acme's consumer
                Arguments.of("route that does not start", echo("bravo", "edited") + """
                        - route:
                            id: bravo.thief
                            from:
                              uri: direct:acme-custom
                              steps:
                                - setBody:
                                    constant: stolen
                        """, file + ": routes did not start, kept the last good routes: "));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badEdits")
    void aRefusedEditKeepsTheLastGoodRoutesAndOtherCustomersRun(String what, String yaml, String expected)
            throws IOException {
        assertThat(ask("direct:scenario-bravo.echo")).isEqualTo("hello bravo/bravo.echo disk_usage!");
        String original = Files.readString(customers.resolve("bravo/routes.camel.yaml"));
        try {
            write("bravo/routes.camel.yaml", yaml);

            await().atMost(WAIT).untilAsserted(() -> assertThat(routes.problems().get("bravo"))
                    .startsWith(customers + expected.replace("{templates}", scenarioTemplates())));
            assertThat(routes.problems().get("bravo").lines()).hasSize(1);
            assertThat(ask("direct:scenario-bravo.echo")).isEqualTo("hello bravo/bravo.echo disk_usage!");
            assertThat(camel.getRoutesByGroup("bravo")).extracting(Route::getRouteId).containsExactly("bravo.echo");
            assertThat(routes.bindings("bravo")).extracting(b -> b.parameters().get("greeting")).containsExactly("hello");
            assertThat(ask("direct:scenario-acme.echo")).isEqualTo("hello acme/acme.echo disk_usage!");
            assertThat(ask("direct:acme-custom")).isEqualTo("custom");
        } finally {
            write("bravo/routes.camel.yaml", original);
        }
        await().atMost(WAIT).until(() -> !routes.problems().containsKey("bravo"));
    }

    @Test
    void anEditIsPickedUpWithoutRestart() throws IOException {
        assertThat(ask("direct:scenario-carol.echo")).isEqualTo("hello carol/carol.echo disk_usage!");

        write("carol/routes.camel.yaml", echo("carol", "こんにちは") + """
                - templatedRoute:
                    routeTemplateRef: test_echo
                    routeId: carol.web
                    parameters:
                      - name: alertClass
                        value: http_down
                      - name: greeting
                        value: hi
                      - name: punctuation
                        value: "?"
                """);

        await().atMost(WAIT).untilAsserted(() ->
                assertThat(routes.bindings("carol")).extracting(ScenarioBinding::routeId)
                        .containsExactly("carol.echo", "carol.web"));
        assertThat(ask("direct:scenario-carol.echo")).isEqualTo("こんにちは carol/carol.echo disk_usage!");
        assertThat(ask("direct:scenario-carol.web")).isEqualTo("hi carol/carol.web http_down?");
        assertThat(camel.getRoutesByGroup("carol")).hasSize(2);
        assertThat(routes.problems()).doesNotContainKey("carol");
    }

    @Test
    void aDeletedFileRemovesTheCustomersRoutes() throws IOException {
        assertThat(camel.getRoute("dave.echo")).isNotNull();

        Files.delete(customers.resolve("dave/routes.camel.yaml"));

        await().atMost(WAIT).until(() -> camel.getRoute("dave.echo") == null);
        assertThat(camel.getRoutesByGroup("dave")).isEmpty();
        assertThat(routes.bindings("dave")).isEmpty();
        assertThat(meters.get("alerthub.customer.routes.bindings").tag("customer", "dave").gauge().value()).isZero();
        assertThat(ask("direct:scenario-acme.echo")).isEqualTo("hello acme/acme.echo disk_usage!");
    }

    @Test
    void aNewCustomerFolderIsPickedUpAndARemovedOneTakesItsRoutesAlong() throws IOException {
        write("fresh/routes.camel.yaml", echo("fresh", "welcome"));
        write("fresh/customer.yaml", profile("fresh"));

        await().atMost(WAIT).until(() -> camel.getRoute("fresh.echo") != null);
        assertThat(ask("direct:scenario-fresh.echo")).isEqualTo("welcome fresh/fresh.echo disk_usage!");
        assertThat(routes.bindings("fresh")).extracting(ScenarioBinding::routeId).containsExactly("fresh.echo");

        deleteFolder("fresh");

        await().atMost(WAIT).until(() -> camel.getRoute("fresh.echo") == null);
        assertThat(routes.bindings("fresh")).isEmpty();
        assertThat(meters.find("alerthub.customer.routes.bindings").tag("customer", "fresh").gauge()).isNull();
    }

    @Test
    void aVanishedCustomersDirectoryKeepsEveryoneRunning() throws IOException {
        Path moved = tmp.resolve("customers-moved");
        Files.move(customers, moved);
        try {
            await().atMost(WAIT).until(() -> !registry.currentErrors().isEmpty());
            // like the registry keeps the profiles, the routes stay: an unmount is not a deletion of every file
            await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> camel.getRoute("acme.echo") != null
                    && routes.bindings("acme").size() == 1);
        } finally {
            Files.move(moved, customers);
        }
        await().atMost(WAIT).until(() -> registry.currentErrors().isEmpty());
        assertThat(ask("direct:scenario-acme.echo")).isEqualTo("hello acme/acme.echo disk_usage!");
    }

    static void write(String relative, String content) throws IOException {
        Path file = customers.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    static void deleteFolder(String folder) throws IOException {
        try (Stream<Path> files = Files.walk(customers.resolve(folder))) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
