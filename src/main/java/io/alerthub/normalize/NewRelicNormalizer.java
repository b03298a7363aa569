package io.alerthub.normalize;

import static io.alerthub.normalize.Payloads.text;
import static io.alerthub.normalize.Payloads.nonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.alerthub.model.Alert;
import io.alerthub.model.AlertSource;
import io.alerthub.model.AlertStatus;
import io.alerthub.model.FieldProblem;
import io.alerthub.model.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Normalize stage: maps a New Relic webhook to one alert draft, both the workflow destination's default payload
 * ({@code state} CREATED/ACTIVATED/ACKNOWLEDGED/CLOSED, one issue) and the legacy alert channel payload
 * ({@code current_state} open/acknowledged/closed, one incident).
 */
@Component
public class NewRelicNormalizer implements AlertNormalizer {
    private static final String FORMAT = "newrelic";
    private static final Pattern ISSUE_ID = Pattern.compile("/issues/([A-Za-z0-9-]{1,100})");
    private static final Pattern ACCOUNT_ID = Pattern.compile("/accounts/(\\d{1,20})");

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public NormalizedPayload normalize(JsonNode payload) {
        if (payload == null || !payload.isObject()) {
            throw InvalidPayloadException.notAnObject("newrelic", "$", payload);
        }
        if (payload.has("current_state") || payload.has("incident_id")) {
            return legacy(payload);
        }
        if (payload.has("state") || payload.has("issueUrl") || payload.has("issueId")) {
            return workflow(payload);
        }
        throw new InvalidPayloadException(
                "newrelic payload lacks required field(s): state (workflow) or current_state (legacy channel)",
                List.of(new FieldProblem("state", "is required (current_state for legacy alert channels)")));
    }

    /** The workflow destination's default template: one issue, which may group several incidents. */
    private static NormalizedPayload workflow(JsonNode root) {
        String state = text(root, "state");
        if (state == null) {
            throw InvalidPayloadException.missing(FORMAT, "state");
        }
        AlertStatus status = switch (state.trim().toUpperCase(Locale.ROOT)) {
            case "CREATED", "ACTIVATED", "ACKNOWLEDGED" -> AlertStatus.FIRING;
            case "CLOSED" -> AlertStatus.RESOLVED;
            default -> throw unknown("state", state, "CREATED, ACTIVATED, ACKNOWLEDGED, CLOSED");
        };
        String id = text(root, "id");
        String issueUrl = text(root, "issueUrl");
        String title = text(root, "title");
        String condition = first(root.path("alertConditionNames"));
        String priority = text(root, "priority");

        Alert.Builder b = Alert.builder()
                .status(status)
                .name(Payloads.firstText(condition, text(root, "conditionName"), title))
                .summary(Payloads.firstText(title, condition))
                .description(text(root, "description"))
                .host(first(root.path("impactedEntities")));
        // The default template's "id" is the issue id; the issue URL names it too and is kept by custom templates.
        b.fingerprint(Payloads.firstText(text(root, "issueId"), match(ISSUE_ID, issueUrl), id));
        b.source(new AlertSource(null, FORMAT,
                Payloads.firstText(text(root, "accountName"), text(root, "accountId"), match(ACCOUNT_ID, issueUrl)), id));
        b.severity(priority == null ? null : switch (priority.trim().toUpperCase(Locale.ROOT)) {
            case "CRITICAL" -> Severity.CRITICAL;
            case "HIGH" -> Severity.ERROR;
            case "MEDIUM" -> Severity.WARNING;
            case "LOW" -> Severity.INFO;
            default -> null;
        }).rawSeverity(priority);
        b.label("policy", joined(root.path("alertPolicyNames")));
        b.label("condition", joined(root.path("alertConditionNames")));
        b.label("impactedEntities", joined(root.path("impactedEntities")));
        b.label("sources", joined(root.path("sources")));
        b.label("workflow", text(root, "workflowName"));
        b.label("trigger", text(root, "trigger"));
        b.annotation("totalIncidents", text(root, "totalIncidents"));
        b.annotation("isCorrelated", text(root, "isCorrelated"));
        b.startsAt(Payloads.instant(root.path("createdAt")));
        if (status == AlertStatus.RESOLVED) {
            b.endsAt(Payloads.instant(Payloads.firstText(text(root, "closedAt"), text(root, "updatedAt"))));
        }
        b.link(issueUrl, "New Relic issue");

        String eventId = id == null ? null : String.join(":", nonNull(id, state, text(root, "updatedAt")));
        return new NormalizedPayload(eventId, List.of(b.build()));
    }

    /** The legacy alert channel (pre-workflow) payload: one incident of one policy condition. */
    private static NormalizedPayload legacy(JsonNode root) {
        String state = text(root, "current_state");
        if (state == null) {
            throw InvalidPayloadException.missing(FORMAT, "current_state");
        }
        AlertStatus status = switch (state.trim().toLowerCase(Locale.ROOT)) {
            case "open", "acknowledged" -> AlertStatus.FIRING;
            case "closed" -> AlertStatus.RESOLVED;
            default -> throw unknown("current_state", state, "open, acknowledged, closed");
        };
        String incidentId = text(root, "incident_id");
        String incidentUrl = text(root, "incident_url");
        String severity = text(root, "severity");
        String condition = text(root, "condition_name");

        Alert.Builder b = Alert.builder()
                .status(status)
                .name(Payloads.firstText(condition, text(root, "policy_name")))
                .summary(Payloads.firstText(text(root, "details"), condition))
                .fingerprint(incidentId);
        b.source(new AlertSource(null, FORMAT,
                Payloads.firstText(text(root, "account_name"), text(root, "account_id"), match(ACCOUNT_ID, incidentUrl)),
                incidentId));
        b.severity(severity == null ? null : switch (severity.trim().toUpperCase(Locale.ROOT)) {
            case "CRITICAL" -> Severity.CRITICAL;
            case "WARNING" -> Severity.WARNING;
            case "INFO" -> Severity.INFO;
            default -> null;
        }).rawSeverity(severity);

        JsonNode target = root.path("targets").path(0);
        String targetName = text(target, "name");
        String targetKind = (Payloads.firstText(text(target, "type"), "") + " "
                + Payloads.firstText(text(target, "product"), "")).toLowerCase(Locale.ROOT);
        // Infrastructure targets are hosts; APM, browser and synthetics targets are applications or monitors.
        if (targetKind.contains("host") || targetKind.contains("server") || targetKind.contains("infrastructure")) {
            b.host(targetName);
        } else {
            b.service(targetName);
        }
        JsonNode targetLabels = target.path("labels");
        if (targetLabels.isObject()) {
            Payloads.stringMap(targetLabels).forEach((k, v) -> b.label("target." + k, v));
        }
        b.label("policy", text(root, "policy_name"));
        b.label("condition", condition);
        b.label("condition_id", text(root, "condition_id"));
        b.label("event_type", text(root, "event_type"));
        b.label("target_type", text(target, "type"));
        b.label("target_product", text(target, "product"));
        b.annotation("duration", text(root, "duration"));
        b.annotation("open_violations_count", text(root, "open_violations_count"));

        Instant at = Payloads.instant(root.path("timestamp"));
        if (status == AlertStatus.RESOLVED) {
            b.endsAt(at);
        } else if (state.trim().equalsIgnoreCase("open")) {
            b.startsAt(at);
        }
        b.link(incidentUrl, "New Relic incident");
        b.link(text(root, "runbook_url"), "Runbook");
        b.link(text(root, "violation_chart_url"), "Violation chart");
        b.link(text(root, "policy_url"), "Policy");

        String eventId = incidentId == null ? null
                : String.join(":", nonNull(incidentId, state, text(root, "timestamp")));
        return new NormalizedPayload(eventId, List.of(b.build()));
    }

    private static InvalidPayloadException unknown(String field, String value, String expected) {
        String msg = "unknown value \"" + value + "\" (expected one of " + expected + ")";
        return InvalidPayloadException.field("newrelic", field, msg);
    }

    /** First element of a list the template may send as an array, a JSON string holding one, or a plain string. */
    private static String first(JsonNode node) {
        JsonNode n = Payloads.embeddedJson(node);
        if (n.isArray()) {
            for (JsonNode e : n) {
                if (e.isValueNode() && !e.isNull() && !e.asText().isBlank()) {
                    return e.asText();
                }
            }
            return null;
        }
        return n.isValueNode() && !n.isNull() && !n.asText().isBlank() ? n.asText() : null;
    }

    private static String joined(JsonNode node) {
        JsonNode n = Payloads.embeddedJson(node);
        if (!n.isArray()) {
            return first(n);
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : n) {
            if (e.isValueNode() && !e.isNull() && !e.asText().isBlank()) {
                out.add(e.asText());
            }
        }
        return out.isEmpty() ? null : String.join(",", out);
    }

    private static String match(Pattern p, String text) {
        if (text == null) {
            return null;
        }
        Matcher m = p.matcher(text);
        return m.find() ? m.group(1) : null;
    }
}
