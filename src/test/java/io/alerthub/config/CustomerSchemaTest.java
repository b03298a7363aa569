package io.alerthub.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonValue;
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
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The JSON Schema of customer.yaml ({@code src/main/resources/schema/customer.schema.json}) is generated from the
 * config records the hub binds the file to — their components, JSON names, Jakarta constraints, enums, polymorphic
 * credentials and secret references, with each component's Javadoc as its description — so it cannot drift from what
 * the loader accepts: the checked-in file must equal what the records generate (after a change to the records, review
 * and copy {@code target/customer.schema.json} over it). Every shipped customer.yaml passes it and names it in its
 * {@code yaml-language-server} line; a misspelt key fails it as it fails the loader.
 */
class CustomerSchemaTest {
    static final Path SCHEMA = Path.of("src/main/resources/schema/customer.schema.json");
    static final Path CUSTOMERS = Path.of("customers");
    static final String SCHEMA_LINE = "# yaml-language-server: $schema=../../src/main/resources/schema/customer.schema.json";
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Test
    void theCheckedInSchemaIsWhatTheConfigRecordsGenerate() throws IOException {
        String generated = JSON.writeValueAsString(generate()) + "\n";
        if (!Files.exists(SCHEMA) || !Files.readString(SCHEMA).equals(generated)) {
            Path fresh = Path.of("target/customer.schema.json");
            Files.createDirectories(fresh.getParent());
            Files.writeString(fresh, generated, StandardCharsets.UTF_8);
            assertThat(Files.exists(SCHEMA) ? Files.readString(SCHEMA) : "").as("%s is stale: the config records "
                    + "changed; review and copy %s over it", SCHEMA, fresh).isEqualTo(generated);
        }
    }

    @Test
    void everyShippedCustomerFilePassesTheSchemaAndNamesIt() throws IOException {
        JsonSchema schema = schema();
        List<Path> files = customerFiles();
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            assertThat(Files.readAllLines(file)).as("%s names its schema for editors", file).contains(SCHEMA_LINE);
            Set<ValidationMessage> errors = schema.validate(YAML.readTree(file.toFile()));
            assertThat(errors).as("%s against %s", file, SCHEMA).isEmpty();
        }
    }

    @Test
    void aMisspeltKeyAWrongEnumAndAnInlineSecretFailTheSchema() throws IOException {
        JsonSchema schema = schema();
        JsonNode demo = YAML.readTree(CUSTOMERS.resolve("demo/customer.yaml").toFile());
        ObjectNode misspelt = (ObjectNode) demo.deepCopy();
        misspelt.set("escalaton", misspelt.remove("escalation"));
        assertThat(schema.validate(misspelt)).extracting(ValidationMessage::getMessage)
                .anySatisfy(m -> assertThat(m).contains("escalaton"));
        ObjectNode locale = ((ObjectNode) demo.deepCopy()).put("locale", "fr");
        assertThat(schema.validate(locale)).extracting(ValidationMessage::getInstanceLocation)
                .anySatisfy(at -> assertThat(at.toString()).contains("locale"));
        ObjectNode inline = (ObjectNode) demo.deepCopy();
        ((ObjectNode) inline.path("ingest").path("auth").get(0)).put("token", "plain-text-token");
        assertThat(schema.validate(inline)).isNotEmpty();
        ObjectNode noType = (ObjectNode) demo.deepCopy();
        ((ObjectNode) noType.path("ingest").path("auth").get(0)).remove("type");
        assertThat(schema.validate(noType)).isNotEmpty();
    }

    @Test
    void aBlankDepartmentAndATierThatIsNoLabelFailTheSchemaAsTheyFailTheLoader() throws IOException {
        JsonSchema schema = schema();
        assertThat(schema.validate(YAML.readTree(CustomerRegistryTest.FIXTURES
                .resolve("department-valid/acme/customer.yaml").toFile()))).isEmpty();
        for (String fixture : List.of("department-invalid", "department-multiline")) {
            assertThat(schema.validate(YAML.readTree(CustomerRegistryTest.FIXTURES
                    .resolve(fixture + "/acme/customer.yaml").toFile())))
                    .extracting(ValidationMessage::getInstanceLocation).extracting(Object::toString)
                    .as(fixture).containsExactlyInAnyOrder("$.department", "$.tier");
        }
    }

    static JsonSchema schema() throws IOException {
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(JSON.readTree(SCHEMA.toFile()));
    }

    static List<Path> customerFiles() throws IOException {
        try (Stream<Path> folders = Files.list(CUSTOMERS)) {
            return folders.map(f -> f.resolve(CustomerConfigLoader.FILE_NAME)).filter(Files::isRegularFile).sorted()
                    .toList();
        }
    }

    // ---- the generator

    static ObjectNode generate() {
        ObjectNode schema = JSON.createObjectNode();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("$id", "https://alerthub.io/schema/customer.schema.json");
        schema.put("title", "Alert Hub customer profile (customers/<id>/customer.yaml)");
        schema.put("description", "Generated from the config records (io.alerthub.config.CustomerConfig and the "
                + "records it holds) by CustomerSchemaTest; docs/customer-config.md explains every key. The hub checks "
                + "more than a schema can (cross-references, secrets, regular expressions): run "
                + "java -jar alert-hub.jar validate <customers-dir>.");
        Generator generator = new Generator();
        ObjectNode root = generator.record(CustomerConfig.class);
        root.properties().forEach(e -> schema.set(e.getKey(), e.getValue()));
        schema.set("$defs", generator.defs);
        return schema;
    }

    /** Walks the records, one {@code $defs} entry per nested record, in the order first met. */
    static final class Generator {
        final ObjectNode defs = JSON.createObjectNode();

        ObjectNode record(Class<?> type) {
            ObjectNode schema = JSON.createObjectNode();
            Javadoc doc = Javadoc.of(type);
            if (!doc.summary().isEmpty()) {
                schema.put("description", doc.summary());
            }
            schema.put("type", "object");
            schema.put("additionalProperties", false);
            ObjectNode properties = schema.putObject("properties");
            ArrayNode required = JSON.createArrayNode();
            for (RecordComponent component : type.getRecordComponents()) {
                String name = jsonName(type, component);
                List<Annotation> annotations = annotations(type, component);
                ObjectNode property = value(component.getAnnotatedType(), annotations);
                String description = doc.params().get(component.getName());
                if (description != null && !property.has("$ref")) {
                    property.put("description", description);
                } else if (description != null) {
                    ObjectNode wrapped = JSON.createObjectNode().put("description", description);
                    wrapped.setAll(property);
                    property = wrapped;
                }
                properties.set(name, property);
                if (annotations.stream().anyMatch(a -> a instanceof NotNull || a instanceof NotBlank
                        || a instanceof NotEmpty)) {
                    required.add(name);
                }
            }
            if (!required.isEmpty()) {
                schema.set("required", required);
            }
            return schema;
        }

        ObjectNode value(AnnotatedType annotated, List<Annotation> extra) {
            List<Annotation> annotations = new ArrayList<>(extra);
            annotations.addAll(Arrays.asList(annotated.getAnnotations()));
            Class<?> raw = raw(annotated.getType());
            ObjectNode schema = JSON.createObjectNode();
            if (raw == String.class || raw == ZoneId.class) {
                schema.put("type", "string");
            } else if (raw == OffsetDateTime.class) {
                schema.put("type", "string").put("format", "date-time");
            } else if (raw == Boolean.class || raw == boolean.class) {
                schema.put("type", "boolean");
            } else if (raw == Integer.class || raw == int.class || raw == Long.class || raw == long.class) {
                schema.put("type", "integer");
            } else if (raw.isEnum()) {
                ArrayNode values = schema.putArray("enum");
                enumNames(raw).forEach(values::add);
            } else if (raw == Secret.class) {
                return ref("secret", this::secret);
            } else if (Collection.class.isAssignableFrom(raw)) {
                schema.put("type", "array");
                schema.set("items", value(((AnnotatedParameterizedType) annotated).getAnnotatedActualTypeArguments()[0],
                        List.of()));
            } else if (Map.class.isAssignableFrom(raw)) {
                schema.put("type", "object");
                schema.set("additionalProperties", value(((AnnotatedParameterizedType) annotated)
                        .getAnnotatedActualTypeArguments()[1], List.of()));
            } else if (raw.isAnnotationPresent(JsonSubTypes.class)) {
                return ref(defName(raw), () -> subTypes(raw));
            } else if (raw.isRecord()) {
                return ref(defName(raw), () -> record(raw));
            } else {
                throw new IllegalStateException("no schema for " + raw + ": teach CustomerSchemaTest this type");
            }
            constraints(schema, annotations);
            return schema;
        }

        private ObjectNode ref(String name, java.util.function.Supplier<ObjectNode> definition) {
            if (!defs.has(name)) {
                defs.putObject(name); // reserved first: records may refer to themselves
                defs.set(name, definition.get());
            }
            return JSON.createObjectNode().put("$ref", "#/$defs/" + name);
        }

        private ObjectNode secret() {
            ObjectNode schema = JSON.createObjectNode();
            schema.put("description", "A secret by reference, never its value: {env: NAME} (an environment variable)"
                    + " or {file: path} (the customer's folder or alerthub.secrets.dir).");
            schema.put("type", "object");
            schema.put("additionalProperties", false);
            schema.put("minProperties", 1);
            schema.put("maxProperties", 1);
            ObjectNode properties = schema.putObject("properties");
            properties.putObject("env").put("type", "string").put("pattern", "^[A-Z_][A-Z0-9_]*$");
            properties.putObject("file").put("type", "string").put("minLength", 1);
            return schema;
        }

        /** A polymorphic type ({@code ingest.auth[]}): one branch per subtype, chosen by its type property. */
        private ObjectNode subTypes(Class<?> base) {
            String property = base.getAnnotation(com.fasterxml.jackson.annotation.JsonTypeInfo.class).property();
            ObjectNode schema = JSON.createObjectNode();
            Javadoc doc = Javadoc.of(base);
            if (!doc.summary().isEmpty()) {
                schema.put("description", doc.summary());
            }
            ArrayNode oneOf = schema.putArray("oneOf");
            for (JsonSubTypes.Type sub : base.getAnnotation(JsonSubTypes.class).value()) {
                ObjectNode branch = record(sub.value());
                ObjectNode properties = JSON.createObjectNode();
                properties.putObject(property).put("const", sub.name());
                properties.setAll((ObjectNode) branch.get("properties"));
                branch.set("properties", properties);
                ArrayNode required = JSON.createArrayNode().add(property);
                if (branch.has("required")) {
                    required.addAll((ArrayNode) branch.get("required"));
                }
                branch.set("required", required);
                oneOf.add(branch);
            }
            return schema;
        }

        private static void constraints(ObjectNode schema, List<Annotation> annotations) {
            for (Annotation a : annotations) {
                if (a instanceof Pattern p) {
                    schema.put("pattern", "^(?:" + portable(p.regexp()) + ")$");
                } else if (a instanceof Size s && s.max() < Integer.MAX_VALUE) {
                    schema.put(schema.path("type").asText().equals("array") ? "maxItems" : "maxLength", s.max());
                } else if (a instanceof NotBlank) {
                    schema.put("minLength", 1);
                } else if (a instanceof NotEmpty) {
                    schema.put(schema.path("type").asText().equals("array") ? "minItems" : "minLength", 1);
                } else if (a instanceof Min m) {
                    schema.put("minimum", m.value());
                } else if (a instanceof Max m) {
                    schema.put("maximum", m.value());
                } else if (a instanceof Positive) {
                    schema.put("exclusiveMinimum", 0);
                }
            }
        }

        /**
         * A Java pattern in the dialect editors and other validators (ECMA 262, Python) read: Java's Unicode flag and
         * POSIX classes have no equivalent there, so they are spelt out (only inside a character class).
         */
        static String portable(String javaRegex) {
            String portable = javaRegex.replace("(?U)", "").replace("\\p{Cntrl}", "\\u0000-\\u001f\\u007f");
            if (portable.contains("\\p{") || portable.contains("(?")) {
                throw new IllegalStateException("pattern " + javaRegex + " has a Java-only construct: teach "
                        + "CustomerSchemaTest.portable to spell it out");
            }
            return portable;
        }

        private static List<Annotation> annotations(Class<?> type, RecordComponent component) {
            List<Annotation> all = new ArrayList<>(Arrays.asList(component.getAnnotations()));
            try {
                all.addAll(Arrays.asList(type.getDeclaredField(component.getName()).getAnnotations()));
            } catch (NoSuchFieldException e) {
                throw new IllegalStateException(e);
            }
            return all.stream().distinct().toList();
        }

        private static String jsonName(Class<?> type, RecordComponent component) {
            JsonProperty named = component.getAnnotation(JsonProperty.class);
            if (named == null) {
                try {
                    named = type.getDeclaredField(component.getName()).getAnnotation(JsonProperty.class);
                } catch (NoSuchFieldException e) {
                    throw new IllegalStateException(e);
                }
            }
            return named != null && !named.value().isEmpty() ? named.value() : component.getName();
        }

        private static List<String> enumNames(Class<?> type) {
            List<String> names = new ArrayList<>();
            java.lang.reflect.Method jsonValue = Arrays.stream(type.getMethods())
                    .filter(m -> m.isAnnotationPresent(JsonValue.class)).findFirst().orElse(null);
            for (Object constant : type.getEnumConstants()) {
                Enum<?> e = (Enum<?>) constant;
                try {
                    JsonProperty named = type.getField(e.name()).getAnnotation(JsonProperty.class);
                    names.add(named != null ? named.value() : jsonValue != null ? String.valueOf(jsonValue.invoke(e))
                            : e.name().toLowerCase(java.util.Locale.ROOT));
                } catch (ReflectiveOperationException ex) {
                    throw new IllegalStateException(ex);
                }
            }
            return names;
        }

        private static String defName(Class<?> type) {
            return type.getEnclosingClass() == null ? type.getSimpleName()
                    : type.getEnclosingClass().getSimpleName() + "." + type.getSimpleName();
        }

        private static Class<?> raw(Type type) {
            return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        }
    }

    /** A type's Javadoc read from its source: the first sentence, and each {@code @param}, on one line each. */
    record Javadoc(String summary, Map<String, String> params) {
        private static final java.util.regex.Pattern PARAM = java.util.regex.Pattern.compile(
                "@param\\s+(\\w+)\\s+(.*?)(?=@param|@see|$)", java.util.regex.Pattern.DOTALL);

        static Javadoc of(Class<?> type) {
            Class<?> top = type;
            while (top.getEnclosingClass() != null) {
                top = top.getEnclosingClass();
            }
            Path source = Path.of("src/main/java", top.getName().replace('.', '/') + ".java");
            String text;
            try {
                text = Files.readString(source);
            } catch (IOException e) {
                return new Javadoc("", Map.of());
            }
            Matcher declaration = java.util.regex.Pattern.compile("(record|interface|enum|class)\\s+"
                    + type.getSimpleName() + "\\b").matcher(text);
            if (!declaration.find()) {
                return new Javadoc("", Map.of());
            }
            int end = text.lastIndexOf("*/", declaration.start());
            int start = end < 0 ? -1 : text.lastIndexOf("/**", end);
            // the comment must belong to this declaration: only annotations and modifiers between them
            if (start < 0 || !text.substring(end + 2, declaration.start()).matches("(?s)\\s*(@[\\w.]+(\\([^)]*\\))?\\s*"
                    + "|public\\s+|static\\s+|final\\s+|sealed\\s+)*")) {
                return new Javadoc("", Map.of());
            }
            String body = text.substring(start + 3, end).replaceAll("(?m)^\\s*\\* ?", "").strip();
            String plain = body.replaceAll("\\{@(?:code|link|value)\\s+([^}]*)}", "$1").replaceAll("\\s+", " ");
            int tags = plain.indexOf(" @");
            String lead = (tags < 0 ? plain : plain.substring(0, tags)).strip();
            Map<String, String> params = new LinkedHashMap<>();
            Matcher param = PARAM.matcher(plain);
            while (param.find()) {
                params.put(param.group(1), param.group(2).strip());
            }
            return new Javadoc(lead, params);
        }
    }
}
