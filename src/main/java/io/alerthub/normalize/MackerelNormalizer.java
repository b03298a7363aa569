package io.alerthub.normalize;

import static io.alerthub.normalize.Payloads.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.alerthub.model.Alert;
import io.alerthub.model.AlertSource;
import io.alerthub.model.AlertStatus;
import io.alerthub.model.FieldProblem;
import io.alerthub.model.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Normalize stage: maps a Mackerel alert webhook ({@code "event": "alert"}) to one alert draft. Host alerts carry a
 * {@code host}; service-metric, external-HTTP and expression alerts may carry none, and then only the service is set.
 */
@Component
public class MackerelNormalizer implements AlertNormalizer {
    private static final String FORMAT = "mackerel";

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public NormalizedPayload normalize(JsonNode payload) {
        if (payload == null || !payload.isObject()) {
            throw InvalidPayloadException.notAnObject("mackerel", "$", payload);
        }
        JsonNode alert = payload.path("alert");
        if (!alert.isObject()) {
            String event = text(payload, "event");
            if (event != null && !event.equals("alert")) {
                String msg = "event \"" + event + "\" carries no alert (only \"alert\" events are accepted)";
                throw new InvalidPayloadException("mackerel payload: " + msg, List.of(new FieldProblem("alert", msg)));
            }
            throw InvalidPayloadException.missing(FORMAT, "alert");
        }
        String rawStatus = text(alert, "status");
        if (rawStatus == null) {
            throw InvalidPayloadException.missing(FORMAT, "alert.status");
        }
        String st = rawStatus.trim().toLowerCase(Locale.ROOT);
        AlertStatus status = st.equals("ok") ? AlertStatus.RESOLVED : AlertStatus.FIRING;
        Severity severity = switch (st) {
            case "critical" -> Severity.CRITICAL;
            // "unknown" means the check could not get a value: a problem to look at, not proof of an outage.
            case "warning", "unknown" -> Severity.WARNING;
            case "ok" -> Severity.INFO;
            default -> null;
        };

        String alertId = text(alert, "id");
        String monitorName = text(alert, "monitorName");
        JsonNode host = payload.path("host");
        JsonNode role = host.path("roles").path(0);
        JsonNode service = payload.path("service");

        Alert.Builder b = Alert.builder()
                .status(status)
                .severity(severity)
                .rawSeverity(rawStatus)
                .fingerprint(alertId)
                .name(Payloads.firstText(monitorName, text(alert, "metricLabel")))
                .summary(Payloads.firstText(text(payload, "message"), text(alert, "message"), metricSummary(alert)))
                .description(Payloads.firstText(text(payload, "memo"), text(alert, "memo")))
                .host(text(host, "name"))
                .service(Payloads.firstText(text(role, "serviceName"), text(service, "name")))
                .component(text(role, "roleName"));
        b.source(new AlertSource(null, FORMAT, text(payload, "orgName"), alertId));

        b.label("alert_type", Payloads.firstText(text(alert, "type"), text(payload, "type")));
        b.label("monitor", monitorName);
        b.label("metric", text(alert, "metricLabel"));
        b.label("trigger", text(alert, "trigger"));
        b.label("roles", roles(host.path("roles")));
        b.label("host_id", text(host, "id"));
        b.label("host_status", text(host, "status"));
        b.annotation("metricValue", text(alert, "metricValue"));
        b.annotation("monitorOperator", text(alert, "monitorOperator"));
        b.annotation("warningThreshold", text(alert, "warningThreshold"));
        b.annotation("criticalThreshold", text(alert, "criticalThreshold"));
        b.annotation("duration", text(alert, "duration"));

        JsonNode opened = alert.path("openedAt");
        b.startsAt(Payloads.instant(opened.isMissingNode() || opened.isNull() ? alert.path("createdAt") : opened));
        if (status == AlertStatus.RESOLVED) {
            JsonNode closed = alert.path("closedAt");
            b.endsAt(Payloads.instant(closed.isMissingNode() || closed.isNull() ? alert.path("statusChangedAt") : closed));
        }
        b.link(text(alert, "url"), "Mackerel alert");
        b.link(text(host, "url"), "Mackerel host");
        b.link(text(payload, "imageUrl"), "Graph");

        // An alert id is one open/close cycle; each status change of it is one delivery.
        String eventId = alertId == null ? null : alertId + ":" + st;
        return new NormalizedPayload(eventId, List.of(b.build()));
    }

    /** "loadavg5 2.26 > 1.96" from the alert's metric fields, for payloads without a message. */
    private static String metricSummary(JsonNode alert) {
        String label = text(alert, "metricLabel");
        String value = text(alert, "metricValue");
        if (label == null || value == null) {
            return null;
        }
        String op = text(alert, "monitorOperator");
        String threshold = Payloads.firstText(text(alert, "criticalThreshold"), text(alert, "warningThreshold"));
        return op == null || threshold == null ? label + " " + value : label + " " + value + " " + op + " " + threshold;
    }

    private static String roles(JsonNode roles) {
        if (!roles.isArray()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (JsonNode r : roles) {
            String full = Payloads.firstText(text(r, "fullname"),
                    text(r, "serviceName") == null || text(r, "roleName") == null ? null
                            : text(r, "serviceName") + ": " + text(r, "roleName"));
            if (full != null) {
                out.add(full);
            }
        }
        return out.isEmpty() ? null : String.join(",", out);
    }

}
