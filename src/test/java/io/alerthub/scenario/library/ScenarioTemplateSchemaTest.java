package io.alerthub.scenario.library;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The JSON Schema of the scenario templates' parameters ({@code src/main/resources/schema/scenario-templates.schema.json})
 * is generated from the templates themselves, so a parameter's type, range, choices and default stay stated once (in
 * the template, checked against its {@code *Params} record by {@link ScenarioTemplateContractTest}); the examples are
 * the values the demo customer binds. The checked-in file must equal what the templates generate, and every binding
 * of customers/demo/routes.camel.yaml must pass it.
 */
class ScenarioTemplateSchemaTest {
    static final Path SCHEMA = Path.of("src/main/resources/schema/scenario-templates.schema.json");
    static final Path TEMPLATES = Path.of("src/main/resources/routes/scenario/templates");
    static final Path DEMO = Path.of("customers/demo/routes.camel.yaml");
    /** Set by the hub when it loads a customer's file: a binding never names them. */
    static final Set<String> SET_BY_HUB = Set.of("customerId", "scenarioId");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final Pattern RANGE = Pattern.compile("(?:integer|port) (\\d+)-(\\d+)");

    @Test
    void theCheckedInSchemaIsWhatTheTemplatesGenerate() throws IOException {
        String generated = JSON.writeValueAsString(generate()) + "\n";
        if (!Files.exists(SCHEMA) || !Files.readString(SCHEMA).equals(generated)) {
            Path fresh = Path.of("target/scenario-templates.schema.json");
            Files.writeString(fresh, generated, StandardCharsets.UTF_8);
            assertThat(Files.exists(SCHEMA) ? Files.readString(SCHEMA) : "").as("%s is stale: the templates changed; "
                    + "review and copy %s over it", SCHEMA, fresh).isEqualTo(generated);
        }
    }

    @Test
    void everyDemoBindingPassesTheSchema() throws IOException {
        JsonNode schema = JSON.readTree(SCHEMA.toFile());
        JsonSchema validator = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema);
        int bindings = 0;
        for (JsonNode entry : YAML.readTree(DEMO.toFile())) {
            JsonNode binding = entry.path("templatedRoute");
            ObjectNode doc = JSON.createObjectNode().put("template", binding.path("routeTemplateRef").asText());
            ObjectNode parameters = doc.putObject("parameters");
            binding.path("parameters").forEach(p -> parameters.put(p.path("name").asText(), p.path("value").asText()));
            Set<ValidationMessage> errors = validator.validate(doc);
            assertThat(errors).as("%s in %s", binding.path("routeId").asText(), DEMO).isEmpty();
            bindings++;
        }
        assertThat(bindings).isPositive();
    }

    /** One definition per template, and the document shape {template, parameters} a binding is checked as. */
    static ObjectNode generate() throws IOException {
        ObjectNode schema = JSON.createObjectNode();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("$id", "https://alerthub.io/schema/scenario-templates.schema.json");
        schema.put("title", "Alert Hub scenario template bindings");
        schema.put("description", "The parameters a templatedRoute in customers/<id>/routes.camel.yaml may give each "
                + "scenario template, as {template, parameters} with every value a string (Camel template parameters "
                + "are text). Generated from routes/scenario/templates/*.camel.yaml by ScenarioTemplateSchemaTest; "
                + "see docs/scenarios.md.");
        schema.put("type", "object");
        schema.putArray("required").add("template").add("parameters");
        ObjectNode defs = schema.putObject("$defs");
        ArrayNode oneOf = schema.putArray("oneOf");
        List<Path> files;
        try (Stream<Path> list = Files.list(TEMPLATES)) {
            files = list.filter(f -> f.toString().endsWith(".camel.yaml")).sorted().toList();
        }
        for (Path file : files) {
            JsonNode template = YAML.readTree(file.toFile()).get(0).get("routeTemplate");
            String id = template.path("id").asText();
            ObjectNode def = defs.putObject(id);
            def.put("title", id);
            def.put("description", template.path("description").asText());
            def.put("type", "object");
            def.put("additionalProperties", false);
            ObjectNode properties = def.putObject("properties");
            for (JsonNode p : template.path("parameters")) {
                String name = p.path("name").asText();
                if (!SET_BY_HUB.contains(name)) {
                    properties.set(name, parameter(p, examples(id, name)));
                }
            }
            ObjectNode choice = oneOf.addObject().putObject("properties");
            choice.putObject("template").put("const", id);
            choice.putObject("parameters").put("$ref", "#/$defs/" + id);
        }
        return schema;
    }

    /**
     * The schema of one parameter, from its "[type] description" and defaultValue. Camel takes template values as
     * text, so a number or boolean may come as a YAML number/boolean or as a string; the range binds the number form,
     * and the {@code *Params} record enforces it on both.
     */
    static ObjectNode parameter(JsonNode p, List<String> examples) {
        ObjectNode schema = JSON.createObjectNode();
        String description = p.path("description").asText();
        String type = description.replaceFirst("^\\[([^]]+)].*$", "$1");
        schema.put("title", p.path("name").asText());
        schema.put("description", description);
        schema.put("type", "string");
        Matcher range = RANGE.matcher(type);
        if (range.matches() || type.equals("integer")) {
            schema.putArray("type").add("integer").add("string");
            schema.put("pattern", "^[0-9]+$");
            if (range.matches()) {
                schema.put("minimum", Long.parseLong(range.group(1)));
                schema.put("maximum", Long.parseLong(range.group(2)));
            }
        } else if (type.equals("boolean")) {
            schema.putArray("type").add("boolean").add("string");
            schema.putArray("enum").add(true).add(false).add("true").add("false");
        } else if (type.matches("[a-z]+(\\|[a-z]+)+")) {
            ArrayNode choices = schema.putArray("enum");
            for (String c : type.split("\\|")) {
                choices.add(c);
            }
        } else if (type.equals("duration")) {
            schema.put("pattern", "^([0-9]+(ms|s|m|h)|P.+)$");
        }
        if (p.has("defaultValue")) {
            schema.put("default", p.path("defaultValue").asText());
        }
        if (!examples.isEmpty()) {
            ArrayNode array = schema.putArray("examples");
            examples.forEach(array::add);
        }
        return schema;
    }

    /** The values the demo customer binds for this template's parameter. */
    static List<String> examples(String template, String name) {
        try {
            return StreamSupport.stream(YAML.readTree(DEMO.toFile()).spliterator(), false)
                    .map(entry -> entry.path("templatedRoute"))
                    .filter(binding -> binding.path("routeTemplateRef").asText().equals(template))
                    .flatMap(binding -> StreamSupport.stream(binding.path("parameters").spliterator(), false))
                    .filter(p -> p.path("name").asText().equals(name))
                    .map(p -> p.path("value").asText()).distinct().toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
