package io.alerthub.scenario.routes;


import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.TemplatedRouteParameterDefinition;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What a customer's routes.camel.yaml may contain, and the exact message for each thing it may not. */
class CustomerRoutesFileTest {
    static final String FILE = "customers/acme/routes.camel.yaml";
    static CamelContext camel;

    @BeforeAll
    static void camelWithTheTestTemplate() throws Exception {
        camel = new DefaultCamelContext();
        camel.start();
        PluginHelper.getRoutesLoader(camel).loadRoutes(
                PluginHelper.getResourceLoader(camel).resolveResource("classpath:routes/scenario/test/test_echo.camel.yaml"));
        // an application template outside routes/scenario/, like ingest.mail
        PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString(
                "classpath:routes/ingest/internal.camel.yaml", """
                        - routeTemplate:
                            id: ingest.internal
                            parameters:
                              - name: name
                            route:
                              from:
                                uri: "direct:internal-{{name}}"
                                steps:
                                  - log: internal
                        """));
    }

    @AfterAll
    static void stop() {
        camel.stop();
    }

    static CustomerRoutesFile.Result read(String yaml) {
        return CustomerRoutesFile.read(camel, "acme", FILE, yaml.getBytes(StandardCharsets.UTF_8), true);
    }

    @Test
    void aGoodFileGivesGroupedDefinitionsAndBindingsInFileOrder() {
        CustomerRoutesFile.Result result = read("""
                # ACME's scenarios
                - templatedRoute:
                    routeTemplateRef: test_echo
                    routeId: acme.disk
                    parameters:
                      - name: alertClass
                        value: disk_usage
                      - name: greeting
                        value: こんにちは
                - route:
                    id: acme.custom
                    from:
                      uri: direct:acme-custom
                      steps:
                        - setBody:
                            constant: custom
                - templatedRoute:
                    routeTemplateRef: test_echo
                    routeId: acme.web
                    parameters:
                      - name: alertClass
                        value: http_down
                      - name: greeting
                        value: hi
                      - name: punctuation
                        value: "?"
                      - name: hosts
                        value: web-1
                """);

        assertThat(result.errors()).isEmpty();
        assertThat(result.routeIds()).containsExactly("acme.custom", "acme.disk", "acme.web");
        assertThat(result.routes()).extracting(RouteDefinition::getGroup).containsExactly("acme");
        assertThat(result.templatedRoutes()).allSatisfy(route -> {
            assertThat(route.getGroup()).isEqualTo("acme");
            assertThat(route.getParameters()).extracting(TemplatedRouteParameterDefinition::getName)
                    .contains("customerId", "scenarioId");
        });
        assertThat(result.bindings()).containsExactly(
                new ScenarioBinding("acme", "acme.disk", "test_echo", Map.of("customerId", "acme",
                        "scenarioId", "acme.disk", "alertClass", "disk_usage", "greeting", "こんにちは",
                        "punctuation", "!", "dryRun", "false"), 0),
                new ScenarioBinding("acme", "acme.web", "test_echo", Map.of("customerId", "acme",
                        "scenarioId", "acme.web", "alertClass", "http_down", "greeting", "hi", "punctuation", "?",
                        "hosts", "web-1", "dryRun", "false"), 1));
        assertThat(result.bindings().get(0).parameters().keySet()).as("loader's, given, then defaults")
                .containsExactly("customerId", "scenarioId", "alertClass", "greeting", "punctuation", "dryRun");
    }

    @Test
    void anEmptyFileBindsNothing() {
        assertThat(read("# nothing bound yet\n").bindings()).isEmpty();
        assertThat(read("").ok()).isTrue();
    }

    static Stream<Arguments> refused() {
        String binding = """
                - templatedRoute:
                    routeTemplateRef: %s
                    routeId: %s
                    parameters:
                      - name: alertClass
                        value: disk_usage
                %s""";
        String greeting = """
                      - name: greeting
                        value: hi
                """;
        return Stream.of(
                Arguments.of("unknown template", binding.formatted("disk_usag", "acme.disk", greeting),
                        List.of(FILE + ":2: templatedRoute \"acme.disk\": unknown template \"disk_usag\" (templates: test_echo)")),
                Arguments.of("application template", binding.formatted("ingest.internal", "acme.disk", greeting),
                        List.of(FILE + ":2: templatedRoute \"acme.disk\": template \"ingest.internal\" is not a scenario "
                                + "template (templates: test_echo)")),
                Arguments.of("missing parameter", binding.formatted("test_echo", "acme.disk", ""),
                        List.of(FILE + ":1: templatedRoute \"acme.disk\": missing required parameter \"greeting\" of test_echo")),
                Arguments.of("unknown parameter", binding.formatted("test_echo", "acme.disk", greeting
                                + "      - name: treshold\n        value: 90\n"),
                        List.of(FILE + ":9: templatedRoute \"acme.disk\": unknown parameter \"treshold\" (parameters of "
                                + "test_echo: alertClass, greeting, punctuation, dryRun, hosts)")),
                Arguments.of("parameter set by the loader", binding.formatted("test_echo", "acme.disk", greeting
                                + "      - name: customerId\n        value: bravo\n"),
                        List.of(FILE + ":9: templatedRoute \"acme.disk\": parameter \"customerId\" is set by the loader "
                                + "and must not be given")),
                Arguments.of("parameter given twice", binding.formatted("test_echo", "acme.disk", greeting + greeting),
                        List.of(FILE + ":9: templatedRoute \"acme.disk\": parameter \"greeting\" is given twice (first at line 7)")),
                Arguments.of("id without the customer prefix", binding.formatted("test_echo", "disk", greeting),
                        List.of(FILE + ":1: templatedRoute \"disk\": routeId must start with \"acme.\"")),
                Arguments.of("another customer's prefix", binding.formatted("test_echo", "bravo.disk", greeting),
                        List.of(FILE + ":1: templatedRoute \"bravo.disk\": routeId must start with \"acme.\"")),
                Arguments.of("templated route without id", """
                        - templatedRoute:
                            routeTemplateRef: test_echo
                        """, List.of(FILE + ":1: templatedRoute: routeId is required and must start with \"acme.\"")),
                Arguments.of("beans entry", """
                        - beans:
                            - name: evil
                              type: java.lang.ProcessBuilder
                        """, List.of(FILE + ":1: \"beans\" is not allowed in a customer routes file (allowed: \"route\", "
                        + "\"templatedRoute\")")),
                Arguments.of("route template", """
                        - routeTemplate:
                            id: my_own
                            route:
                              from:
                                uri: direct:x
                        """, List.of(FILE + ":1: \"routeTemplate\" is not allowed in a customer routes file (allowed: "
                        + "\"route\", \"templatedRoute\")")),
                Arguments.of("rest entry", """
                        - rest:
                            path: /acme
                        """, List.of(FILE + ":1: \"rest\" is not allowed in a customer routes file (allowed: \"route\", "
                        + "\"templatedRoute\")")),
                Arguments.of("beans inside a templated route", binding.formatted("test_echo", "acme.disk", greeting)
                        + "    beans:\n      - name: x\n        type: java.lang.Object\n",
                        List.of(FILE + ":9: templatedRoute \"acme.disk\": key \"beans\" is not allowed (allowed: "
                                + "\"routeTemplateRef\", \"routeId\", \"parameters\")")),
                Arguments.of("route without id", """
                        - route:
                            from:
                              uri: direct:x
                        """, List.of(FILE + ":1: route: id is required and must start with \"acme.\"")),
                Arguments.of("route id without prefix", """
                        - route:
                            id: ingest.webhook
                            from:
                              uri: direct:x
                        """, List.of(FILE + ":1: route \"ingest.webhook\": id must start with \"acme.\"")),
                Arguments.of("same id twice", binding.formatted("test_echo", "acme.disk", greeting) + """
                        - route:
                            id: acme.disk
                            from:
                              uri: direct:x
                        """, List.of(FILE + ":9: route \"acme.disk\": id is already used at line 1")),
                Arguments.of("another group", """
                        - route:
                            id: acme.x
                            group: bravo
                            from:
                              uri: direct:x
                        """, List.of(FILE + ":3: route \"acme.x\": group \"bravo\" is not allowed (the loader sets the "
                        + "group to \"acme\")")),
                Arguments.of("another customer's scenario endpoint", """
                        - route:
                            id: acme.x
                            from:
                              uri: direct:scenario-bravo.disk
                        """, List.of(FILE + ":4: route \"acme.x\": from uri \"direct:scenario-bravo.disk\" is not one of "
                        + "this customer's scenario endpoints (direct:scenario-acme.…)")),
                Arguments.of("a mapping instead of a list", "route:\n  id: acme.x\n",
                        List.of(FILE + ":1: the file must be a list of \"- route:\" and \"- templatedRoute:\" entries")),
                Arguments.of("bare from", "- from:\n    uri: direct:x\n",
                        List.of(FILE + ":1: \"from\" is not allowed in a customer routes file (allowed: \"route\", "
                                + "\"templatedRoute\")")),
                Arguments.of("duplicate key", binding.formatted("test_echo", "acme.disk", greeting)
                        + "    routeId: acme.other\n",
                        List.of(FILE + ":9: duplicate key \"routeId\" (first at line 3)")),
                Arguments.of("yaml syntax error", "- templatedRoute:\n    routeId: [acme.disk\n",
                        List.of(FILE + ":3: yaml syntax error: while parsing a flow sequence: expected ',' or ']', but got <stream end>")),
                Arguments.of("camel DSL error", """
                        - route:
                            id: acme.x
                            from:
                              uri: direct:x
                              steps:
                                - setBdy:
                                    constant: typo
                        """, List.of(FILE + ":6: Unknown node id: setBdy")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void aRefusedFileNamesFileLineAndProblem(String what, String yaml, List<String> expected) {
        CustomerRoutesFile.Result result = read(yaml);

        assertThat(result.errors()).containsExactlyElementsOf(expected);
        assertThat(result.routes()).isEmpty();
        assertThat(result.templatedRoutes()).isEmpty();
    }

    @Test
    void everyProblemOfTheFileIsReportedNotOnlyTheFirst() {
        CustomerRoutesFile.Result result = read("""
                - beans: []
                - templatedRoute:
                    routeTemplateRef: test_echo
                    routeId: disk
                """);

        assertThat(result.errors()).containsExactly(
                FILE + ":1: \"beans\" is not allowed in a customer routes file (allowed: \"route\", \"templatedRoute\")",
                FILE + ":2: templatedRoute \"disk\": routeId must start with \"acme.\"",
                FILE + ":2: templatedRoute \"disk\": missing required parameter \"alertClass\" of test_echo",
                FILE + ":2: templatedRoute \"disk\": missing required parameter \"greeting\" of test_echo");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("templateLocations")
    void onlyTemplatesFromRoutesScenarioCanBeBound(String location, boolean bindable) {
        RouteTemplateDefinition template = new RouteTemplateDefinition();
        template.setResource(location == null ? null : ResourceHelper.fromString(location, ""));

        assertThat(CustomerRoutesFile.isScenarioTemplate(template)).isEqualTo(bindable);
    }

    static Stream<Arguments> templateLocations() {
        return Stream.of(
                Arguments.of("classpath:routes/scenario/disk_usage.camel.yaml", true),
                Arguments.of("file:/opt/hub/classes/routes/scenario/disk_usage.camel.yaml", true),
                Arguments.of("jar:file:/opt/hub/app.jar!/BOOT-INF/classes!/routes/scenario/disk_usage.camel.yaml", true),
                Arguments.of("classpath:routes/ingest/mail.camel.yaml", false),
                Arguments.of("file:/opt/hub/routes/scenarios/x.camel.yaml", false),
                Arguments.of(null, false));
    }

    @Test
    void aHugeOrNonUtf8FileIsRefusedBeforeParsing() {
        assertThat(CustomerRoutesFile.read(camel, "acme", FILE, new byte[CustomerRoutesFile.MAX_BYTES + 1], true)
                .errors()).containsExactly(FILE + ": file is larger than 1024 KiB");
        assertThat(CustomerRoutesFile.read(camel, "acme", FILE, new byte[] {'-', ' ', (byte) 0xff}, true).errors())
                .containsExactly(FILE + ": file is not valid UTF-8");
    }

    @Test
    void withoutCustomRoutesOnlyTemplatedRoutesOfScenarioTemplatesAreAllowed() {
        String yaml = """
                - route:
                    id: acme.shell
                    from:
                      uri: direct:acme-shell
                - beans: []
                """;
        CustomerRoutesFile.Result result = CustomerRoutesFile.read(camel, "acme", FILE,
                yaml.getBytes(StandardCharsets.UTF_8), false);

        assertThat(result.errors()).containsExactly(
                FILE + ":1: custom routes are not allowed: bind a scenario template with \"- templatedRoute:\" "
                        + "(the hub's alerthub.customer-routes.allow-custom-routes is off)",
                FILE + ":5: \"beans\" is not allowed in a customer routes file (allowed: \"templatedRoute\")");
        assertThat(result.routes()).isEmpty();
        assertThat(CustomerRoutesFile.read(camel, "acme", FILE, "id: x\n".getBytes(StandardCharsets.UTF_8), false)
                .errors()).containsExactly(FILE + ":1: the file must be a list of \"- templatedRoute:\" entries");
    }
}
