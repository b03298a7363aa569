package io.alerthub.scenario.ssh;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The declared type of a {@link CommandTemplate} parameter: what a value may look like and how long it may be. A
 * value that does not fit is rejected, never cleaned up; one that fits is still shell-quoted.
 */
public final class ParamType {
    /** No value of any type may be longer than this. */
    public static final int MAX_LENGTH = 4096;

    private static final String LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
    private static final Pattern HOSTNAME_PATTERN = Pattern.compile(LABEL + "(?:\\." + LABEL + ")*");
    private static final Pattern PATH_PATTERN = Pattern.compile("/|(?:/[A-Za-z0-9._@%+=:,~-]+)+/?");
    private static final Pattern UNIT_PATTERN = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9:_.@-]{0,255}");
    private static final Pattern DIGITS = Pattern.compile("0|[1-9][0-9]{0,9}");

    /** A DNS name or IPv4 address ({@code web-1.example.com}, {@code 10.0.0.5}). */
    public static final ParamType HOSTNAME = new ParamType("hostname", 253,
            "a dns name or ipv4 address, e.g. \"web-1.example.com\"", HOSTNAME_PATTERN.asMatchPredicate());

    /**
     * An absolute path of letters, digits and {@code . _ @ % + = : , ~ -}, no {@code .} or {@code ..} segment, no
     * spaces and no globbing characters ({@code /var/log/app}).
     */
    public static final ParamType PATH = new ParamType("path", 1024,
            "an absolute path of letters, digits and \"._@%+=:,~-\" without \".\" or \"..\" segments, "
                    + "e.g. \"/var/log/app\"",
            PATH_PATTERN.asMatchPredicate().and(ParamType::noDotSegments));

    /** A systemd unit name ({@code nginx}, {@code nginx.service}, {@code getty@tty1.service}). */
    public static final ParamType UNIT_NAME = new ParamType("unit name", 256,
            "a systemd unit name of letters, digits and \":_.@-\", e.g. \"nginx.service\"",
            UNIT_PATTERN.asMatchPredicate());

    /** A TCP/UDP port number, 1 to 65535. */
    public static final ParamType PORT = integer(1, 65535);

    /** A non-negative whole number up to 2147483647. */
    public static final ParamType INT = integer(0, Integer.MAX_VALUE);

    private final String name;
    private final int maxLength;
    private final String rule;
    private final Predicate<String> accepts;

    private ParamType(String name, int maxLength, String rule, Predicate<String> accepts) {
        this.name = name;
        this.maxLength = Math.min(maxLength, MAX_LENGTH);
        this.rule = rule;
        this.accepts = accepts;
    }

    /** A whole number from {@code min} to {@code max}, written in plain decimal digits (a sign only for negatives). */
    public static ParamType integer(long min, long max) {
        if (min > max) {
            throw new IllegalArgumentException("integer range " + min + " to " + max + " is empty");
        }
        return new ParamType("integer", 11, "a whole number from " + min + " to " + max, value -> {
            boolean negative = value.startsWith("-");
            String digits = negative ? value.substring(1) : value;
            if (!DIGITS.matcher(digits).matches() || (negative && digits.equals("0"))) {
                return false;
            }
            long number = Long.parseLong(digits) * (negative ? -1 : 1);
            return number >= min && number <= max;
        });
    }

    /** One of the given values, compared exactly (an enum of allowed values, e.g. {@code "gzip", "zstd"}). */
    public static ParamType oneOf(String... allowed) {
        if (allowed.length == 0) {
            throw new IllegalArgumentException("an enum parameter needs at least one allowed value");
        }
        List<String> values = List.of(allowed);
        Set<String> set = Set.copyOf(values);
        int longest = values.stream().mapToInt(String::length).max().orElse(0);
        return new ParamType("enum", longest, "one of " + String.join(", ", values.stream()
                .map(CommandParameterException::quote).toList()), set::contains);
    }

    /**
     * Free text up to {@code maxLength} characters (e.g. a search string), passed as one quoted argument: printable
     * characters only (no control, format or bidirectional-override characters, so what the timeline shows is what
     * ran) and no leading {@code -} (it would be read as an option).
     */
    public static ParamType text(int maxLength) {
        if (maxLength < 1 || maxLength > MAX_LENGTH) {
            throw new IllegalArgumentException("text length " + maxLength + " is not between 1 and " + MAX_LENGTH);
        }
        return new ParamType("text", maxLength, "printable text without control or format characters, "
                + "not starting with \"-\"", value -> !value.startsWith("-") && printable(value));
    }

    /** A human-readable name of the type, e.g. {@code path}. */
    public String name() {
        return name;
    }

    /** The longest value accepted. */
    public int maxLength() {
        return maxLength;
    }

    /** What valid values look like, as error messages show it. */
    public String rule() {
        return rule;
    }

    /** True when {@code value} (already checked for length and line breaks) fits this type. */
    boolean accepts(String value) {
        return accepts.test(value);
    }

    private static boolean noDotSegments(String path) {
        for (String segment : path.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    private static boolean printable(String value) {
        return value.codePoints().allMatch(cp -> switch (Character.getType(cp)) {
            // Cc control, Cf format (incl. U+202E and zero-width), Zl/Zp separators, unassigned, lone surrogates
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.UNASSIGNED, Character.SURROGATE, Character.PRIVATE_USE -> false;
            default -> true;
        });
    }

    @Override
    public String toString() {
        return name;
    }
}
