package io.alerthub.scenario.ssh;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A command a scenario may run: fixed text with named placeholders ({@code systemctl restart {{unit}}}) and a declared
 * {@link ParamType} per placeholder. {@link #render} rejects any value that does not fit its type and puts each
 * accepted value in POSIX single quotes, so it reaches the remote shell as one literal word.
 *
 * <p>The template text itself is checked when built: every placeholder declared and every declared parameter used,
 * no placeholder inside quotes or right after {@code \} or {@code $} (where single quotes would not protect the
 * value), no backquotes or {@code $'…'} in the text, and no line breaks. The remote account's login shell must be a
 * POSIX shell (sh, dash, bash, zsh, ksh): fish and csh quote differently.
 */
public final class CommandTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z][a-zA-Z0-9]*)}}");
    private static final Pattern TEMPLATE_NAME = Pattern.compile("[a-z][a-z0-9_.-]{0,63}");

    private final String name;
    private final String text;
    private final Map<String, ParamType> parameters;
    /** The text split at placeholders: literal, name, literal, name, …, literal. */
    private final List<String> parts;

    private CommandTemplate(String name, String text, Map<String, ParamType> parameters, List<String> parts) {
        this.name = name;
        this.text = text;
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        this.parts = List.copyOf(parts);
    }

    /** Starts a template; {@code name} identifies it in messages and on the timeline (e.g. {@code restart_unit}). */
    public static Builder builder(String name, String text) {
        return new Builder(name, text);
    }

    /** Declares a template's parameters, then checks the text against them. */
    public static final class Builder {
        private final String name;
        private final String text;
        private final Map<String, ParamType> parameters = new LinkedHashMap<>();

        private Builder(String name, String text) {
            this.name = name;
            this.text = text;
        }

        public Builder param(String parameter, ParamType type) {
            if (parameters.putIfAbsent(parameter, type) != null) {
                throw new IllegalArgumentException("template " + quoted(name) + ": parameter " + quoted(parameter)
                        + " is declared twice");
            }
            return this;
        }

        /** The template, or an {@link IllegalArgumentException} naming what is wrong with its text. */
        public CommandTemplate build() {
            if (name == null || !TEMPLATE_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("invalid template name " + quoted(name)
                        + " (valid: lower-case letters, digits and \"_.-\", starting with a letter)");
            }
            if (text == null || text.isBlank()) {
                throw new IllegalArgumentException("template " + quoted(name) + ": command text is required");
            }
            List<String> parts = split(name, text);
            Set<String> used = new LinkedHashSet<>();
            for (int i = 1; i < parts.size(); i += 2) {
                used.add(parts.get(i));
            }
            for (String placeholder : used) {
                if (!parameters.containsKey(placeholder)) {
                    throw new IllegalArgumentException("template " + quoted(name) + ": placeholder {{" + placeholder
                            + "}} is not declared (declared: " + declared() + ")");
                }
            }
            for (String parameter : parameters.keySet()) {
                if (!used.contains(parameter)) {
                    throw new IllegalArgumentException("template " + quoted(name) + ": parameter " + quoted(parameter)
                            + " is declared but never used");
                }
            }
            return new CommandTemplate(name, text, parameters, parts);
        }

        private String declared() {
            return parameters.isEmpty() ? "none" : String.join(", ", parameters.keySet().stream()
                    .map(CommandTemplate::quoted).toList());
        }
    }

    public String name() {
        return name;
    }

    /** The text as written, with its {@code {{placeholders}}}. */
    public String text() {
        return text;
    }

    /** The declared parameters, in declaration order. */
    public Map<String, ParamType> parameters() {
        return parameters;
    }

    /**
     * The command line with every placeholder replaced by its value, validated and single-quoted.
     *
     * @throws CommandParameterException when a value is missing, not declared, or does not fit its type
     */
    public SshCommand render(Map<String, String> values) {
        for (String key : values.keySet()) {
            if (!parameters.containsKey(key)) {
                throw new CommandParameterException(name, key, "is not a parameter of this command (parameters: "
                        + (parameters.isEmpty() ? "none" : String.join(", ", parameters.keySet().stream()
                        .map(CommandTemplate::quoted).toList())) + ")");
            }
        }
        Map<String, String> quotedValues = new LinkedHashMap<>();
        parameters.forEach((parameter, type) -> quotedValues.put(parameter,
                shellQuote(validate(parameter, type, values.get(parameter)))));
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            line.append(i % 2 == 0 ? parts.get(i) : quotedValues.get(parts.get(i)));
        }
        return new SshCommand(name, line.toString());
    }

    /** The command line when the template has no parameters. */
    public SshCommand render() {
        return render(Map.of());
    }

    private String validate(String parameter, ParamType type, String value) {
        if (value == null) {
            throw new CommandParameterException(name, parameter, "is required");
        }
        // length first: no pattern ever runs over an oversized value
        if (value.length() > type.maxLength()) {
            throw new CommandParameterException(name, parameter, "value " + CommandParameterException.quote(value)
                    + " is longer than " + type.maxLength() + " characters");
        }
        if (value.isEmpty()) {
            throw new CommandParameterException(name, parameter, "value is empty (valid: " + type.rule() + ")");
        }
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0) {
            throw new CommandParameterException(name, parameter, "value " + CommandParameterException.quote(value)
                    + " contains a line break or NUL");
        }
        if (!type.accepts(value)) {
            throw new CommandParameterException(name, parameter, "invalid value " + CommandParameterException.quote(value)
                    + " (valid: " + type.rule() + ")");
        }
        return value;
    }

    /** {@code value} as one POSIX shell word: in single quotes, each {@code '} written as {@code '\''}. */
    static String shellQuote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /**
     * Splits the text at placeholders while following the shell's quoting, refusing a placeholder where single
     * quotes around its value would not make it one literal word.
     */
    private static List<String> split(String name, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r' || c == '\0') {
                throw new IllegalArgumentException("template " + quoted(name) + ": command text must be one line");
            }
            if (c == '`') {
                // inside backquotes the search for the closing one ignores quoting (POSIX: undefined): use $(…)
                throw new IllegalArgumentException("template " + quoted(name) + ": backquotes are not allowed, use $(...)");
            }
            if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '\'') {
                // bash's $'…' treats \' as a quote inside the string, which a plain quote tracker cannot follow
                throw new IllegalArgumentException("template " + quoted(name) + ": $'...' quoting is not allowed");
            }
        }
        List<String> parts = new ArrayList<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        int literalStart = 0;
        char quote = 0;
        int scanned = 0;
        while (matcher.find()) {
            quote = scanQuotes(name, text, scanned, matcher.start(), quote);
            scanned = matcher.end();
            String placeholder = matcher.group(1);
            if (quote != 0) {
                throw new IllegalArgumentException("template " + quoted(name) + ": placeholder {{" + placeholder
                        + "}} is inside " + (quote == '\'' ? "single" : "double")
                        + " quotes (values are quoted by the template: write it bare)");
            }
            char before = matcher.start() == 0 ? ' ' : text.charAt(matcher.start() - 1);
            if (before == '\\' || before == '$') {
                throw new IllegalArgumentException("template " + quoted(name) + ": placeholder {{" + placeholder
                        + "}} must not follow \"" + before + "\"");
            }
            parts.add(text.substring(literalStart, matcher.start()));
            parts.add(placeholder);
            literalStart = matcher.end();
        }
        quote = scanQuotes(name, text, scanned, text.length(), quote);
        if (quote != 0) {
            throw new IllegalArgumentException("template " + quoted(name) + ": unterminated " + (quote == '\''
                    ? "single" : "double") + " quote");
        }
        parts.add(text.substring(literalStart));
        return parts;
    }

    /** The quote state (0, {@code '} or {@code "}) after reading {@code text[from, to)} starting in {@code state}. */
    private static char scanQuotes(String name, String text, int from, int to, char state) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (state == '\'') {
                if (c == '\'') {
                    state = 0;
                }
            } else if (c == '\\') {
                if (i + 1 >= text.length()) {
                    throw new IllegalArgumentException("template " + quoted(name) + ": command text ends with \"\\\"");
                }
                i++; // the escaped character is literal, whatever it is
                if (i >= to) {
                    // the escape swallows the first character of the placeholder
                    throw new IllegalArgumentException("template " + quoted(name) + ": a placeholder must not follow \"\\\"");
                }
            } else if (state == '"') {
                if (c == '"') {
                    state = 0;
                }
            } else if (c == '\'' || c == '"') {
                state = c;
            }
        }
        return state;
    }

    private static String quoted(String value) {
        return CommandParameterException.quote(value);
    }

    @Override
    public String toString() {
        return name + ": " + text;
    }
}
