package io.alerthub.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The JSON Schema of the {@code incidents:} section ({@code src/main/resources/schema/incidents-section.schema.json})
 * agrees with the loader on the fixtures: what the loader accepts the schema accepts, and the schema flags the
 * fixture the loader refuses (editors show the mistake before the hub does).
 */
class IncidentsSchemaTest {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static JsonSchema schema() throws IOException {
        try (InputStream in = IncidentsSchemaTest.class.getResourceAsStream("/schema/incidents-section.schema.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
    }

    static JsonNode section(String fixture) throws IOException {
        return YAML.readTree(QuietHoursConfigTest.FIXTURES.resolve(fixture).resolve("acme/customer.yaml").toFile())
                .path("incidents");
    }

    @Test
    void theValidSectionPasses() throws IOException {
        assertThat(schema().validate(section("incidents-valid"))).isEmpty();
    }

    @Test
    void everyMistakeTheLoaderReportsTheSchemaFlagsToo() throws IOException {
        Set<ValidationMessage> problems = schema().validate(section("incidents-invalid"));

        assertThat(problems).extracting(ValidationMessage::getInstanceLocation).map(Object::toString)
                .contains("$.resolveTimeout", "$.refireAfter", "$.alertClasses.disk_usage.refireAfter",
                        "$.alertClasses.cpu_high", "$.alertClasses.http_down");
        assertThat(problems).anySatisfy(p -> assertThat(p.getMessage()).contains("Disk Usage"));
        assertThat(schema().validate(section("incidents-wrong-shapes"))).isNotEmpty();
    }

    @Test
    void theDemoCustomerPasses() throws IOException {
        JsonNode demo = YAML.readTree(Path.of("customers/demo/customer.yaml").toFile()).path("incidents");
        assertThat(demo.isMissingNode()).as("the demo shows the section").isFalse();
        assertThat(schema().validate(demo)).isEmpty();
    }
}
