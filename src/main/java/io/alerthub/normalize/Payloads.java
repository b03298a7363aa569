package io.alerthub.normalize;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small, null-safe readers shared by the normalizers: nested text, label maps, JSON-in-JSON and timestamps. */
public final class Payloads {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Go's zero time, sent by Alertmanager and Grafana for "no end time". */
    private static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");
    private static final BigDecimal SECONDS_BELOW = BigDecimal.valueOf(1e10);
    private static final BigDecimal MILLIS_BELOW = BigDecimal.valueOf(1e13);
    private static final BigDecimal MICROS_BELOW = BigDecimal.valueOf(1e16);
    /** Year 9999; anything later is garbage, not a time. */
    private static final BigDecimal MAX_SECONDS = BigDecimal.valueOf(253_402_300_799L);
    private static final DateTimeFormatter[] LOCAL_FORMATS = {
            DateTimeFormatter.ofPattern("yyyy.MM.dd HH:mm:ss"),
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"),
            DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss"),
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS"),
    };

    private Payloads() {
    }

    /** The node at a path of object keys; {@link MissingNode} when any step is absent. */
    public static JsonNode at(JsonNode node, String... path) {
        JsonNode cur = node == null ? MissingNode.getInstance() : node;
        for (String key : path) {
            cur = cur.path(key);
        }
        return cur;
    }

    /** Text at a path: strings as they are, numbers and booleans as text; null when absent, null or blank. */
    public static String text(JsonNode node, String... path) {
        JsonNode v = at(node, path);
        if (v.isMissingNode() || v.isNull() || v.isContainerNode()) {
            return null;
        }
        String s = v.asText();
        return s == null || s.isBlank() ? null : s;
    }

    /** The given values without the nulls, in order. */
    public static List<String> nonNull(String... values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            if (v != null) {
                out.add(v);
            }
        }
        return out;
    }

    /** The first non-null of several texts. */
    public static String firstText(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    /** The first non-null of several values. */
    @SafeVarargs
    public static <T> T firstNonNull(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /** An object's fields as a string map: scalars as text, nested objects and arrays as compact JSON. */
    public static Map<String, String> stringMap(JsonNode object) {
        Map<String, String> out = new LinkedHashMap<>();
        if (object == null || !object.isObject()) {
            return out;
        }
        object.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            if (v.isNull()) {
                return;
            }
            out.put(e.getKey(), v.isValueNode() ? v.asText() : v.toString());
        });
        return out;
    }

    /**
     * A JSON value that senders sometimes embed as a string ("JSON inside JSON"): parsed when it is a string
     * holding an object or array, returned as it is otherwise; a string that is not JSON is returned as text.
     */
    public static JsonNode embeddedJson(JsonNode node) {
        if (node != null && node.isTextual()) {
            String s = node.asText().trim();
            if (s.startsWith("{") || s.startsWith("[")) {
                try {
                    return MAPPER.readTree(s);
                } catch (JsonProcessingException e) {
                    return node;
                }
            }
        }
        return node == null ? MissingNode.getInstance() : node;
    }

    /**
     * A timestamp from whatever a source sends: ISO-8601 with offset, epoch seconds, milliseconds, microseconds
     * or nanoseconds (as number or numeric string, told apart by magnitude), or a local date-time
     * ({@code 2024.01.31 12:00:00}) read in UTC. Go's zero time and unparseable values give null.
     */
    public static Instant instant(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            // 1e400 parses as an infinite double, which has no decimal value
            return node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue()) ? null : epoch(node.decimalValue());
        }
        return instant(node.asText());
    }

    /** {@link #instant(JsonNode)} for a string. */
    public static Instant instant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String s = text.trim();
        if (s.matches("-?\\d{1,30}(\\.\\d{1,30})?")) {
            return epoch(new BigDecimal(s));
        }
        Instant parsed = null;
        try {
            parsed = OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            for (DateTimeFormatter f : LOCAL_FORMATS) {
                try {
                    parsed = LocalDateTime.parse(s, f).toInstant(ZoneOffset.UTC);
                    break;
                } catch (DateTimeParseException ignored) {
                    // try the next layout
                }
            }
        }
        return parsed == null || !parsed.isAfter(GO_ZERO_TIME) ? null : parsed;
    }

    /** Epoch value in seconds, ms, µs or ns, told apart by magnitude (valid for dates 2001–2286). */
    public static Instant epoch(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? null : epoch(BigDecimal.valueOf(value));
    }

    /** {@link #epoch(double)} without floating-point rounding, for values read as decimals. */
    public static Instant epoch(BigDecimal value) {
        if (value.signum() <= 0) {
            return null;
        }
        int shift;
        if (value.compareTo(SECONDS_BELOW) < 0) {
            shift = 0;
        } else if (value.compareTo(MILLIS_BELOW) < 0) {
            shift = 3;
        } else if (value.compareTo(MICROS_BELOW) < 0) {
            shift = 6;
        } else {
            shift = 9;
        }
        BigDecimal seconds = value.movePointLeft(shift);
        if (seconds.compareTo(MAX_SECONDS) > 0) {
            return null;
        }
        long whole = seconds.longValue();
        long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
        return Instant.ofEpochSecond(whole, nanos);
    }
}
