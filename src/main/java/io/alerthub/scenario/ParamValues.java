package io.alerthub.scenario;

import io.alerthub.scenario.ssh.ParamType;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads typed values out of a binding's template parameters (all strings in Camel's model) for the {@code *Params}
 * records; a value that does not fit fails with a message naming the parameter, the value and what is valid.
 */
public final class ParamValues {
    private static final Pattern PATH = Pattern.compile("/|(?:/[A-Za-z0-9._@%+=:,~-]+)+/?");
    private static final Pattern UNIT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9:_.@-]{0,255}");
    private final Map<String, String> values;

    public ParamValues(Map<String, String> values) {
        this.values = values;
    }

    /** The raw value, blank taken as absent. */
    public String text(String name) {
        String value = values.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    public int integer(String name, int min, int max, int fallback) {
        String value = text(name);
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(name, value, "a whole number from " + min + " to " + max);
    }

    public boolean bool(String name, boolean fallback) {
        String value = text(name);
        if (value == null) {
            return fallback;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(name, value, "true or false");
        };
    }

    public Duration duration(String name, Duration fallback) {
        String value = text(name);
        if (value == null) {
            return fallback;
        }
        try {
            Duration d = value.matches("\\d+(ms|s|m|h)") ? simple(value) : Duration.parse(value);
            if (!d.isNegative() && !d.isZero()) {
                return d;
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        throw invalid(name, value, "a duration such as 500ms, 30s, 5m or 1h");
    }

    /** A comma-separated list, blanks dropped. */
    public List<String> list(String name) {
        String value = text(name);
        if (value == null) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * Absolute paths a scenario may change, at least two levels deep: "/", "/var" or "/etc" would let one binding
     * typo clean a whole system.
     */
    public List<String> changeablePaths(String name) {
        List<String> paths = new ArrayList<>();
        for (String path : list(name)) {
            path(name, path);
            String trimmed = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
            if (trimmed.chars().filter(c -> c == '/').count() < 2) {
                throw invalid(name, path, "a directory at least two levels deep, e.g. \"/var/log/app\"");
            }
            paths.add(trimmed);
        }
        return paths;
    }

    public String path(String name, String value) {
        if (value.length() > ParamType.PATH.maxLength() || !PATH.matcher(value).matches()
                || Arrays.asList(value.split("/")).stream().anyMatch(s -> s.equals(".") || s.equals(".."))) {
            throw invalid(name, value, ParamType.PATH.rule());
        }
        return value;
    }

    public List<String> units(String name) {
        List<String> units = list(name);
        units.forEach(u -> unit(name, u));
        return units;
    }

    public String unit(String name, String value) {
        if (!UNIT.matcher(value).matches()) {
            throw invalid(name, value, ParamType.UNIT_NAME.rule());
        }
        return value;
    }

    public String oneOf(String name, String fallback, String... allowed) {
        String value = text(name);
        if (value == null) {
            return fallback;
        }
        if (!Arrays.asList(allowed).contains(value)) {
            throw invalid(name, value, "one of " + String.join(", ", allowed));
        }
        return value;
    }

    public static IllegalArgumentException invalid(String name, String value, String valid) {
        return new IllegalArgumentException("parameter " + name + ": invalid value \"" + value + "\" (valid: " + valid
                + ")");
    }

    private static Duration simple(String value) {
        if (value.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
        }
        long n = Long.parseLong(value.substring(0, value.length() - 1));
        return switch (value.charAt(value.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }
}
