package io.alerthub.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import io.alerthub.model.Alert;
import io.alerthub.model.AlertSource;
import io.alerthub.model.AlertStatus;
import io.alerthub.model.FieldProblem;
import io.alerthub.model.Severity;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Normalize stage: maps a Prometheus Alertmanager webhook (version 4) group notification to one alert draft per
 * entry of {@code alerts[]}.
 */
@Component
public class AlertmanagerNormalizer implements AlertNormalizer {
    static final int SUMMARY_MAX = 1024;
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern HOST_PORT = Pattern.compile("([^:\\[\\]]+):\\d+");
    private static final Pattern BRACKETED_IPV6 = Pattern.compile("\\[([0-9A-Fa-f:.%\\w]+)](:\\d+)?");

    @Override
    public String format() {
        return "alertmanager";
    }

    @Override
    public NormalizedPayload normalize(JsonNode payload) {
        return new NormalizedPayload(null, normalizeGroup(payload, format(), (alert, b) -> { }));
    }

    /**
     * The part Alertmanager and Grafana share: Grafana's webhook is Alertmanager's group notification plus a few
     * per-alert URLs, which {@code extra} adds.
     */
    static List<Alert> normalizeGroup(JsonNode payload, String format, BiConsumer<JsonNode, Alert.Builder> extra) {
        if (payload == null || !payload.isObject()) {
            throw InvalidPayloadException.notAnObject(format, "$", payload);
        }
        JsonNode alerts = payload.path("alerts");
        if (alerts.isMissingNode() || alerts.isNull()) {
            throw InvalidPayloadException.missing(format, "alerts");
        }
        if (!alerts.isArray()) {
            throw new InvalidPayloadException(format + " payload field alerts must be an array",
                    List.of(new FieldProblem("alerts", "must be an array, got " + kind(alerts))));
        }
        if (alerts.isEmpty()) {
            throw new InvalidPayloadException(format + " payload carries no alerts",
                    List.of(new FieldProblem("alerts", "must contain at least one alert")));
        }
        String groupStatus = Payloads.text(payload, "status");
        String instance = Payloads.text(payload, "externalURL");
        List<FieldProblem> problems = new ArrayList<>();
        List<Alert> out = new ArrayList<>();
        for (int i = 0; i < alerts.size(); i++) {
            JsonNode a = alerts.get(i);
            String field = "alerts[" + i + "]";
            if (!a.isObject()) {
                problems.add(new FieldProblem(field, "must be an object, got " + kind(a)));
                continue;
            }
            // Each alert's own status wins over the group's: a group notification mixes firing and resolved alerts.
            String rawStatus = Payloads.firstText(Payloads.text(a, "status"), groupStatus);
            AlertStatus status = status(rawStatus);
            if (status == null) {
                problems.add(rawStatus == null
                        ? new FieldProblem(field + ".status", "is required")
                        : new FieldProblem(field + ".status",
                                "invalid value \"" + rawStatus + "\" (valid: \"firing\", \"resolved\")"));
                continue;
            }
            out.add(alert(a, format, instance, status, extra));
        }
        if (!problems.isEmpty()) {
            throw new InvalidPayloadException(format + " payload has invalid alerts", problems);
        }
        return out;
    }

    private static Alert alert(JsonNode a, String format, String instance, AlertStatus status,
            BiConsumer<JsonNode, Alert.Builder> extra) {
        JsonNode labelsNode = Payloads.embeddedJson(a.path("labels"));
        JsonNode annotationsNode = Payloads.embeddedJson(a.path("annotations"));
        Map<String, String> labels = Payloads.stringMap(labelsNode);
        Map<String, String> annotations = Payloads.stringMap(annotationsNode);
        String rawSeverity = Payloads.firstText(labels.get("severity"), labels.get("priority"));
        String host = hostFromLabels(labels);
        Alert.Builder b = Alert.builder()
                .source(new AlertSource(null, format, instance, null))
                .fingerprint(Payloads.text(a, "fingerprint"))
                .status(status)
                .name(labels.get("alertname"))
                .severity(severity(rawSeverity))
                .rawSeverity(rawSeverity)
                .host(host)
                .address(isIpLiteral(host) ? host : null)
                .service(labels.get("service"))
                .component(labels.get("component"))
                .summary(truncate(Payloads.firstText(annotations.get("summary"), annotations.get("message"),
                        firstLine(annotations.get("description")))))
                .description(Payloads.firstText(annotations.get("description"), annotations.get("message")))
                .labels(labels)
                .annotations(annotations)
                .startsAt(Payloads.instant(a.path("startsAt")))
                // A firing alert's endsAt is Alertmanager's resolve timeout, a guess about the future, not an end.
                .endsAt(status == AlertStatus.RESOLVED ? Payloads.instant(a.path("endsAt")) : null)
                .link(Payloads.text(a, "generatorURL"), "source");
        b.link(Payloads.firstText(annotations.get("runbook_url"), annotations.get("runbook")), "runbook");
        extra.accept(a, b);
        return b.build();
    }

    /** The host an alert is about, from the labels Prometheus setups use for it; the scrape port is dropped. */
    static String hostFromLabels(Map<String, String> labels) {
        String instance = labels.get("instance");
        if (instance != null && !instance.isBlank()) {
            String host = stripPort(instance.trim());
            if (host != null && !host.isBlank()) {
                return host;
            }
        }
        return Payloads.firstText(labels.get("host"), labels.get("hostname"), labels.get("nodename"));
    }

    static String stripPort(String instance) {
        if (instance.contains("://")) {
            try {
                String host = URI.create(instance).getHost();
                if (host != null) {
                    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
                }
            } catch (IllegalArgumentException e) {
                // not a URI after all: fall through to the host:port forms
            }
        }
        var v6 = BRACKETED_IPV6.matcher(instance);
        if (v6.matches()) {
            return v6.group(1);
        }
        var hp = HOST_PORT.matcher(instance);
        return hp.matches() ? hp.group(1) : instance;
    }

    static boolean isIpLiteral(String host) {
        return host != null && (IPV4.matcher(host).matches() || (host.indexOf(':') >= 0 && host.matches("[0-9A-Fa-f:.]+")));
    }

    /** Maps the usual severity words of Prometheus/Grafana rules; unknown words give null (raw kept). */
    static Severity severity(String raw) {
        if (raw == null) {
            return null;
        }
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "critical", "crit", "fatal", "emergency", "emerg", "alert", "page", "disaster", "p1", "sev1" ->
                    Severity.CRITICAL;
            case "error", "err", "major", "high", "p2", "sev2" -> Severity.ERROR;
            case "warning", "warn", "minor", "medium", "average", "p3", "sev3" -> Severity.WARNING;
            case "info", "information", "informational", "notice", "low", "none", "p4", "p5", "sev4" ->
                    Severity.INFO;
            default -> null;
        };
    }

    static AlertStatus status(String raw) {
        if (raw == null) {
            return null;
        }
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "firing" -> AlertStatus.FIRING;
            case "resolved" -> AlertStatus.RESOLVED;
            default -> null;
        };
    }

    static String truncate(String s) {
        if (s == null || s.length() <= SUMMARY_MAX) {
            return s;
        }
        int end = SUMMARY_MAX - 1;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + "…";
    }

    static String firstLine(String s) {
        if (s == null) {
            return null;
        }
        String line = s.strip();
        int nl = line.indexOf('\n');
        return nl < 0 ? line : line.substring(0, nl).strip();
    }

    static String kind(JsonNode node) {
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }
}
