package io.alerthub.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import io.alerthub.model.Alert;
import io.alerthub.model.AlertSource;
import io.alerthub.model.AlertStatus;
import io.alerthub.model.FieldProblem;
import io.alerthub.model.Severity;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Normalize stage: reads the hub's own common alert format (docs/alert-format.md), one alert object or
 * {@code {"alerts": [...]}}, validating every field and reporting all problems at once.
 */
@Component
public class GenericNormalizer implements AlertNormalizer {
    static final int FINGERPRINT_MAX = 255;

    @Override
    public String format() {
        return "generic";
    }

    @Override
    public NormalizedPayload normalize(JsonNode payload) {
        if (payload == null || !payload.isObject()) {
            throw new InvalidPayloadException("generic payload must be an alert object or {\"alerts\": [...]}",
                    List.of(new FieldProblem("$", "must be an alert object or {\"alerts\": [...]}")));
        }
        List<FieldProblem> problems = new ArrayList<>();
        List<Alert> alerts = new ArrayList<>();
        JsonNode batch = payload.get("alerts");
        if (batch == null) {
            Alert a = alert(payload, "", problems);
            if (problems.isEmpty()) {
                return new NormalizedPayload(a.source().eventId(), List.of(a));
            }
        } else if (!batch.isArray()) {
            problems.add(new FieldProblem("alerts", "must be an array, got " + AlertmanagerNormalizer.kind(batch)));
        } else if (batch.isEmpty()) {
            problems.add(new FieldProblem("alerts", "must contain at least one alert"));
        } else {
            for (int i = 0; i < batch.size(); i++) {
                String prefix = "alerts[" + i + "].";
                JsonNode a = batch.get(i);
                if (!a.isObject()) {
                    problems.add(new FieldProblem("alerts[" + i + "]", "must be an object, got " + AlertmanagerNormalizer.kind(a)));
                    continue;
                }
                alerts.add(alert(a, prefix, problems));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidPayloadException("generic payload has " + problems.size() + " invalid field(s): "
                    + problems.stream().map(FieldProblem::field).collect(Collectors.joining(", ")), problems);
        }
        return new NormalizedPayload(null, alerts);
    }

    /** One alert; problems are added to the list (the draft is only used when the list stays empty). */
    private static Alert alert(JsonNode a, String prefix, List<FieldProblem> problems) {
        Fields f = new Fields(a, prefix, problems);
        String fingerprint = f.string("fingerprint");
        if (fingerprint != null && fingerprint.length() > FINGERPRINT_MAX) {
            problems.add(new FieldProblem(prefix + "fingerprint",
                    "must be at most " + FINGERPRINT_MAX + " characters, got " + fingerprint.length()));
        }
        String summary = f.string("summary");
        if (summary != null && summary.length() > AlertmanagerNormalizer.SUMMARY_MAX) {
            problems.add(new FieldProblem(prefix + "summary",
                    "must be at most " + AlertmanagerNormalizer.SUMMARY_MAX + " characters, got " + summary.length()));
        }
        JsonNode resource = f.object("resource");
        JsonNode source = f.object("source");
        Fields r = new Fields(resource, prefix + "resource.", problems);
        Fields s = new Fields(source, prefix + "source.", problems);
        Alert.Builder b = Alert.builder()
                .source(new AlertSource(null, "generic", s.string("instance"), s.string("eventId")))
                .fingerprint(fingerprint)
                .status(f.required("status", AlertStatus.class))
                .name(f.requiredString("name"))
                .alertClass(f.string("alertClass"))
                .severity(f.optional("severity", Severity.class))
                .rawSeverity(f.string("rawSeverity"))
                .host(r.string("host"))
                .address(r.string("address"))
                .service(r.string("service"))
                .component(r.string("component"))
                .summary(summary)
                .description(f.string("description"))
                .labels(f.stringMap("labels"))
                .annotations(f.stringMap("annotations"))
                .startsAt(f.time("startsAt"))
                .endsAt(f.time("endsAt"));
        JsonNode links = a.path("links");
        if (!links.isMissingNode() && !links.isNull()) {
            if (!links.isArray()) {
                problems.add(new FieldProblem(prefix + "links", "must be an array, got " + AlertmanagerNormalizer.kind(links)));
            } else {
                for (int i = 0; i < links.size(); i++) {
                    String lp = prefix + "links[" + i + "]";
                    JsonNode link = links.get(i);
                    if (!link.isObject()) {
                        problems.add(new FieldProblem(lp, "must be an object, got " + AlertmanagerNormalizer.kind(link)));
                        continue;
                    }
                    Fields l = new Fields(link, lp + ".", problems);
                    b.link(l.requiredString("href"), l.string("text"));
                }
            }
        }
        return b.build();
    }

    /** Typed reads of one object's fields that record a problem instead of failing on the first one. */
    private static final class Fields {
        private final JsonNode node;
        private final String prefix;
        private final List<FieldProblem> problems;

        Fields(JsonNode node, String prefix, List<FieldProblem> problems) {
            this.node = node;
            this.prefix = prefix;
            this.problems = problems;
        }

        private JsonNode value(String key) {
            JsonNode v = node.path(key);
            return v.isMissingNode() || v.isNull() ? null : v;
        }

        String string(String key) {
            JsonNode v = value(key);
            if (v == null) {
                return null;
            }
            if (!v.isValueNode()) {
                problems.add(new FieldProblem(prefix + key, "must be a string, got " + AlertmanagerNormalizer.kind(v)));
                return null;
            }
            return v.asText().isBlank() ? null : v.asText();
        }

        String requiredString(String key) {
            boolean present = value(key) != null;
            String v = string(key);
            if (v == null && (!present || value(key).isValueNode())) {
                problems.add(new FieldProblem(prefix + key, "is required"));
            }
            return v;
        }

        <E extends Enum<E>> E optional(String key, Class<E> type) {
            String raw = string(key);
            if (raw == null) {
                return null;
            }
            try {
                return Enum.valueOf(type, raw.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                String valid = Arrays.stream(type.getEnumConstants())
                        .map(c -> "\"" + c.name().toLowerCase(Locale.ROOT) + "\"")
                        .collect(Collectors.joining(", "));
                problems.add(new FieldProblem(prefix + key, "invalid value \"" + raw + "\" (valid: " + valid + ")"));
                return null;
            }
        }

        <E extends Enum<E>> E required(String key, Class<E> type) {
            JsonNode v = value(key);
            if (v == null || (v.isValueNode() && v.asText().isBlank())) {
                problems.add(new FieldProblem(prefix + key, "is required"));
                return null;
            }
            return optional(key, type);
        }

        JsonNode object(String key) {
            JsonNode v = value(key);
            if (v == null) {
                return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
            }
            if (!v.isObject()) {
                problems.add(new FieldProblem(prefix + key, "must be an object, got " + AlertmanagerNormalizer.kind(v)));
                return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
            }
            return v;
        }

        Map<String, String> stringMap(String key) {
            JsonNode v = object(key);
            Map<String, String> out = new LinkedHashMap<>();
            v.properties().forEach(e -> {
                JsonNode val = e.getValue();
                if (val.isNull()) {
                    return;
                }
                if (!val.isValueNode()) {
                    problems.add(new FieldProblem(prefix + key + "." + e.getKey(),
                            "must be a string, got " + AlertmanagerNormalizer.kind(val)));
                    return;
                }
                out.put(e.getKey(), val.asText());
            });
            return out;
        }

        Instant time(String key) {
            JsonNode v = value(key);
            if (v == null) {
                return null;
            }
            if (!v.isValueNode() || v.isBoolean()) {
                problems.add(new FieldProblem(prefix + key, "must be an ISO-8601 timestamp or epoch number, got "
                        + AlertmanagerNormalizer.kind(v)));
                return null;
            }
            Instant t = Payloads.instant(v);
            if (t == null && !isNoTime(v)) {
                problems.add(new FieldProblem(prefix + key, "invalid timestamp \"" + v.asText()
                        + "\" (expected ISO-8601 with offset, e.g. \"2024-01-31T12:00:00Z\", or epoch seconds/ms)"));
            }
            return t;
        }

        /** Go's zero time and zero/blank values mean "no time", as senders of Alertmanager-style payloads use them. */
        private static boolean isNoTime(JsonNode v) {
            if (v.isNumber()) {
                return v.asDouble() == 0;
            }
            String s = v.asText().trim();
            if (s.isEmpty() || s.equals("0")) {
                return true;
            }
            try {
                return OffsetDateTime.parse(s).getYear() <= 1;
            } catch (DateTimeParseException e) {
                return false;
            }
        }
    }
}
