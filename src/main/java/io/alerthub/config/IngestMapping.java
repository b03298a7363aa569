package io.alerthub.config;

import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import io.alerthub.model.Severity;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A customer's own field mapping for a JSON sender no built-in normalizer knows ({@code ingest.mappings.<format>} in
 * customer.yaml): where each field of the common alert format is in the payload, as JSONPath (Jayway syntax, e.g.
 * {@code $.check.host}), posted to {@code /api/v1/customers/<id>/alerts/<format>}. A path that finds nothing leaves
 * its field empty; a payload without a readable name or status still becomes an alert a person reads.
 *
 * @param alerts      where the alerts are when one payload carries several, e.g. {@code $.events[*]}; the other paths
 *                    then read each of them; left out: the payload is one alert
 * @param name        the alert or rule name, e.g. {@code $.check.name} (required)
 * @param host        the host, matched against the customer's hosts and aliases
 * @param service     the service or component affected
 * @param summary     a one-line summary (cut to 1024 characters)
 * @param description a longer text
 * @param status      where the state is and which values mean firing and resolved (required)
 * @param severity    where the sender's severity is and what its values mean
 * @param fingerprint the paths whose values together identify one problem (its repeats and its recovery fold into
 *                    one incident); left out: format, name, host and service
 * @param labels      labels to set, each from a path ({@code team: $.owner.team})
 * @param eventId     the sender's id of the delivery, so a redelivered payload is stored once
 */
public record IngestMapping(
        String alerts,
        @NotBlank(message = "is required") String name,
        String host,
        String service,
        String summary,
        String description,
        @NotNull(message = "is required") @Valid Status status,
        @Valid SeverityMap severity,
        List<@NotBlank(message = "is required") String> fingerprint,
        Map<String, String> labels,
        String eventId) {

    /**
     * The formats the hub itself understands: a mapping may not take their names, so a customer's mapping can never
     * change what {@code /alerts/alertmanager} means (a test keeps this list equal to the hub's normalizers).
     */
    public static final List<String> BUILT_IN_FORMATS = List.of("alertmanager", "azure-monitor", "datadog",
            "eventbridge", "gcp-monitoring", "generic", "grafana", "mackerel", "newrelic", "opsgenie", "sensu",
            "zabbix");
    /** What a mapping's format name (its path segment) may look like. */
    public static final String FORMAT = "[a-z0-9][a-z0-9-]{0,62}";

    public IngestMapping {
        fingerprint = CustomerConfig.immutable(fingerprint);
        labels = labels == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }

    /**
     * Where the state is and which of its values mean firing and which resolved (compared ignoring case); any
     * other value makes the alert one the mapping could not read.
     *
     * @param path     the state's JSONPath, e.g. {@code $.state}
     * @param firing   the values that mean firing, e.g. {@code [ALERT, "1"]}
     * @param resolved the values that mean resolved, e.g. {@code [OK, "0"]}; empty when the sender never recovers
     */
    public record Status(
            @NotBlank(message = "is required") String path,
            @NotEmpty(message = "must list at least one value") List<@NotBlank(message = "is required") String> firing,
            List<@NotBlank(message = "is required") String> resolved) {
        public Status {
            firing = CustomerConfig.immutable(firing);
            resolved = CustomerConfig.immutable(resolved);
        }
    }

    /**
     * Where the sender's severity is and what its values mean (compared ignoring case); a value the map does not
     * name is kept as {@code rawSeverity}, and read as a severity when it is one (critical, error, warning, info).
     *
     * @param path the severity's JSONPath, e.g. {@code $.priority}
     * @param map  the sender's values and the severity each means, e.g. {@code {P1: critical, P2: error}}
     */
    public record SeverityMap(
            @NotBlank(message = "is required") String path,
            Map<String, @NotNull(message = "is required") Severity> map) {
        public SeverityMap {
            map = map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
        }

        /** The severity the sender's {@code value} means, or null. */
        public Severity of(String value) {
            if (value == null) {
                return null;
            }
            for (Map.Entry<String, Severity> e : map.entrySet()) {
                if (e.getKey().equalsIgnoreCase(value.trim())) {
                    return e.getValue();
                }
            }
            try {
                return Severity.fromJson(value);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }

    /** Checks the format name and compiles every JSONPath of the mapping, naming each bad one under {@code path}. */
    static void check(String path, String format, IngestMapping mapping, BiConsumer<String, String> add) {
        if (!format.matches(FORMAT)) {
            add.accept(path, "invalid format name " + ProblemCollector.quote(format) + " (valid: lower-case letters, "
                    + "digits and \"-\", starting with a letter or digit, at most 63 characters)");
        } else if (BUILT_IN_FORMATS.contains(format.toLowerCase(Locale.ROOT))) {
            add.accept(path, "format " + ProblemCollector.quote(format) + " is built in: a mapping needs a name of its"
                    + " own (built in: " + String.join(", ", BUILT_IN_FORMATS) + ")");
        }
        if (mapping == null) {
            add.accept(path, "is required");
            return;
        }
        jsonPath(path + ".alerts", mapping.alerts(), add);
        jsonPath(path + ".name", mapping.name(), add);
        jsonPath(path + ".host", mapping.host(), add);
        jsonPath(path + ".service", mapping.service(), add);
        jsonPath(path + ".summary", mapping.summary(), add);
        jsonPath(path + ".description", mapping.description(), add);
        jsonPath(path + ".eventId", mapping.eventId(), add);
        if (mapping.status() != null) {
            jsonPath(path + ".status.path", mapping.status().path(), add);
        }
        if (mapping.severity() != null) {
            jsonPath(path + ".severity.path", mapping.severity().path(), add);
        }
        for (int i = 0; i < mapping.fingerprint().size(); i++) {
            jsonPath(path + ".fingerprint[" + i + "]", mapping.fingerprint().get(i), add);
        }
        mapping.labels().forEach((label, labelPath) -> jsonPath(YamlPaths.child(path + ".labels", label), labelPath,
                add));
    }

    /** A JSONPath must start at the document ({@code $}) and compile; a blank one was reported by bean validation. */
    private static void jsonPath(String path, String value, BiConsumer<String, String> add) {
        if (value == null || value.isBlank()) {
            return;
        }
        if (!value.strip().startsWith("$")) {
            add.accept(path, "invalid JSONPath " + ProblemCollector.quote(value) + " (must start with \"$\", e.g. "
                    + "\"$.host\")");
            return;
        }
        try {
            JsonPath.compile(value.strip());
        } catch (RuntimeException e) {
            // Jayway's own messages say where; an internal error (e.g. an index out of range) only that it failed
            String why = e instanceof InvalidPathException && e.getMessage() != null
                    && !e.getMessage().startsWith("java.") ? firstLine(e.getMessage()) : "cannot be parsed";
            add.accept(path, "invalid JSONPath " + ProblemCollector.quote(value) + " (" + why + ")");
        }
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "unreadable";
        }
        int nl = text.indexOf('\n');
        return (nl < 0 ? text : text.substring(0, nl)).strip();
    }
}
