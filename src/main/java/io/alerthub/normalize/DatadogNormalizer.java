package io.alerthub.normalize;

import static io.alerthub.normalize.Payloads.text;
import static io.alerthub.normalize.Payloads.nonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.alerthub.model.Alert;
import io.alerthub.model.AlertSource;
import io.alerthub.model.AlertStatus;
import io.alerthub.model.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Normalize stage: maps a Datadog monitor webhook to one alert draft. Datadog has no fixed body (the payload is a
 * template of {@code $VARIABLES} the user writes), so this reads the default template's keys and the names people
 * commonly give the other variables ({@code alert_id}, {@code alert_scope}, {@code alert_transition}, …).
 */
@Component
public class DatadogNormalizer implements AlertNormalizer {
    private static final String FORMAT = "datadog";
    /** {@code $EVENT_TITLE} starts with "[P2] [Triggered on {host:a,role:b}] " (priority optional); braces hold the scope. */
    private static final Pattern TITLE_PREFIX = Pattern.compile(
            "^(?:\\[(P[1-5])\\]\\s*)?\\[([A-Za-z][A-Za-z -]{0,40}?)(?: on \\{([^}]{0,4000})\\})?\\]\\s*");
    /** The monitor id in the "Monitor Status" link Datadog puts into every message body. */
    private static final Pattern MONITOR_ID = Pattern.compile("/monitors(?:#|/)(\\d{1,20})");

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public NormalizedPayload normalize(JsonNode payload) {
        // A payload template written as one quoted string arrives as a JSON string holding the object.
        JsonNode root = Payloads.embeddedJson(payload);
        if (!root.isObject()) {
            throw InvalidPayloadException.notAnObject("datadog", "$", root);
        }
        String eventTitle = Payloads.firstText(text(root, "title"), text(root, "event_title"));
        String alertTitle = text(root, "alert_title");
        if (eventTitle == null && alertTitle == null) {
            throw InvalidPayloadException.missing(FORMAT, "title");
        }
        String titlePriority = null;
        String titleTransition = null;
        String titleScope = null;
        String name = alertTitle;
        if (eventTitle != null) {
            Matcher m = TITLE_PREFIX.matcher(eventTitle);
            if (m.find()) {
                titlePriority = m.group(1);
                titleTransition = m.group(2).trim();
                titleScope = m.group(3);
                if (name == null) {
                    name = Payloads.firstText(eventTitle.substring(m.end()), eventTitle);
                }
            } else if (name == null) {
                name = eventTitle;
            }
        }

        String transition = Payloads.firstText(text(root, "alert_transition"), text(root, "transition"), titleTransition);
        String alertType = text(root, "alert_type");
        AlertStatus status = status(transition, alertType);

        String body = Payloads.firstText(text(root, "body"), text(root, "event_msg"), text(root, "text_only_msg"),
                text(root, "message"));
        String link = Payloads.firstText(text(root, "link"), text(root, "url"));
        String alertId = Payloads.firstText(text(root, "alert_id"), text(root, "monitor_id"),
                monitorIdIn(link), monitorIdIn(body));
        String scope = normalizedScope(Payloads.firstText(text(root, "alert_scope"), text(root, "scope"), titleScope));
        Map<String, String> tags = tags(tagsNode(root));

        Alert.Builder b = Alert.builder()
                .status(status)
                .name(name)
                .summary(Payloads.firstText(text(root, "alert_status"), eventTitle, alertTitle))
                .description(markdownBody(body));

        String orgName = Payloads.firstText(text(org(root), "name"), text(root, "org_name"));
        String orgId = Payloads.firstText(text(org(root), "id"), text(root, "org_id"));
        String eventId = Payloads.firstText(text(root, "event_id"), text(root, "id"));
        b.source(new AlertSource(null, FORMAT, Payloads.firstText(orgName, orgId), eventId));

        String fingerprint = null;
        if (alertId != null) {
            fingerprint = scope == null ? alertId : alertId + ":" + scope;
        } else {
            fingerprint = Payloads.firstText(text(root, "aggreg_key"), text(root, "aggregate_key"));
        }
        b.fingerprint(fingerprint);

        String priority = Payloads.firstText(text(root, "alert_priority"), text(root, "priority"), titlePriority);
        severity(b, priority, alertType, transition);

        Map<String, String> scopeTags = tags(scope);
        b.host(Payloads.firstText(text(root, "hostname"), text(root, "host"), scopeTags.get("host"), tags.get("host")));
        b.service(Payloads.firstText(tags.get("service"), scopeTags.get("service")));
        b.labels(tags);
        b.label("alert_id", alertId);
        b.label("alert_scope", scope);
        b.label("alert_transition", transition);
        b.label("event_type", text(root, "event_type"));
        b.label("alert_priority", priority);
        b.label("alert_metric", text(root, "alert_metric"));
        b.annotation("alert_query", text(root, "alert_query"));
        b.annotation("alert_cycle_key", text(root, "alert_cycle_key"));
        b.annotation("aggreg_key", text(root, "aggreg_key"));

        Instant at = Payloads.instant(Payloads.firstText(text(root, "date"), text(root, "last_updated")));
        if (status == AlertStatus.RESOLVED) {
            b.endsAt(at);
        } else {
            b.startsAt(at);
        }
        b.link(link, "Datadog event");
        b.link(text(root, "snapshot"), "Graph snapshot");

        String deliveryId = eventId;
        if (deliveryId == null && alertId != null && transition != null) {
            // No event id in the template: the alert, its scope, the transition and its time name the delivery.
            deliveryId = String.join(":", nonNull(alertId, scope, transition,
                    Payloads.firstText(text(root, "date"), text(root, "alert_cycle_key"))));
        }
        return new NormalizedPayload(deliveryId, List.of(b.build()));
    }

    private static AlertStatus status(String transition, String alertType) {
        String t = transition == null ? "" : transition.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
        if (t.equals("recovered") || t.equals("resolved") || t.equals("success") || t.equals("ok")) {
            return AlertStatus.RESOLVED;
        }
        if (t.isEmpty() && "success".equalsIgnoreCase(alertType)) {
            return AlertStatus.RESOLVED;
        }
        // Triggered, Re-Triggered, Warn, Re-Warn, No Data, Renotify and anything new all mean "still a problem".
        return AlertStatus.FIRING;
    }

    /** The monitor priority when set (P1..P5), else the alert type of this notification (error, warning, …). */
    private static void severity(Alert.Builder b, String priority, String alertType, String transition) {
        boolean warnTransition = transition != null && transition.toLowerCase(Locale.ROOT).contains("warn");
        String raw = Payloads.firstText(priority, alertType, warnTransition ? transition : null);
        Severity s = priority == null ? null : switch (priority.trim().toUpperCase(Locale.ROOT)) {
            case "P1" -> Severity.CRITICAL;
            case "P2" -> Severity.ERROR;
            case "P3" -> Severity.WARNING;
            case "P4", "P5" -> Severity.INFO;
            default -> null;
        };
        if (s == null && alertType != null) {
            s = switch (alertType.trim().toLowerCase(Locale.ROOT)) {
                case "error" -> Severity.ERROR;
                case "warning", "warn" -> Severity.WARNING;
                case "info", "success" -> Severity.INFO;
                default -> null;
            };
        }
        if (s == null && warnTransition) {
            s = Severity.WARNING;
        }
        b.severity(s).rawSeverity(raw);
    }

    /** Tags come as a comma string ({@code $TAGS}), an array, or an array inside a JSON string. */
    private static JsonNode tagsNode(JsonNode root) {
        JsonNode n = root.path("tags");
        if (n.isMissingNode() || n.isNull()) {
            n = root.path("event_tags");
        }
        return Payloads.embeddedJson(n);
    }

    private static Map<String, String> tags(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return new LinkedHashMap<>();
        }
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(e -> {
                if (e.isValueNode() && !e.isNull()) {
                    items.add(e.asText());
                }
            });
            return tags(String.join(",", items));
        }
        return node.isValueNode() ? tags(node.asText()) : new LinkedHashMap<>();
    }

    /** "k:v,k2:v2,flag" as a map; a repeated key keeps every value, comma-joined; a bare tag maps to "". */
    private static Map<String, String> tags(String csv) {
        Map<String, String> out = new LinkedHashMap<>();
        if (csv == null) {
            return out;
        }
        for (String raw : csv.split(",")) {
            String tag = raw.trim();
            if (tag.isEmpty()) {
                continue;
            }
            int colon = tag.indexOf(':');
            String key = colon < 0 ? tag : tag.substring(0, colon).trim();
            String value = colon < 0 ? "" : tag.substring(colon + 1).trim();
            if (key.isEmpty()) {
                continue;
            }
            out.merge(key, value, (a, v) -> a.isEmpty() ? v : v.isEmpty() ? a : a + "," + v);
        }
        return out;
    }

    /** The scope as a sorted comma list, so "role:db, host:a" and "host:a,role:db" fingerprint alike. */
    private static String normalizedScope(String scope) {
        if (scope == null) {
            return null;
        }
        TreeSet<String> parts = new TreeSet<>();
        for (String p : scope.split(",")) {
            if (!p.isBlank()) {
                parts.add(p.trim());
            }
        }
        return parts.isEmpty() ? null : String.join(",", parts);
    }

    private static JsonNode org(JsonNode root) {
        return Payloads.embeddedJson(root.path("org"));
    }

    private static String monitorIdIn(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = MONITOR_ID.matcher(text);
        return m.find() ? m.group(1) : null;
    }

    /** Datadog wraps markdown bodies in "%%%" fences; the fences are transport, not content. */
    private static String markdownBody(String body) {
        if (body == null) {
            return null;
        }
        String s = body.strip();
        if (s.startsWith("%%%")) {
            s = s.substring(3);
        }
        if (s.endsWith("%%%")) {
            s = s.substring(0, s.length() - 3);
        }
        s = s.strip();
        return s.isEmpty() ? null : s;
    }
}
