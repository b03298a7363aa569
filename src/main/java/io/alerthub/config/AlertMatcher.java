package io.alerthub.config;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One Alertmanager-style matcher over an alert's fields and labels, as written in customer.yaml:
 * {@code alertClass="host_unreachable"}, {@code severity=~"critical|error"}, {@code env!=test}. The name is a field of
 * the common format ({@code alertClass}, {@code host}, {@code severity}, {@code name}) or else a label; {@code =} and
 * {@code !=} compare exactly, {@code =~} and {@code !~} match the whole value against a regular expression. A missing
 * field or label reads as the empty string, as in Alertmanager.
 */
public record AlertMatcher(String name, String op, String value, Pattern regex) {
    private static final Pattern SYNTAX = Pattern.compile(
            "\\s*([A-Za-z_][A-Za-z0-9_.\\-]*)\\s*(=~|!~|!=|=)\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|[^\"]*?)\\s*");
    /** The syntax people see in error messages. */
    public static final String RULE = "name=value, name!=value, name=~regex or name!~regex; the value may be quoted";

    /**
     * Parses {@code text}; empty when it is not a matcher. A regular expression that does not compile is an error
     * named by {@link #problem(String)}.
     */
    public static Optional<AlertMatcher> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        java.util.regex.Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        String value = m.group(3);
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        String op = m.group(2);
        Pattern regex = null;
        if (op.endsWith("~")) {
            try {
                regex = Pattern.compile(value);
            } catch (PatternSyntaxException e) {
                return Optional.empty();
            }
        }
        return Optional.of(new AlertMatcher(m.group(1), op, value, regex));
    }

    /** Why {@code text} is no matcher, for a config error; null when it is one. */
    public static String problem(String text) {
        if (text == null) {
            return "is required";
        }
        java.util.regex.Matcher m = SYNTAX.matcher(text);
        if (m.matches() && m.group(2).endsWith("~") && parse(text).isEmpty()) {
            return "invalid regular expression in matcher " + ProblemCollector.quote(text);
        }
        return parse(text).isPresent() ? null : "invalid matcher " + ProblemCollector.quote(text) + " (valid: " + RULE
                + ")";
    }

    /** True when the value of {@code name} in {@code values} (fields and labels, see {@link #valueOf}) matches. */
    public boolean matches(Map<String, String> values) {
        String actual = values.getOrDefault(name, "");
        return switch (op) {
            case "=" -> actual.equals(value);
            case "!=" -> !actual.equals(value);
            case "=~" -> regex.matcher(actual).matches();
            default -> !regex.matcher(actual).matches();
        };
    }

    @Override
    public String toString() {
        return name + op + "\"" + value + "\"";
    }
}
