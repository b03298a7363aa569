package io.alerthub.scenario.library;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each scenario template (a Camel route template in routes/scenario/) and its typed {@code *Params} record agree:
 * the same parameter names, every parameter documented with a type, every own parameter defaulted or optional,
 * and the route running begin, the phases and finish of the right template.
 */
class ScenarioTemplateContractTest {
    /** Parameters every template declares; the hub and the dispatcher read them, not the template's record. */
    private static final Set<String> COMMON = Set.of("customerId", "scenarioId", "alertClass", "hosts", "labels",
            "dryRun", "maxRemediations");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static Stream<Arguments> templates() {
        return Stream.of(
                Arguments.of("disk_usage", DiskUsageParams.class, "diskUsageScenario"),
                Arguments.of("process_down", ProcessDownParams.class, "processDownScenario"),
                Arguments.of("host_unreachable", HostUnreachableParams.class, "hostUnreachableScenario"),
                Arguments.of("cpu_high", ResourceHighParams.class, "resourceHighScenario"),
                Arguments.of("memory_high", ResourceHighParams.class, "resourceHighScenario"),
                Arguments.of("http_down", HttpDownParams.class, "httpDownScenario"),
                Arguments.of("cert_expiry", CertExpiryParams.class, "certExpiryScenario"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("templates")
    void templateAndParamsRecordAgree(String id, Class<? extends Record> params, String bean) throws IOException {
        JsonNode template = template(id);
        assertThat(template.path("id").asText()).isEqualTo(id);
        assertThat(template.path("description").asText()).as("template description").isNotBlank();

        Map<String, JsonNode> declared = new LinkedHashMap<>();
        template.path("parameters").forEach(p -> declared.put(p.path("name").asText(), p));
        for (Map.Entry<String, JsonNode> p : declared.entrySet()) {
            assertThat(p.getValue().path("description").asText()).as("parameter %s is documented with its type", p.getKey())
                    .matches("\\[[^]]+].+");
        }
        assertThat(declared.keySet()).as("common parameters").containsAll(COMMON.stream()
                .filter(c -> !c.equals("maxRemediations") || remediates(template)).toList());
        List<String> own = declared.keySet().stream().filter(n -> !COMMON.contains(n)).toList();
        assertThat(own).as("template parameters = %s components", params.getSimpleName())
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(params.getRecordComponents())
                        .map(RecordComponent::getName).toList());
        for (String name : List.of("customerId", "scenarioId")) {
            assertThat(declared.get(name).has("defaultValue")).as("%s is set by the hub, never defaulted", name).isFalse();
        }
        assertThat(declared.get("alertClass").path("defaultValue").asText()).as("default alert class").isEqualTo(id);
        declared.forEach((name, p) -> {
            if (!COMMON.contains(name) || name.equals("alertClass")) {
                assertThat(p.has("defaultValue") || p.path("required").asText().equals("false"))
                        .as("parameter %s has a default or is optional: a binding names only what it overrides", name)
                        .isTrue();
            }
        });

        String route = template.path("route").toString();
        assertThat(route).contains("direct:scenario-{{scenarioId}}").contains("begin(${exchange}, '" + id + "', '{{scenarioId}}')")
                .contains("\"ref\":\"" + bean + "\"").contains("\"method\":\"finish\"");
    }

    private static boolean remediates(JsonNode template) {
        return template.path("route").toString().contains("\"method\":\"remediate\"");
    }

    private static JsonNode template(String id) throws IOException {
        try (InputStream in = ScenarioTemplateContractTest.class.getResourceAsStream("/routes/scenario/" + id
                + ".camel.yaml")) {
            assertThat(in).as("routes/scenario/%s.camel.yaml", id).isNotNull();
            JsonNode file = YAML.readTree(in);
            assertThat(file.size()).as("one template per file").isEqualTo(1);
            return file.get(0).get("routeTemplate");
        }
    }
}
