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
 * Normalize stage: maps a Google Cloud Monitoring webhook notification (schema version 1.x, one
 * {@code incident}) to one alert draft.
 */
@Component
public class GcpMonitoringNormalizer implements AlertNormalizer {
    private static final String FORMAT = "gcp-monitoring";
    /** A condition filter pinning one machine: {@code metric.labels.instance_name = "web-1"}. */
    private static final Pattern FILTER_HOST = Pattern.compile(
            "(?:resource|metric)\\.labels?\\.(?:instance_name|host|hostname)\\s*=\\s*\"([^\"]{1,255})\"");
    private static final Pattern URL_PROJECT = Pattern.compile("[?&]project=([^&#]{1,200})");

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public NormalizedPayload normalize(JsonNode payload) {
        if (payload == null || !payload.isObject()) {
            throw InvalidPayloadException.notAnObject("gcp-monitoring", "$", payload);
        }
        JsonNode incident = payload.path("incident");
        if (!incident.isObject()) {
            throw InvalidPayloadException.missing(FORMAT, "incident");
        }
        String state = text(incident, "state");
        if (state == null) {
            throw InvalidPayloadException.missing(FORMAT, "incident.state");
        }
        AlertStatus status = switch (state.trim().toLowerCase(Locale.ROOT)) {
            case "open" -> AlertStatus.FIRING;
            case "closed" -> AlertStatus.RESOLVED;
            default -> {
                throw InvalidPayloadException.field(FORMAT, "incident.state",
                        "unknown value \"" + state + "\" (expected \"open\" or \"closed\")");
            }
        };

        String incidentId = text(incident, "incident_id");
        String policy = text(incident, "policy_name");
        String conditionName = Payloads.firstText(text(incident, "condition_name"),
                text(incident, "condition", "displayName"));
        String resourceName = Payloads.firstText(text(incident, "resource_name"), text(incident, "resource_id"));
        JsonNode resource = incident.path("resource");
        JsonNode resourceLabels = resource.path("labels");
        JsonNode metric = incident.path("metric");
        String url = text(incident, "url");
        String rawSeverity = text(incident, "severity");

        Alert.Builder b = Alert.builder()
                .status(status)
                .name(Payloads.firstText(conditionName, policy))
                .summary(text(incident, "summary"))
                .description(text(incident, "documentation", "content"))
                .severity(severity(rawSeverity))
                .rawSeverity(rawSeverity)
                .host(host(incident, resource, resourceLabels, metric));
        String fingerprint = incidentId;
        if (fingerprint == null && policy != null) {
            // Without an incident id, one policy condition on one resource is one problem.
            fingerprint = String.join("/", policy, Payloads.firstText(conditionName, ""), Payloads.firstText(resourceName, ""));
        }
        b.fingerprint(fingerprint);
        b.source(new AlertSource(null, FORMAT, Payloads.firstText(text(incident, "scoping_project_id"),
                text(resourceLabels, "project_id"), match(URL_PROJECT, url)), incidentId));

        b.labels(Payloads.stringMap(incident.path("policy_user_labels")));
        b.labels(Payloads.stringMap(incident.path("metadata").path("user_labels")));
        Payloads.stringMap(incident.path("metadata").path("system_labels")).forEach((k, v) -> b.label("system." + k, v));
        Payloads.stringMap(resourceLabels).forEach((k, v) -> b.label("resource." + k, v));
        Payloads.stringMap(metric.path("labels")).forEach((k, v) -> b.label("metric." + k, v));
        b.label("policy", policy);
        b.label("condition", conditionName);
        b.label("resource_type", text(resource, "type"));
        b.label("metric_type", text(metric, "type"));
        b.annotation("resource_name", resourceName);
        b.annotation("observed_value", text(incident, "observed_value"));
        b.annotation("threshold_value", text(incident, "threshold_value"));
        b.annotation("metric", text(metric, "displayName"));

        b.startsAt(Payloads.instant(incident.path("started_at")));
        b.endsAt(Payloads.instant(incident.path("ended_at")));
        b.link(url, "Cloud Monitoring incident");
        b.link(text(incident, "apigee_url"), "Apigee");

        String eventId = incidentId == null ? null : incidentId + ":" + state.trim().toLowerCase(Locale.ROOT);
        return new NormalizedPayload(eventId, List.of(b.build()));
    }

    private static String host(JsonNode incident, JsonNode resource, JsonNode resourceLabels, JsonNode metric) {
        String direct = Payloads.firstText(text(resourceLabels, "host"), text(resourceLabels, "instance_name"),
                text(metric, "labels", "instance_name"), text(resourceLabels, "hostname"));
        if (direct != null) {
            return direct;
        }
        // A condition written for one VM names it in its filter even when the resource labels do not.
        JsonNode condition = incident.path("condition");
        String filter = Payloads.firstText(text(condition, "conditionThreshold", "filter"),
                text(condition, "conditionAbsent", "filter"));
        String fromFilter = match(FILTER_HOST, filter);
        if (fromFilter != null) {
            return fromFilter;
        }
        return "gce_instance".equals(text(resource, "type")) ? text(incident, "resource_display_name") : null;
    }

    private static Severity severity(String raw) {
        if (raw == null) {
            return null;
        }
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "critical" -> Severity.CRITICAL;
            case "error" -> Severity.ERROR;
            case "warning" -> Severity.WARNING;
            default -> null; // "No severity" and anything new: unknown, kept in rawSeverity
        };
    }

    private static String match(Pattern p, String text) {
        if (text == null) {
            return null;
        }
        Matcher m = p.matcher(text);
        return m.find() ? m.group(1) : null;
    }

}
