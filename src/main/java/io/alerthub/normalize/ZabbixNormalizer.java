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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Normalize stage: maps the flat JSON object a Zabbix webhook media type sends (one problem or recovery event) to
 * one alert draft. Zabbix has no fixed webhook body, so each field is read under the names the common templates
 * use (Zulip's {@code hostname/trigger/status/severity/link}, Zabbix's own {@code event_*} parameters).
 */
@Component
public class ZabbixNormalizer implements AlertNormalizer {
    private static final String[] STATUS_KEYS = {"status", "event_status", "trigger_status", "event_value"};
    private static final String[] NAME_KEYS = {"trigger", "trigger_name", "event_name", "name", "subject", "alert_subject"};
    private static final Pattern QUERY_ID = Pattern.compile("[?&](eventid|triggerid)=(\\d+)");

    @Override
    public String format() {
        return "zabbix";
    }

    @Override
    public NormalizedPayload normalize(JsonNode raw) {
        // Some media-type scripts post the whole parameter object as one JSON string.
        JsonNode p = Payloads.embeddedJson(raw);
        if (!p.isObject()) {
            throw InvalidPayloadException.notAnObject("zabbix", "$", p);
        }
        List<FieldProblem> problems = new ArrayList<>();
        String rawStatus = first(p, STATUS_KEYS);
        AlertStatus status = status(rawStatus);
        if (rawStatus == null) {
            problems.add(new FieldProblem("status", "is required (also read from event_status, trigger_status, event_value)"));
        } else if (status == null) {
            problems.add(new FieldProblem("status", "invalid value \"" + rawStatus
                    + "\" (valid: \"PROBLEM\", \"OK\", \"RESOLVED\", \"1\", \"0\")"));
        }
        String name = first(p, NAME_KEYS);
        if (name == null) {
            problems.add(new FieldProblem("trigger",
                    "is required (also read from trigger_name, event_name, name, subject, alert_subject)"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidPayloadException("zabbix payload is not a valid alert", problems);
        }

        String link = first(p, "link", "event_url", "url_event", "trigger_url");
        String eventId = Payloads.firstText(first(p, "event_id", "eventid"), queryId(link, "eventid"));
        String triggerId = Payloads.firstText(first(p, "trigger_id", "triggerid"), queryId(link, "triggerid"));
        String instance = Payloads.firstText(first(p, "zabbix_url", "url", "zabbix.url"), baseUrl(link));
        String rawSeverity = first(p, "severity", "event_severity", "trigger_severity", "event_nseverity");
        String description = first(p, "message", "alert_message", "description", "trigger_description");

        Alert.Builder b = Alert.builder()
                .source(new AlertSource(null, format(), instance, eventId))
                .fingerprint(fingerprint(triggerId, eventId, instance))
                .status(status)
                .name(name)
                .severity(severity(rawSeverity))
                .rawSeverity(rawSeverity)
                .host(first(p, "hostname", "host", "host_name", "host_host"))
                .address(first(p, "host_ip", "ip", "host_conn"))
                .service(first(p, "service"))
                .summary(AlertmanagerNormalizer.truncate(Payloads.firstText(first(p, "subject", "alert_subject"), name)))
                .description(description)
                .labels(tags(Payloads.embeddedJson(firstNode(p, "event_tags", "tags", "event_tagsjson"))))
                .annotations(scalars(p))
                .startsAt(time(p, "event_date", "event_time", "timestamp", "clock"))
                .link(link, "zabbix event");
        if (status == AlertStatus.RESOLVED) {
            b.endsAt(time(p, "event_recovery_date", "event_recovery_time", "recovery_timestamp", "r_clock"));
        }
        String deliveryId = eventId == null ? null : eventId + ":" + status.json();
        return new NormalizedPayload(deliveryId, List.of(b.build()));
    }

    private static AlertStatus status(String raw) {
        if (raw == null) {
            return null;
        }
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "problem", "1", "firing" -> AlertStatus.FIRING;
            case "ok", "resolved", "recovery", "0" -> AlertStatus.RESOLVED;
            default -> null;
        };
    }

    /** Zabbix's six levels (names or numbers 0–5) onto four; "Not classified" says nothing, so it stays null. */
    private static Severity severity(String raw) {
        if (raw == null) {
            return null;
        }
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "not classified", "0" -> null;
            case "information", "1" -> Severity.INFO;
            case "warning", "2", "average", "3" -> Severity.WARNING;
            case "high", "4" -> Severity.ERROR;
            case "disaster", "5" -> Severity.CRITICAL;
            default -> AlertmanagerNormalizer.severity(raw);
        };
    }

    /**
     * A trigger is one problem on one host and keeps its id across the problem and recovery events, so it is the
     * dedup key; the server's host name keeps two Zabbix servers' ids apart.
     */
    private static String fingerprint(String triggerId, String eventId, String instance) {
        String id = triggerId != null ? "trigger:" + triggerId : eventId != null ? "event:" + eventId : null;
        if (id == null) {
            return null;
        }
        String server = host(instance);
        return server == null ? id : id + "@" + server;
    }

    private static Instant time(JsonNode p, String dateKey, String timeKey, String... epochKeys) {
        String date = Payloads.text(p, dateKey);
        String clock = Payloads.text(p, timeKey);
        if (date != null && clock != null) {
            // Zabbix renders {EVENT.DATE} {EVENT.TIME} in the server's zone without saying which; read as UTC.
            Instant t = Payloads.instant(date + " " + clock);
            if (t != null) {
                return t;
            }
        }
        for (String key : epochKeys) {
            Instant t = Payloads.instant(p.path(key));
            if (t != null) {
                return t;
            }
        }
        return null;
    }

    /** Event tags as JSON ([{tag, value}] or an object) or as Zabbix's rendered "tag:value, tag2:value2". */
    private static Map<String, String> tags(JsonNode node) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        if (node.isArray()) {
            for (JsonNode t : node) {
                String tag = Payloads.text(t, "tag");
                if (tag != null) {
                    out.put(tag, Payloads.firstText(Payloads.text(t, "value"), ""));
                }
            }
        } else if (node.isObject()) {
            out.putAll(Payloads.stringMap(node));
        } else if (node.isTextual()) {
            for (String part : node.asText().split(",")) {
                String s = part.trim();
                if (s.isEmpty()) {
                    continue;
                }
                int colon = s.indexOf(':');
                out.put(colon < 0 ? s : s.substring(0, colon).trim(), colon < 0 ? "" : s.substring(colon + 1).trim());
            }
        }
        return out;
    }

    /** Every scalar field as sent, so template-specific fields (item, operational data) are not lost. */
    private static Map<String, String> scalars(JsonNode p) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        p.properties().forEach(e -> {
            if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                out.put(e.getKey(), e.getValue().asText());
            }
        });
        return out;
    }

    private static String first(JsonNode p, String... keys) {
        for (String key : keys) {
            String v = Payloads.text(p, key);
            if (v != null) {
                return v.trim();
            }
        }
        return null;
    }

    private static JsonNode firstNode(JsonNode p, String... keys) {
        for (String key : keys) {
            JsonNode v = p.path(key);
            if (!v.isMissingNode() && !v.isNull()) {
                return v;
            }
        }
        return p.path(keys[0]);
    }

    private static String queryId(String link, String name) {
        if (link == null) {
            return null;
        }
        Matcher m = QUERY_ID.matcher(link);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return m.group(2);
            }
        }
        return null;
    }

    /** The Zabbix front-end a link points into: the link without its page and query. */
    private static String baseUrl(String link) {
        String host = host(link);
        if (host == null) {
            return null;
        }
        URI uri = URI.create(link);
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String dir = path.substring(0, path.lastIndexOf('/') + 1);
        return uri.getScheme() + "://" + uri.getRawAuthority() + (dir.isEmpty() ? "/" : dir);
    }

    private static String host(String url) {
        if (url == null || !url.contains("://")) {
            return null;
        }
        try {
            URI uri = URI.create(url.trim());
            return uri.getScheme() == null || uri.getRawAuthority() == null ? null : uri.getHost();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
