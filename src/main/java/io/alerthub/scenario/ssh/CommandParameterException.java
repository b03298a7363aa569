package io.alerthub.scenario.ssh;

/**
 * A value for a {@link CommandTemplate} parameter was refused (missing, unknown, too long, a line break or NUL, or not
 * matching the declared type); nothing was run. The message names the parameter and quotes a bounded, escaped
 * excerpt of the value.
 */
public final class CommandParameterException extends IllegalArgumentException {
    private static final int QUOTE_LIMIT = 64;
    private final String parameter;

    CommandParameterException(String template, String parameter, String problem) {
        super("command " + quote(template) + ": parameter " + quote(parameter) + ": " + problem);
        this.parameter = parameter;
    }

    /** The parameter whose value was refused. */
    public String parameter() {
        return parameter;
    }

    /**
     * {@code value} in double quotes for a message: at most 64 characters, with control and format characters shown
     * as {@code \}{@code uXXXX} escapes so a log line cannot be forged or reordered by the value.
     */
    public static String quote(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        int count = 0;
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            i += Character.charCount(cp);
            if (count++ == QUOTE_LIMIT) {
                out.append("…(").append(value.length()).append(" chars)");
                break;
            }
            int type = Character.getType(cp);
            if (cp == '"' || cp == '\\') {
                out.append('\\').appendCodePoint(cp);
            } else if (type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        }
        return out.append('"').toString();
    }
}
