package io.alerthub.console;

import io.alerthub.model.IncidentState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The incident list's filters as they arrive in the query string ({@code customer}, {@code state},
 * {@code alertClass}, {@code host}, {@code assignee}, {@code within} = {@code 1h|24h|7d|30d}, {@code cursor});
 * blank means "any". Invalid values are reported by {@link #problems()} and then ignored.
 */
public record IncidentFilterForm(String customer, String state, String alertClass, String host, String assignee,
                                 String within, String cursor) {

    /** The time windows offered, in the order the form lists them. */
    public static final Map<String, Duration> WINDOWS = windows();

    public IncidentFilterForm {
        customer = blankToNull(customer);
        state = blankToNull(state);
        alertClass = blankToNull(alertClass);
        host = blankToNull(host);
        assignee = blankToNull(assignee);
        within = blankToNull(within);
        cursor = blankToNull(cursor);
    }

    /** The state asked for, or null (none, or not a state). */
    public IncidentState stateValue() {
        if (state == null) {
            return null;
        }
        try {
            return IncidentState.valueOf(state.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The start of the time window, or null (no window, or not a window offered). */
    public Instant since(Instant now) {
        Duration window = within == null ? null : WINDOWS.get(within);
        return window == null ? null : now.minus(window);
    }

    /** What was wrong with the query, each naming the field and quoting the value. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (state != null && stateValue() == null) {
            problems.add("state: unknown state \"" + state + "\" (valid: " + Arrays.stream(IncidentState.values())
                    .map(s -> "\"" + s.name() + "\"").collect(Collectors.joining(", ")) + ")");
        }
        if (within != null && !WINDOWS.containsKey(within)) {
            problems.add("within: unknown time window \"" + within + "\" (valid: " + WINDOWS.keySet().stream()
                    .map(w -> "\"" + w + "\"").collect(Collectors.joining(", ")) + ")");
        }
        return problems;
    }

    /** The query string of these filters (without the cursor). */
    public String query() {
        String query = url("", null);
        return query.startsWith("?") ? query.substring(1) : query;
    }

    /** {@code path} with these filters and {@code cursor} (null: none) as its query, encoded. */
    public String url(String path, String cursor) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromPath(path);
        param(uri, "customer", customer);
        param(uri, "state", state);
        param(uri, "alertClass", alertClass);
        param(uri, "host", host);
        param(uri, "assignee", assignee);
        param(uri, "within", within);
        param(uri, "cursor", cursor);
        return uri.encode().build().toUriString();
    }

    /** Whether any filter is set. */
    public boolean isFiltered() {
        return !query().isEmpty();
    }

    private static void param(UriComponentsBuilder uri, String name, String value) {
        if (value != null) {
            uri.queryParam(name, value);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static Map<String, Duration> windows() {
        Map<String, Duration> windows = new LinkedHashMap<>();
        windows.put("1h", Duration.ofHours(1));
        windows.put("24h", Duration.ofHours(24));
        windows.put("7d", Duration.ofDays(7));
        windows.put("30d", Duration.ofDays(30));
        return java.util.Collections.unmodifiableMap(windows);
    }
}
