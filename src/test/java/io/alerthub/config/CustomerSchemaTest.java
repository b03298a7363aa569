package io.alerthub.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The JSON Schema of customer.yaml ({@code schema/customer.schema.json}) knows every top-level key the hub reads, and
 * agrees with the hub on department and tier: the shipped demo customer and the valid fixture pass, the invalid
 * department fixture fails on the same keys.
 */
class CustomerSchemaTest {
    private static final ObjectMapper YAML = new YAMLMapper();
    private static final JsonSchema SCHEMA;

    static {
        try (InputStream in = CustomerSchemaTest.class.getResourceAsStream("/schema/customer.schema.json")) {
            SCHEMA = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyTopLevelKeyOfTheProfileIsInTheSchema() throws IOException {
        JsonNode schema = new ObjectMapper().readTree(CustomerSchemaTest.class.getResource("/schema/customer.schema.json"));
        Set<String> keys = new TreeSet<>();
        schema.path("properties").fieldNames().forEachRemaining(keys::add);

        assertThat(keys).isEqualTo(new TreeSet<>(Arrays.stream(CustomerConfig.class.getRecordComponents())
                .map(java.lang.reflect.RecordComponent::getName).toList()));
    }

    @Test
    void theDemoCustomerAndTheValidDepartmentFixturePass() throws IOException {
        assertThat(errors(Path.of("customers/demo/customer.yaml"))).isEmpty();
        assertThat(errors(CustomerRegistryTest.FIXTURES.resolve("department-valid/acme/customer.yaml"))).isEmpty();
    }

    @Test
    void aBlankDepartmentAndATierThatIsNoLabelFail() throws IOException {
        assertThat(errors(CustomerRegistryTest.FIXTURES.resolve("department-invalid/acme/customer.yaml")))
                .extracting(ValidationMessage::getInstanceLocation).extracting(Object::toString)
                .containsExactlyInAnyOrder("$.department", "$.tier");
        assertThat(errors(CustomerRegistryTest.FIXTURES.resolve("department-multiline/acme/customer.yaml")))
                .extracting(ValidationMessage::getInstanceLocation).extracting(Object::toString)
                .containsExactlyInAnyOrder("$.department", "$.tier");
    }

    private static Set<ValidationMessage> errors(Path file) throws IOException {
        return SCHEMA.validate(YAML.readTree(file.toFile()));
    }
}
