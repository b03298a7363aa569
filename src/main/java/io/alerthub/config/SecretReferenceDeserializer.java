package io.alerthub.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.util.List;

/**
 * Reads a secret reference ({@code {env: NAME}} or {@code {file: path}}) of a customer file into an unresolved
 * {@link Secret}; an inline value is reported by path without ever being echoed. Read by hand because Jackson's own
 * error path for a string-instead-of-object loses the position inside a credential whose {@code type} comes last.
 */
final class SecretReferenceDeserializer extends StdDeserializer<Secret> {
    private static final List<String> KEYS = List.of("env", "file");

    SecretReferenceDeserializer() {
        super(Secret.class);
    }

    @Override
    public Secret deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        ProblemCollector problems = (ProblemCollector) ctxt.getAttribute(ProblemCollector.class);
        String path = YamlPaths.of(p.getParsingContext());
        JsonToken token = p.currentToken();
        if (token != JsonToken.START_OBJECT) {
            String message = token.isScalarValue()
                    ? "inline secret not allowed, use a reference {env: NAME} or {file: path}"
                    : "expected a secret reference {env: NAME} or {file: path}, got a list";
            p.skipChildren();
            return report(problems, ctxt, path, message);
        }
        String env = null;
        String file = null;
        for (token = p.nextToken(); token == JsonToken.FIELD_NAME; token = p.nextToken()) {
            String key = p.currentName();
            JsonToken value = p.nextToken();
            if (!KEYS.contains(key)) {
                if (problems == null) {
                    return report(null, ctxt, path, "unknown key " + ProblemCollector.quote(key));
                }
                problems.unknownKey(path, key, KEYS);
            } else if (!value.isScalarValue()) {
                report(problems, ctxt, YamlPaths.child(path, key), "expected a text value, got "
                        + (value == JsonToken.START_ARRAY ? "a list" : "a mapping"));
            } else if (key.equals("env")) {
                env = p.getValueAsString();
            } else {
                file = p.getValueAsString();
            }
            p.skipChildren();
        }
        return Secret.reference(env, file);
    }

    private static Secret report(ProblemCollector problems, DeserializationContext ctxt, String path, String message)
            throws IOException {
        if (problems == null) {
            // read outside the registry's loader: fail like any other binding error
            return (Secret) ctxt.reportInputMismatch(Secret.class, "%s: %s", path, message);
        }
        problems.add(path, message);
        return null;
    }
}
