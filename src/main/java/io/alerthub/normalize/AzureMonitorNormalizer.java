package io.alerthub.normalize;

import static io.alerthub.normalize.Payloads.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.alerthub.model.Alert;
import io.alerthub.model.AlertSource;
import io.alerthub.model.AlertStatus;
import io.alerthub.model.Severity;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Normalize stage: maps an Azure Monitor alert in the common alert schema to one alert draft, also when it arrives
 * through an Azure Automation webhook, where the alert sits as a JSON string in {@code RequestBody} of
 * {@code WebhookData}.
 */
@Component
public class AzureMonitorNormalizer implements AlertNormalizer {
    private static final String FORMAT = "azure-monitor";
    private static final String COMMON_SCHEMA = "azureMonitorCommonAlertSchema";
    private static final Pattern SUBSCRIPTION = Pattern.compile("(?i)/subscriptions/([^/]{1,200})");
    private static final Pattern RESOURCE_GROUP = Pattern.compile("(?i)/resourcegroups/([^/]{1,200})");
    private static final Pattern RESOURCE_TYPE = Pattern.compile("(?i)/providers/([^/]{1,200}/[^/]{1,200})/[^/]+$");
    private static final Pattern SEVERITY = Pattern.compile("(?i)^\\s*(?:sev)?\\s*([0-4])\\s*$");

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public NormalizedPayload normalize(JsonNode payload) {
        JsonNode root = object(Payloads.embeddedJson(payload), "$");
        String webhookName = null;
        // Azure Automation hands a runbook {WebhookName, RequestBody: "<the alert as a JSON string>", RequestHeader}.
        JsonNode webhookData = root.has("WebhookData") ? object(Payloads.embeddedJson(root.get("WebhookData")), "WebhookData") : root;
        if (webhookData.has("RequestBody")) {
            webhookName = text(webhookData, "WebhookName");
            root = object(Payloads.embeddedJson(webhookData.get("RequestBody")), "RequestBody");
        }
        String schemaId = text(root, "schemaId");
        if (schemaId != null && !schemaId.equalsIgnoreCase(COMMON_SCHEMA)) {
            throw InvalidPayloadException.field(FORMAT, "schemaId",
                    "unsupported schema \"" + schemaId + "\" (expected \"" + COMMON_SCHEMA + "\")");
        }
        JsonNode data = Payloads.embeddedJson(root.path("data"));
        JsonNode essentials = Payloads.embeddedJson(data.path("essentials"));
        if (!essentials.isObject()) {
            throw InvalidPayloadException.missing(FORMAT, "data.essentials");
        }
        String condition = text(essentials, "monitorCondition");
        if (condition == null) {
            throw InvalidPayloadException.missing(FORMAT, "data.essentials.monitorCondition");
        }
        AlertStatus status = switch (condition.trim().toLowerCase(Locale.ROOT)) {
            case "fired" -> AlertStatus.FIRING;
            case "resolved" -> AlertStatus.RESOLVED;
            default -> {
                throw InvalidPayloadException.field(FORMAT, "data.essentials.monitorCondition",
                        "unknown value \"" + condition + "\" (expected \"Fired\" or \"Resolved\")");
            }
        };

        String alertId = text(essentials, "alertId");
        String rule = text(essentials, "alertRule");
        String rawSeverity = text(essentials, "severity");
        String targetId = first(essentials.path("alertTargetIDs"));
        JsonNode context = Payloads.embeddedJson(data.path("alertContext"));
        JsonNode criterion = Payloads.embeddedJson(context.path("condition")).path("allOf").path(0);

        Alert.Builder b = Alert.builder()
                .status(status)
                .fingerprint(alertId)
                .name(rule)
                .severity(severity(rawSeverity))
                .rawSeverity(rawSeverity)
                .description(text(essentials, "description"))
                // configurationItems name the affected machines (a log alert's computers); else the target resource.
                .host(Payloads.firstText(first(essentials.path("configurationItems")), lastSegment(targetId)));
        b.summary(Payloads.firstText(text(essentials, "description"), summary(rule, condition, criterion)));
        b.source(new AlertSource(null, FORMAT,
                Payloads.firstText(match(SUBSCRIPTION, alertId), match(SUBSCRIPTION, targetId)), alertId));

        b.labels(Payloads.stringMap(Payloads.embeddedJson(data.path("customProperties"))));
        b.label("signalType", text(essentials, "signalType"));
        b.label("monitoringService", text(essentials, "monitoringService"));
        b.label("resourceGroup", match(RESOURCE_GROUP, targetId));
        b.label("resourceType", targetId == null ? null : match(RESOURCE_TYPE, targetId.toLowerCase(Locale.ROOT)));
        b.label("conditionType", text(context, "conditionType"));
        b.label("metricName", text(criterion, "metricName"));
        b.label("metricNamespace", text(criterion, "metricNamespace"));
        b.label("webhookName", webhookName);
        b.annotation("alertTargetId", targetId);
        b.annotation("alertRuleId", text(essentials, "alertRuleId"));
        b.annotation("originAlertId", text(essentials, "originAlertId"));
        b.annotation("operator", text(criterion, "operator"));
        b.annotation("threshold", text(criterion, "threshold"));
        b.annotation("metricValue", text(criterion, "metricValue"));
        b.annotation("windowSize", Payloads.text(context, "condition", "windowSize"));

        b.startsAt(Payloads.instant(essentials.path("firedDateTime")));
        b.endsAt(Payloads.instant(essentials.path("resolvedDateTime")));
        b.link(text(essentials, "investigationLink"), "Azure investigation");
        b.link(text(criterion, "linkToSearchResultsUI"), "Search results");
        b.link(text(context, "LinkToSearchResults"), "Search results");

        String eventId = alertId == null ? null : alertId + ":" + condition;
        return new NormalizedPayload(eventId, List.of(b.build()));
    }

    private static JsonNode object(JsonNode node, String field) {
        if (!node.isObject()) {
            throw InvalidPayloadException.notAnObject(FORMAT, field, node);
        }
        return node;
    }

    /** Azure's Sev0 (critical) to Sev4 (verbose); Sev3 is "informational". */
    private static Severity severity(String raw) {
        if (raw == null) {
            return null;
        }
        Matcher m = SEVERITY.matcher(raw);
        if (!m.matches()) {
            return null;
        }
        return switch (m.group(1)) {
            case "0" -> Severity.CRITICAL;
            case "1" -> Severity.ERROR;
            case "2" -> Severity.WARNING;
            default -> Severity.INFO;
        };
    }

    /** "Percentage CPU GreaterThan 25 (value 31.1)" from the first metric criterion, for alerts without a description. */
    private static String summary(String rule, String condition, JsonNode criterion) {
        String metric = text(criterion, "metricName");
        String head = Payloads.firstText(rule, "azure monitor alert") + " " + condition.trim();
        if (metric == null) {
            return head;
        }
        StringBuilder s = new StringBuilder(head).append(": ").append(metric);
        String op = text(criterion, "operator");
        String threshold = text(criterion, "threshold");
        if (op != null && threshold != null) {
            s.append(' ').append(op).append(' ').append(threshold);
        }
        String value = text(criterion, "metricValue");
        if (value != null) {
            s.append(" (value ").append(value).append(')');
        }
        return s.toString();
    }

    /** The first string of a list that may also arrive as a single string. */
    private static String first(JsonNode node) {
        if (node.isArray()) {
            for (JsonNode e : node) {
                if (e.isValueNode() && !e.isNull() && !e.asText().isBlank()) {
                    return e.asText();
                }
            }
            return null;
        }
        return Payloads.text(node);
    }

    /** A resource id's last path segment is the resource's name. */
    private static String lastSegment(String resourceId) {
        if (resourceId == null) {
            return null;
        }
        String[] parts = resourceId.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            if (!parts[i].isBlank()) {
                return parts[i];
            }
        }
        return null;
    }

    private static String match(Pattern p, String text) {
        if (text == null) {
            return null;
        }
        Matcher m = p.matcher(text);
        return m.find() ? m.group(1) : null;
    }

}
