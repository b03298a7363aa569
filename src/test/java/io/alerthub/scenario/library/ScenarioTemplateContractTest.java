package io.alerthub.scenario.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.alerthub.scenario.ParamValues;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each scenario template (a Camel route template in routes/scenario/templates/) and its typed {@code *Params} record agree:
 * the same parameter names, every parameter documented with a type, every own parameter defaulted or optional,
 * and the route running begin, the phases and finish of the right template.
 */
class ScenarioTemplateContractTest {
    /** Parameters every template declares; the hub and the dispatcher read them, not the template's record. */
    private static final Set<String> COMMON = Set.of("customerId", "scenarioId", "alertClass", "hosts", "labels",
            "dryRun", "maxRemediations");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** Templates serving more than the class named like them (every other template's default class is its id). */
    private static final Map<String, String> DEFAULT_CLASSES = Map.of("resource_high", "cpu_high,memory_high");

    static Stream<Arguments> templates() {
        return Stream.of(
                Arguments.of("disk_usage", DiskUsageParams.class, "diskUsageScenario"),
                Arguments.of("process_down", ProcessDownParams.class, "processDownScenario"),
                Arguments.of("host_unreachable", HostUnreachableParams.class, "hostUnreachableScenario"),
                Arguments.of("resource_high", ResourceHighParams.class, "resourceHighScenario"),
                Arguments.of("http_down", HttpDownParams.class, "httpDownScenario"),
                Arguments.of("cert_expiry", CertExpiryParams.class, "certExpiryScenario"),
                Arguments.of("time_sync", TimeSyncParams.class, "timeSyncScenario"),
                Arguments.of("agent_down", AgentDownParams.class, "agentDownScenario"),
                Arguments.of("host_restarted", HostRestartedParams.class, "hostRestartedScenario"),
                Arguments.of("filesystem_fault", FilesystemFaultParams.class, "filesystemFaultScenario"),
                Arguments.of("disk_io", DiskIoParams.class, "diskIoScenario"),
                Arguments.of("network_interface", NetworkInterfaceParams.class, "networkInterfaceScenario"),
                Arguments.of("kernel_limit", KernelLimitParams.class, "kernelLimitScenario"),
                Arguments.of("hardware", HardwareParams.class, "hardwareScenario"));
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
        assertThat(declared.get("alertClass").path("defaultValue").asText()).as("default alert class")
                .isEqualTo(DEFAULT_CLASSES.getOrDefault(id, id));
        declared.forEach((name, p) -> {
            if (!COMMON.contains(name) || name.equals("alertClass")) {
                assertThat(p.has("defaultValue") || p.path("required").asText().equals("false"))
                        .as("parameter %s has a default or is optional: a binding names only what it overrides", name)
                        .isTrue();
            }
        });

        String route = template.path("route").toString();
        assertThat(template.path("route").path("routeConfigurationId").asText()).as("error policy")
                .isEqualTo("scenario-errors");
        assertThat(route).contains("direct:scenario-{{scenarioId}}").contains("begin(${body}, '" + id + "', '{{scenarioId}}')")
                .contains("\"ref\":\"" + bean + "\"").contains("\"method\":\"finish\"");
    }

    /**
     * The template's metadata is the one statement of each parameter's type, range, choices and default, and the
     * {@code *Params} record reads exactly that: a declared default gives the record's own fallback, the ends of a
     * declared range are accepted and one past them refused, every listed choice is accepted and nothing else, and a
     * boolean takes only true or false. A refusal names the parameter and quotes the value.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("templates")
    void paramsRecordReadsWhatTheTemplateDeclares(String id, Class<? extends Record> params, String bean)
            throws Exception {
        JsonNode template = template(id);
        int checked = 0;
        for (JsonNode p : template.path("parameters")) {
            String name = p.path("name").asText();
            if (COMMON.contains(name)) {
                continue;
            }
            String type = p.path("description").asText().replaceFirst("^\\[([^]]+)].*$", "$1");
            if (p.has("defaultValue")) {
                assertThat(read(params, Map.of(name, p.path("defaultValue").asText()))).as("%s default", name)
                        .isEqualTo(read(params, Map.of()));
                checked++;
            }
            Matcher range = Pattern.compile("(?:integer|port) (\\d+)-(\\d+)")
                    .matcher(type);
            if (range.matches()) {
                long min = Long.parseLong(range.group(1));
                long max = Long.parseLong(range.group(2));
                read(params, Map.of(name, String.valueOf(min)));
                read(params, Map.of(name, String.valueOf(max)));
                assertRefused(params, name, String.valueOf(min - 1));
                assertRefused(params, name, String.valueOf(max + 1));
                checked++;
            } else if (type.equals("boolean")) {
                read(params, Map.of(name, "true"));
                read(params, Map.of(name, "false"));
                assertRefused(params, name, "yes");
                checked++;
            } else if (type.matches("[a-z]+(\\|[a-z]+)+")) {
                for (String choice : type.split("\\|")) {
                    read(params, Map.of(name, choice));
                }
                assertRefused(params, name, "none-of-these");
                checked++;
            } else if (type.equals("duration")) {
                read(params, Map.of(name, "1s"));
                assertRefused(params, name, "soon");
                checked++;
            }
        }
        assertThat(checked).as("%s declares typed parameters", id).isPositive();
    }

    /**
     * Values a test binding gives so that no record needs the alert (a {@code ScenarioRun}) for its defaults: the
     * path, URL and unit otherwise come from the alert's labels.
     */
    private static final Map<String, String> WITHOUT_ALERT = Map.of("path", "/", "url", "https://web-1.example/",
            "unit", "app");

    private static Object read(Class<? extends Record> params, Map<String, String> values) throws Exception {
        Map<String, String> all = new LinkedHashMap<>(WITHOUT_ALERT);
        all.putAll(values);
        Method read = Arrays.stream(params.getDeclaredMethods()).filter(m -> m.getName().equals("read")).findFirst()
                .orElseThrow();
        read.setAccessible(true);
        Object[] args = read.getParameterCount() == 1 ? new Object[] {new ParamValues(all)}
                : new Object[] {new ParamValues(all), null};
        try {
            return read.invoke(null, args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static void assertRefused(Class<? extends Record> params, String name, String value) {
        assertThatThrownBy(() -> read(params, Map.of(name, value))).as("%s = \"%s\" is refused", name, value)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("parameter " + name + ": invalid value \"" + value + "\"");
    }

    private static boolean remediates(JsonNode template) {
        return template.path("route").toString().contains("\"method\":\"remediate\"");
    }

    private static JsonNode template(String id) throws IOException {
        try (InputStream in = ScenarioTemplateContractTest.class.getResourceAsStream("/routes/scenario/templates/" + id
                + ".camel.yaml")) {
            assertThat(in).as("routes/scenario/templates/%s.camel.yaml", id).isNotNull();
            JsonNode file = YAML.readTree(in);
            assertThat(file.size()).as("one template per file").isEqualTo(1);
            return file.get(0).get("routeTemplate");
        }
    }
}
