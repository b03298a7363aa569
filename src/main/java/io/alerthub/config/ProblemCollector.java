package io.alerthub.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import com.fasterxml.jackson.databind.jsontype.TypeIdResolver;
import java.io.IOException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Parse pass of a customer file: turns each of Jackson's binding problems (unknown key, unknown type, wrong shape,
 * inline secret…) into a {@link ConfigError} and lets binding go on, so one read reports every problem of the file
 * instead of the first.
 */
final class ProblemCollector extends DeserializationProblemHandler {
    private final String file;
    private final YamlPaths paths;
    private final List<ConfigError> errors = new ArrayList<>();

    ProblemCollector(String file, YamlPaths paths) {
        this.file = file;
        this.paths = paths;
    }

    List<ConfigError> errors() {
        return errors;
    }

    @Override
    public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer,
            Object beanOrClass, String propertyName) throws IOException {
        String objectPath;
        if (p == ctxt.getParser()) {
            objectPath = YamlPaths.parent(YamlPaths.of(p.getParsingContext()));
        } else {
            // Jackson buffers unknown keys of a record and reports them when the record ends: by then the file's own
            // parser stands on the record's closing token, so its context names the record exactly (the buffer's
            // copy of that context does not)
            objectPath = YamlPaths.of(ctxt.getParser().getParsingContext());
        }
        String keyPath = YamlPaths.child(objectPath, propertyName);
        Class<?> type = beanOrClass instanceof Class<?> c ? c : beanOrClass.getClass();
        Collection<String> valid = new TreeSet<>();
        deserializer.getKnownPropertyNames().forEach(name -> valid.add(String.valueOf(name)));
        typeProperty(type).ifPresent(valid::add);
        add(objectPath, keyPath, "unknown key " + quote(propertyName) + " (valid: " + list(valid) + ")");
        p.skipChildren();
        return true;
    }

    @Override
    public JavaType handleUnknownTypeId(DeserializationContext ctxt, JavaType baseType, String subTypeId,
            TypeIdResolver idResolver, String failureMsg) {
        String path = YamlPaths.of(ctxt.getParser().getParsingContext());
        add(path, path, "unknown type " + quote(subTypeId) + " (valid: " + list(typeIds(baseType.getRawClass())) + ")");
        return ctxt.constructType(Void.class);
    }

    @Override
    public JavaType handleMissingTypeId(DeserializationContext ctxt, JavaType baseType, TypeIdResolver idResolver,
            String failureMsg) {
        String path = YamlPaths.of(ctxt.getParser().getParsingContext());
        String property = typeProperty(baseType.getRawClass()).orElse("type");
        add(path, path, "missing key " + quote(property) + " (valid: " + list(typeIds(baseType.getRawClass())) + ")");
        return ctxt.constructType(Void.class);
    }

    @Override
    public Object handleWeirdStringValue(DeserializationContext ctxt, Class<?> targetType, String value,
            String failureMsg) {
        String path = YamlPaths.of(ctxt.getParser().getParsingContext());
        if (targetType.isEnum()) {
            add(path, path, "unknown value " + quote(value) + " (valid: " + list(enumNames(targetType)) + ")");
        } else if (ZoneId.class.isAssignableFrom(targetType)) {
            add(path, path, "unknown time zone " + quote(value) + " (valid: a region id such as \"Asia/Tokyo\", "
                    + "\"UTC\" or an offset such as \"+09:00\")");
        } else if (Number.class.isAssignableFrom(targetType)) {
            add(path, path, "invalid number " + quote(value));
        } else {
            add(path, path, "invalid value " + quote(value) + " (expected " + describe(targetType) + ")");
        }
        return null;
    }

    @Override
    public Object handleWeirdNumberValue(DeserializationContext ctxt, Class<?> targetType, Number value,
            String failureMsg) {
        String path = YamlPaths.of(ctxt.getParser().getParsingContext());
        String valid = targetType.isEnum() ? " (valid: " + list(enumNames(targetType)) + ")"
                : " (expected " + describe(targetType) + ")";
        add(path, path, "invalid value " + value + valid);
        return null;
    }

    @Override
    public Object handleUnexpectedToken(DeserializationContext ctxt, JavaType targetType, JsonToken t, JsonParser p,
            String failureMsg) throws IOException {
        String path = YamlPaths.of(p.getParsingContext());
        add(path, path, "expected " + describe(targetType.getRawClass()) + ", got " + describeCurrent(p, targetType));
        p.skipChildren();
        return null;
    }

    @Override
    public Object handleMissingInstantiator(DeserializationContext ctxt, Class<?> instClass,
            ValueInstantiator valueInsta, JsonParser p, String msg) throws IOException {
        String path = YamlPaths.of(p.getParsingContext());
        add(path, path, "expected " + describe(instClass) + ", got " + describeCurrent(p, ctxt.constructType(instClass)));
        p.skipChildren();
        return null;
    }

    @Override
    public Object handleInstantiationProblem(DeserializationContext ctxt, Class<?> instClass, Object argument,
            Throwable t) {
        String path = YamlPaths.of(ctxt.getParser().getParsingContext());
        String why = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        add(path, path, "invalid " + describe(instClass) + " (" + lowerFirst(why) + ")");
        return null;
    }

    /** Records an unknown key of a mapping read by hand (a secret reference). */
    void unknownKey(String objectPath, String key, Collection<String> valid) {
        add(objectPath, YamlPaths.child(objectPath, key), "unknown key " + quote(key) + " (valid: " + list(valid) + ")");
    }

    void add(String path, String message) {
        add(path, path, message);
    }

    private void add(String path, String linePath, String message) {
        errors.add(new ConfigError(file, paths.lineOf(linePath), path, message));
    }

    private static java.util.Optional<String> typeProperty(Class<?> type) {
        for (Class<?> c : allTypes(type)) {
            JsonTypeInfo info = c.getAnnotation(JsonTypeInfo.class);
            if (info != null) {
                return java.util.Optional.of(info.property());
            }
        }
        return java.util.Optional.empty();
    }

    private static List<String> typeIds(Class<?> base) {
        JsonSubTypes subTypes = base.getAnnotation(JsonSubTypes.class);
        return subTypes == null ? List.of()
                : Arrays.stream(subTypes.value()).map(JsonSubTypes.Type::name).toList();
    }

    private static List<Class<?>> allTypes(Class<?> type) {
        List<Class<?>> all = new ArrayList<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            all.add(c);
            all.addAll(Arrays.asList(c.getInterfaces()));
        }
        return all;
    }

    private static List<String> enumNames(Class<?> enumType) {
        return Arrays.stream(enumType.getFields()).filter(java.lang.reflect.Field::isEnumConstant)
                .map(f -> {
                    JsonProperty name = f.getAnnotation(JsonProperty.class);
                    return name != null ? name.value() : f.getName().toLowerCase(java.util.Locale.ROOT);
                }).toList();
    }

    /** How a value of {@code type} is written in YAML, for "expected …" messages. */
    static String describe(Class<?> type) {
        if (type == Secret.class) {
            return "a secret reference {env: NAME} or {file: path}";
        } else if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        } else if (CharSequence.class.isAssignableFrom(type) || type == ZoneId.class) {
            return "a text value";
        } else if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "a number";
        } else if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        } else if (type.isEnum()) {
            return "one of " + list(enumNames(type));
        }
        return "a mapping";
    }

    private static String describeCurrent(JsonParser p, JavaType target) throws IOException {
        JsonToken token = p.currentToken();
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case START_OBJECT, FIELD_NAME -> "a mapping";
            case START_ARRAY -> "a list";
            case VALUE_NULL -> "nothing";
            // never echo what could be a secret
            default -> target.getRawClass() == Secret.class ? "a text value" : quote(p.getText());
        };
    }

    static String quote(Object value) {
        if (value == null) {
            return "null";
        }
        String text = value.toString();
        StringBuilder quoted = new StringBuilder("\"");
        for (int i = 0; i < text.length() && i < 200; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\t' -> quoted.append("\\t");
                case '\r' -> quoted.append("\\r");
                default -> quoted.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : c);
            }
        }
        return quoted.append(text.length() > 200 ? "…\"" : "\"").toString();
    }

    static String list(Collection<String> values) {
        return values.stream().map(ProblemCollector::quote).collect(Collectors.joining(", "));
    }

    static String lowerFirst(String text) {
        return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }
}
