package io.alerthub.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Paths inside a customer document in the form error messages use ({@code ingest.auth[0].type}), and the line each
 * path starts on, so that every pass, not just the parser, can point at a line.
 */
final class YamlPaths {
    private static final java.util.regex.Pattern PLAIN_KEY = java.util.regex.Pattern.compile("[A-Za-z0-9_-]+");

    private final Map<String, Integer> lines;

    private YamlPaths(Map<String, Integer> lines) {
        this.lines = lines;
    }

    /** Reads the whole document once, remembering the first line of every path. */
    static YamlPaths index(JsonParser parser) throws IOException {
        Map<String, Integer> lines = new HashMap<>();
        for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
            if (token != JsonToken.END_OBJECT && token != JsonToken.END_ARRAY) {
                lines.putIfAbsent(of(parser.getParsingContext()), parser.currentTokenLocation().getLineNr());
            }
        }
        return new YamlPaths(lines);
    }

    static YamlPaths empty() {
        return new YamlPaths(Map.of());
    }

    /** The line where {@code path} starts; for a path the file lacks, its closest ancestor's line; 0 when unknown. */
    int lineOf(String path) {
        for (String p = path; !p.isEmpty(); p = parent(p)) {
            Integer line = lines.get(p);
            if (line != null) {
                return line;
            }
        }
        return 0;
    }

    /** The path of the value a parser is positioned on (for START_OBJECT/START_ARRAY: of that object or array). */
    static String of(JsonStreamContext context) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject() && c.getCurrentName() != null) {
                parts.push(key(c.getCurrentName()));
            } else if (c.inArray() && c.getEntryCount() > 0) {
                parts.push("[" + (c.getEntryCount() - 1) + "]");
            }
        }
        return join(parts);
    }

    /** {@code parent} extended by one mapping key. */
    static String child(String parent, String key) {
        String part = key(key);
        return parent.isEmpty() && part.startsWith(".") ? part.substring(1) : parent + part;
    }

    /** {@code parent} extended by one list index. */
    static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }

    /** The path without its last key or index: {@code ingest.auth[0]} for {@code ingest.auth[0].type}. */
    static String parent(String path) {
        if (path.endsWith("]")) {
            int open = path.endsWith("\"]") ? path.lastIndexOf("[\"") : path.lastIndexOf('[');
            return path.substring(0, Math.max(open, 0));
        }
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(0, dot);
    }

    private static String key(String name) {
        // keys such as app.kubernetes.io/name would make a dotted path ambiguous, so they are bracketed
        return PLAIN_KEY.matcher(name).matches() ? "." + name : "[\"" + name.replace("\"", "\\\"") + "\"]";
    }

    private static String join(Deque<String> parts) {
        String path = String.join("", parts);
        return path.startsWith(".") ? path.substring(1) : path;
    }
}
