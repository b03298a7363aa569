package io.alerthub.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import io.alerthub.model.Alert;
import io.alerthub.model.AlertSource;
import io.alerthub.model.AlertStatus;
import io.alerthub.model.FieldProblem;
import io.alerthub.model.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Normalize stage: maps an Opsgenie outgoing-webhook action ({@code Create}, {@code Acknowledge}, {@code Close},
 * {@code AddNote}, …) on one Opsgenie alert to one alert draft; the action is kept in the annotations.
 */
@Component
public class OpsgenieNormalizer implements AlertNormalizer {
    /** The annotation holding the Opsgenie action, so routing can tell an acknowledgement from a new alert. */
    public static final String ACTION_ANNOTATION = "opsgenie_action";

    @Override
    public String format() {
        return "opsgenie";
    }

    @Override
    public NormalizedPayload normalize(JsonNode raw) {
        JsonNode p = Payloads.embeddedJson(raw);
        if (!p.isObject()) {
            throw InvalidPayloadException.notAnObject("opsgenie", "$", p);
        }
        List<FieldProblem> problems = new ArrayList<>();
        String action = Payloads.text(p, "action");
        if (action == null) {
            problems.add(new FieldProblem("action", "is required"));
        }
        JsonNode alert = Payloads.embeddedJson(p.path("alert"));
        String alertId = Payloads.text(alert, "alertId");
        String alias = Payloads.text(alert, "alias");
        if (alert.isMissingNode() || alert.isNull()) {
            problems.add(new FieldProblem("alert", "is required"));
        } else if (!alert.isObject()) {
            problems.add(new FieldProblem("alert", "must be an object, got " + AlertmanagerNormalizer.kind(alert)));
        } else if (alertId == null && alias == null) {
            problems.add(new FieldProblem("alert.alertId", "is required (or alert.alias)"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidPayloadException("opsgenie payload is not a valid alert action", problems);
        }

        AlertStatus status = status(action, Payloads.text(alert, "status"));
        String updatedAt = Payloads.text(alert, "updatedAt");
        String id = alertId != null ? alertId : alias;
        String eventId = id + ":" + action + (updatedAt == null ? "" : ":" + updatedAt);
        String priority = Payloads.text(alert, "priority");
        Map<String, String> details = Payloads.stringMap(Payloads.embeddedJson(alert.path("details")));
        String message = Payloads.text(alert, "message");

        Alert.Builder b = Alert.builder()
                .source(new AlertSource(null, format(), null, eventId))
                // The alias is Opsgenie's own dedup key; alerts created without one get the alert id.
                .fingerprint(alias != null ? alias : alertId)
                .status(status)
                .name(Payloads.firstText(message, alias, alertId))
                .severity(severity(priority))
                .rawSeverity(priority)
                // Opsgenie's monitoring integrations put the host into entity.
                .host(Payloads.firstText(details.get("host"), details.get("hostname"), Payloads.text(alert, "entity")))
                .summary(AlertmanagerNormalizer.truncate(message))
                .description(Payloads.text(alert, "description"))
                .labels(details)
                .label("tags", tags(Payloads.embeddedJson(alert.path("tags"))))
                .annotation(ACTION_ANNOTATION, action)
                .annotation("opsgenie_alert_id", alertId)
                .annotation("opsgenie_tiny_id", Payloads.text(alert, "tinyId"))
                .annotation("opsgenie_username", Payloads.text(alert, "username"))
                .annotation("opsgenie_source", Payloads.text(alert, "source"))
                .annotation("opsgenie_note", Payloads.text(alert, "note"))
                .annotation("opsgenie_integration", Payloads.text(p, "integrationName"))
                .startsAt(Payloads.instant(alert.path("createdAt")));
        if (status == AlertStatus.RESOLVED) {
            b.endsAt(Payloads.instant(alert.path("updatedAt")));
        }
        return new NormalizedPayload(eventId, List.of(b.build()));
    }

    /**
     * Close (and Delete, which removes the alert for good) end the problem; every other action, Acknowledge
     * included, is news about an alert that is still open.
     */
    private static AlertStatus status(String action, String alertStatus) {
        String a = action.trim().toLowerCase(Locale.ROOT);
        if (a.equals("close") || a.equals("delete") || "closed".equalsIgnoreCase(alertStatus)) {
            return AlertStatus.RESOLVED;
        }
        return AlertStatus.FIRING;
    }

    /** Opsgenie priorities P1 (critical) to P5 (informational), sent as "P3" or, in some payloads, 3. */
    private static Severity severity(String priority) {
        if (priority == null) {
            return null;
        }
        return switch (priority.trim().toUpperCase(Locale.ROOT)) {
            case "P1", "1" -> Severity.CRITICAL;
            case "P2", "2" -> Severity.ERROR;
            case "P3", "3" -> Severity.WARNING;
            case "P4", "4", "P5", "5" -> Severity.INFO;
            default -> null;
        };
    }

    private static String tags(JsonNode tags) {
        if (tags.isArray()) {
            List<String> out = new ArrayList<>();
            tags.forEach(t -> {
                if (t.isValueNode() && !t.isNull() && !t.asText().isBlank()) {
                    out.add(t.asText());
                }
            });
            return out.isEmpty() ? null : String.join(",", out);
        }
        return Payloads.text(tags);
    }
}
