package io.alerthub.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.JsonPathException;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import io.alerthub.config.IngestMapping;
import io.alerthub.model.Alert;
import io.alerthub.model.AlertSource;
import io.alerthub.model.AlertStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Normalize stage for a customer's own format ({@code ingest.mappings.<format>} in customer.yaml): reads each field
 * of the common alert format from the payload by the mapping's JSONPath. A payload whose name or status the mapping
 * cannot read is not refused: it becomes a firing alert of class {@code unknown} saying what could not be read, so
 * a person sees it (and the mapping can be fixed and the payload replayed).
 */
public final class MappedNormalizer {
    /** How much of an unreadable payload the alert's description carries. */
    static final int EXCERPT_CHARS = 2000;
    private static final Configuration JSON_PATH = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider()).mappingProvider(new JacksonMappingProvider()).build();

    private MappedNormalizer() {
    }

    /** The alerts {@code payload} carries under {@code mapping}, sent as format {@code format}. */
    public static NormalizedPayload normalize(String format, IngestMapping mapping, JsonNode payload) {
        DocumentContext whole = JsonPath.using(JSON_PATH).parse(payload);
        String eventId = text(whole, mapping.eventId());
        List<JsonNode> items = new ArrayList<>();
        if (mapping.alerts() == null) {
            items.add(payload);
        } else {
            Object found = read(whole, mapping.alerts());
            if (found instanceof JsonNode node && node.isArray()) {
                node.forEach(items::add);
            } else if (found instanceof JsonNode node && node.isObject()) {
                items.add(node);
            }
            if (items.isEmpty()) {
                return new NormalizedPayload(eventId, List.of(unreadable(format, payload, null,
                        List.of("alerts: " + mapping.alerts() + " found no alert"))));
            }
        }
        List<Alert> alerts = new ArrayList<>();
        for (JsonNode item : items) {
            alerts.add(alert(format, mapping, item));
        }
        return new NormalizedPayload(eventId, alerts);
    }

    private static Alert alert(String format, IngestMapping m, JsonNode item) {
        DocumentContext doc = JsonPath.using(JSON_PATH).parse(item);
        List<String> problems = new ArrayList<>();
        String name = text(doc, m.name());
        if (name == null) {
            problems.add("name: " + m.name() + " found nothing");
        }
        String state = text(doc, m.status().path());
        AlertStatus status = null;
        if (state == null) {
            problems.add("status: " + m.status().path() + " found nothing");
        } else if (m.status().firing().stream().anyMatch(state.strip()::equalsIgnoreCase)) {
            status = AlertStatus.FIRING;
        } else if (m.status().resolved().stream().anyMatch(state.strip()::equalsIgnoreCase)) {
            status = AlertStatus.RESOLVED;
        } else {
            problems.add("status: value \"" + state + "\" at " + m.status().path() + " is neither firing "
                    + m.status().firing() + " nor resolved " + m.status().resolved());
        }
        String host = text(doc, m.host());
        if (!problems.isEmpty()) {
            return unreadable(format, item, host, problems);
        }
        Alert.Builder b = Alert.builder().source(new AlertSource(null, format, null, null)).name(name).status(status)
                .host(host).service(text(doc, m.service())).summary(text(doc, m.summary()))
                .description(text(doc, m.description()));
        if (m.severity() != null) {
            String raw = text(doc, m.severity().path());
            b.rawSeverity(raw).severity(m.severity().of(raw));
        }
        for (Map.Entry<String, String> label : m.labels().entrySet()) {
            b.label(label.getKey(), text(doc, label.getValue()));
        }
        if (!m.fingerprint().isEmpty()) {
            List<String> parts = new ArrayList<>();
            m.fingerprint().forEach(path -> parts.add(String.valueOf(text(doc, path))));
            // long ones are hashed by the finisher; the format keeps two mappings' ids apart
            b.fingerprint(format + ":" + String.join("/", parts));
        }
        return b.build();
    }

    /** A firing alert of class unknown naming what the mapping could not read, with the start of the payload. */
    static Alert unreadable(String format, JsonNode item, String host, List<String> problems) {
        String json = item.toString();
        return Alert.builder().source(new AlertSource(null, format, null, null))
                .name(format + " alert the mapping could not read").status(AlertStatus.FIRING).alertClass("unknown")
                .host(host)
                .summary("ingest.mappings." + format + " could not read this payload: " + String.join("; ", problems))
                .description(json.length() > EXCERPT_CHARS ? json.substring(0, EXCERPT_CHARS) + "…" : json)
                .label("mapping", format).label("mapping.problem", String.join("; ", problems))
                // the same payload again folds into one incident; a different one is news
                .fingerprint("unreadable:" + format + ":" + json)
                .build();
    }

    /** The value at {@code path} as text (objects and arrays as JSON, one match unwrapped); null when none. */
    static String text(DocumentContext doc, String path) {
        Object value = read(doc, path);
        if (value instanceof JsonNode node) {
            if (node.isArray() && node.size() == 1) {
                node = node.get(0);
            }
            if (node.isNull() || node.isMissingNode() || node.isArray() && node.isEmpty()) {
                return null;
            }
            String text = node.isValueNode() ? node.asText() : node.toString();
            return text.isBlank() ? null : text;
        }
        return value == null || String.valueOf(value).isBlank() ? null : String.valueOf(value);
    }

    private static Object read(DocumentContext doc, String path) {
        if (path == null || path.isBlank()) {
            return null;
        }
        try {
            return doc.read(path.strip());
        } catch (JsonPathException | IllegalArgumentException e) {
            return null; // not there (or not of that shape) in this payload: the field stays empty
        }
    }
}
