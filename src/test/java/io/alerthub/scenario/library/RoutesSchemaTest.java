package io.alerthub.scenario.library;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The JSON Schema of a customer's routes.camel.yaml ({@code src/main/resources/schema/routes.schema.json}) is
 * generated from the scenario templates, like {@link ScenarioTemplateSchemaTest}'s (same parameter schemas): a list
 * of {@code templatedRoute} bindings, each naming one template and only that template's parameters. The checked-in
 * file must equal what the templates generate; every shipped routes file passes it and names it for editors.
 */
class RoutesSchemaTest {
    static final Path SCHEMA = Path.of("src/main/resources/schema/routes.schema.json");
    static final String SCHEMA_LINE = "# yaml-language-server: $schema=../../src/main/resources/schema/routes.schema.json";

    @Test
    void theCheckedInSchemaIsWhatTheTemplatesGenerate() throws IOException {
        String generated = ScenarioTemplateSchemaTest.JSON.writeValueAsString(generate()) + "\n";
        if (!Files.exists(SCHEMA) || !Files.readString(SCHEMA).equals(generated)) {
            Path fresh = Path.of("target/routes.schema.json");
            Files.createDirectories(fresh.getParent());
            Files.writeString(fresh, generated, StandardCharsets.UTF_8);
            assertThat(Files.exists(SCHEMA) ? Files.readString(SCHEMA) : "").as("%s is stale: the templates changed; "
                    + "review and copy %s over it", SCHEMA, fresh).isEqualTo(generated);
        }
    }

    @Test
    void everyShippedRoutesFilePassesTheSchemaAndNamesIt() throws IOException {
        JsonSchema schema = schema();
        List<Path> files;
        try (Stream<Path> folders = Files.list(Path.of("customers"))) {
            files = folders.map(f -> f.resolve("routes.camel.yaml")).filter(Files::isRegularFile).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            assertThat(Files.readAllLines(file)).as("%s names its schema for editors", file).contains(SCHEMA_LINE);
            Set<ValidationMessage> errors = schema.validate(ScenarioTemplateSchemaTest.YAML.readTree(file.toFile()));
            assertThat(errors).as("%s against %s", file, SCHEMA).isEmpty();
        }
    }

    @Test
    void anUnknownTemplateAParameterOfAnotherTemplateAndAWrongChoiceFailTheSchema() throws IOException {
        JsonSchema schema = schema();
        assertThat(schema.validate(routes("disk_usage", "threshold", "95"))).isEmpty();
        assertThat(schema.validate(routes("disk_usage", "threshold", 95))).isEmpty();
        assertThat(schema.validate(routes("disk_usage", "threshold", 190))).isNotEmpty();
        assertThat(schema.validate(routes("disk_usage", "unit", "app"))).isNotEmpty();
        assertThat(schema.validate(routes("disk_usage", "cleanAction", "shred"))).isNotEmpty();
        assertThat(schema.validate(routes("disk_cleanup", "threshold", "95"))).isNotEmpty();
    }

    private static JsonNode routes(String template, String name, Object value) {
        ArrayNode file = ScenarioTemplateSchemaTest.JSON.createArrayNode();
        ObjectNode binding = file.addObject().putObject("templatedRoute");
        binding.put("routeTemplateRef", template).put("routeId", "acme.disk");
        ObjectNode parameter = binding.putArray("parameters").addObject().put("name", name);
        if (value instanceof Integer n) {
            parameter.put("value", n);
        } else {
            parameter.put("value", String.valueOf(value));
        }
        return file;
    }

    static JsonSchema schema() throws IOException {
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(ScenarioTemplateSchemaTest.JSON.readTree(SCHEMA.toFile()));
    }

    /** A list of bindings; each template's binding takes only its own parameters, typed as the template declares. */
    static ObjectNode generate() throws IOException {
        ObjectNode templates = ScenarioTemplateSchemaTest.generate();
        ObjectNode schema = ScenarioTemplateSchemaTest.JSON.createObjectNode();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("$id", "https://alerthub.io/schema/routes.schema.json");
        schema.put("title", "Alert Hub customer routes (customers/<id>/routes.camel.yaml)");
        schema.put("description", "The customer's scenario bindings: templatedRoute entries binding the hub's "
                + "scenario templates, tried in file order. Generated from routes/scenario/templates/*.camel.yaml by "
                + "RoutesSchemaTest; see docs/scenarios.md. The hub checks more (route id prefix = customer id, values"
                + " within ranges when written as text): run java -jar alert-hub.jar validate <customers-dir>.");
        schema.put("type", "array");
        ObjectNode entry = schema.putObject("items");
        entry.put("type", "object");
        entry.put("additionalProperties", false);
        entry.put("minProperties", 1);
        entry.put("maxProperties", 1);
        ObjectNode entryProperties = entry.putObject("properties");
        ArrayNode bindings = entryProperties.putObject("templatedRoute").putArray("oneOf");
        entryProperties.putObject("route").put("type", "object").put("description", "A custom Camel route: refused "
                + "unless the hub sets alerthub.customer-routes.allow-custom-routes (its id must start with the "
                + "customer id and a dot).");
        ObjectNode defs = schema.putObject("$defs");
        templates.path("$defs").properties().forEach(template -> {
            String id = template.getKey();
            ObjectNode binding = defs.putObject(id);
            binding.put("title", id);
            binding.put("description", template.getValue().path("description").asText());
            binding.put("type", "object");
            binding.put("additionalProperties", false);
            binding.putArray("required").add("routeTemplateRef").add("routeId");
            ObjectNode properties = binding.putObject("properties");
            properties.putObject("routeTemplateRef").put("const", id);
            properties.putObject("routeId").put("type", "string").put("description", "The binding's route id: "
                    + "<customer id>.<name>, unique in the file").put("pattern", "^[a-z0-9][a-z0-9-]*\\.[^\\s]+$");
            ObjectNode list = properties.putObject("parameters");
            list.put("type", "array");
            ArrayNode choices = list.putObject("items").putArray("oneOf");
            template.getValue().path("properties").properties().forEach(parameter -> {
                ObjectNode choice = choices.addObject();
                choice.put("type", "object");
                choice.put("additionalProperties", false);
                choice.putArray("required").add("name").add("value");
                ObjectNode fields = choice.putObject("properties");
                fields.putObject("name").put("const", parameter.getKey());
                fields.set("value", parameter.getValue());
            });
            bindings.addObject().put("$ref", "#/$defs/" + id);
        });
        return schema;
    }
}
