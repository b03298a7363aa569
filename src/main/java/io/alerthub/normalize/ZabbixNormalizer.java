package io.alerthub.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * Normalize stage: maps the JSON object a Zabbix webhook media type sends (one problem or recovery event) to one
 * alert draft. Zabbix has no fixed webhook body, so each field is read under the names the common templates use
 * (Zulip's {@code hostname/trigger/status/severity/link}, Zabbix's own {@code event_*} parameters), from nested
 * {@code event{}}/{@code trigger{}}/{@code host{}}/{@code item{}} objects, and last from Zabbix's default message text
 * ("Problem started at … on …", "Problem name:", "Host:", "Severity:", "Original problem ID:").
 */
@Component
public class ZabbixNormalizer implements AlertNormalizer {
    private static final String[] STATUS_KEYS = {"event_value", "status", "event_status", "trigger_status"};
    private static final String[] NAME_KEYS = {"trigger", "trigger_name", "event_name", "name"};
    private static final String[] SUBJECT_KEYS = {"subject", "alert_subject", "title"};
    private static final Pattern QUERY_ID = Pattern.compile("[?&](eventid|triggerid)=(\\d+)");
    /** The nested objects some media-type scripts send; their fields are read as {@code <object>_<field>}. */
    private static final String[] NESTED = {"event", "trigger", "host", "item"};
    /** Zabbix's default subjects: "Problem: …", "Resolved: …", "Resolved in 5m 3s: …", "Updated problem: …". */
    private static final Pattern SUBJECT = Pattern.compile(
            "^\\s*(Problem|Resolved(?: in [^:]{1,40})?|Updated problem)\\s*:\\s*(.+)$", Pattern.DOTALL);
    /** A "Label: value" line of the default message text. */
    private static final Pattern TEXT_LINE = Pattern.compile("^\\s*([A-Za-z][A-Za-z ]{1,40}?)\\s*:\\s*(.*?)\\s*$");
    private static final Pattern STARTED = Pattern.compile(
            "Problem (started|has been resolved)(?: in [^\\r\\n]*?)? at (\\d{1,2}:\\d{2}:\\d{2}) on (\\d{4}\\.\\d{2}\\.\\d{2})");

    @Override
    public String format() {
        return "zabbix";
    }

    @Override
    public NormalizedPayload normalize(JsonNode raw) {
        // Some media-type scripts post the whole parameter object as one JSON string.
        JsonNode sent = Payloads.embeddedJson(raw);
        if (!sent.isObject()) {
            throw InvalidPayloadException.notAnObject("zabbix", "$", sent);
        }
        ObjectNode p = flattened((ObjectNode) sent);
        String description = first(p, "message", "alert_message", "description", "trigger_description", "default_message");
        Map<String, String> text = messageText(description);
        String subject = first(p, SUBJECT_KEYS);
        Matcher subjectParts = subject == null ? null : SUBJECT.matcher(subject);
        boolean defaultSubject = subjectParts != null && subjectParts.matches();

        List<FieldProblem> problems = new ArrayList<>();
        String rawStatus = Payloads.firstText(first(p, STATUS_KEYS), defaultSubject ? subjectParts.group(1) : null,
                text.get("$status"));
        AlertStatus status = status(rawStatus);
        if (rawStatus == null) {
            problems.add(new FieldProblem("status",
                    "is required (also read from event_value, event_status, trigger_status, event.status, a \"Problem:\"/\"Resolved:\" subject)"));
        } else if (status == null) {
            problems.add(new FieldProblem("status", "invalid value \"" + rawStatus
                    + "\" (valid: \"PROBLEM\", \"OK\", \"RESOLVED\", \"1\", \"0\")"));
        }
        String name = Payloads.firstText(first(p, NAME_KEYS), text.get("problem name"),
                defaultSubject ? subjectParts.group(2).trim() : subject);
        if (name == null) {
            problems.add(new FieldProblem("trigger",
                    "is required (also read from trigger_name, event_name, trigger.name, event.name, subject, title, \"Problem name:\" in the message)"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidPayloadException("zabbix payload is not a valid alert", problems);
        }

        String sentLink = first(p, "link", "event_url", "url_event", "trigger_url");
        String link = Payloads.firstText(sentLink, text.get("$url"));
        String eventId = Payloads.firstText(first(p, "event_id", "eventid"), queryId(link, "eventid"),
                text.get("original problem id"));
        String triggerId = Payloads.firstText(first(p, "trigger_id", "triggerid"), queryId(link, "triggerid"));
        // the server only from a field the template sends on every event: the message's {TRIGGER.URL} line is the
        // trigger's own (optional) URL, and a problem and its recovery must keep one fingerprint
        String instance = Payloads.firstText(first(p, "zabbix_url", "url", "zabbix.url"), baseUrl(sentLink));
        String rawSeverity = Payloads.firstText(
                first(p, "severity", "event_severity", "trigger_severity", "event_nseverity", "trigger_nseverity"),
                text.get("severity"));
        String host = Payloads.firstText(first(p, "hostname", "host", "host_name", "host_visible_name", "host_host"),
                text.get("host"));

        Alert.Builder b = Alert.builder()
                .source(new AlertSource(null, format(), instance, eventId))
                .fingerprint(fingerprint(triggerId, text.get("original problem id"), eventId, instance))
                .status(status)
                .name(name)
                .severity(severity(rawSeverity))
                .rawSeverity(rawSeverity)
                .host(host)
                .address(first(p, "host_ip", "ip", "host_conn"))
                .service(first(p, "service"))
                .summary(AlertmanagerNormalizer.truncate(Payloads.firstText(subject, name)))
                .description(description)
                .labels(tags(Payloads.embeddedJson(firstNode(p, "event_tags", "tags", "event_tagsjson", "trigger_tags"))))
                .annotations(scalars(p))
                .startsAt(Payloads.firstNonNull(time(p, "event_date", "event_time", "timestamp", "clock", "event_clock"),
                        text.containsKey("$started") ? Payloads.instant(text.get("$started")) : null))
                .link(link, "zabbix event");
        if (status == AlertStatus.RESOLVED) {
            b.endsAt(Payloads.firstNonNull(
                    time(p, "event_recovery_date", "event_recovery_time", "recovery_timestamp", "r_clock"),
                    text.containsKey("$resolved") ? Payloads.instant(text.get("$resolved")) : null));
        }
        String deliveryId = eventId == null ? null : eventId + ":" + status.json();
        return new NormalizedPayload(deliveryId, List.of(b.build()));
    }

    /**
     * The payload with the fields of nested {@code event{}}, {@code trigger{}}, {@code host{}} and {@code item{}}
     * objects copied in as {@code event_id}, {@code trigger_name}, {@code host_name}…: structured values win over
     * flat ones of the same name and over anything read from the message text.
     */
    private static ObjectNode flattened(ObjectNode sent) {
        ObjectNode p = sent.deepCopy();
        for (String object : NESTED) {
            JsonNode nested = sent.path(object);
            if (!nested.isObject()) {
                continue;
            }
            p.remove(object);
            nested.properties().forEach(e -> {
                if (!e.getValue().isNull()) {
                    p.set(object + "_" + e.getKey(), e.getValue());
                }
            });
        }
        return p;
    }

    /**
     * The "Label: value" lines of Zabbix's default problem and recovery messages, keyed by lower-case label, plus
     * {@code $status}, {@code $started}/{@code $resolved} (from "Problem started at T on D" / "Problem has been
     * resolved at T on D") and {@code $url} (a bare URL line, {TRIGGER.URL}); empty when there is no such text.
     */
    static Map<String, String> messageText(String message) {
        Map<String, String> out = new java.util.HashMap<>();
        if (message == null) {
            return out;
        }
        Matcher started = STARTED.matcher(message);
        if (started.find()) {
            boolean resolved = started.group(1).startsWith("has");
            out.put("$status", resolved ? "resolved" : "problem");
            out.put(resolved ? "$resolved" : "$started", started.group(3) + " " + started.group(2));
        }
        for (String line : message.split("\\r?\\n")) {
            String s = line.trim();
            if (s.startsWith("http://") || s.startsWith("https://")) {
                out.putIfAbsent("$url", s);
                continue;
            }
            Matcher m = TEXT_LINE.matcher(s);
            if (m.matches() && !m.group(2).isEmpty()) {
                out.putIfAbsent(m.group(1).toLowerCase(Locale.ROOT), m.group(2));
            }
        }
        return out;
    }

    private static AlertStatus status(String raw) {
        if (raw == null) {
            return null;
        }
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "problem", "1", "firing", "updated problem" -> AlertStatus.FIRING;
            case "ok", "resolved", "recovery", "0" -> AlertStatus.RESOLVED;
            default -> raw.trim().toLowerCase(Locale.ROOT).startsWith("resolved in ") ? AlertStatus.RESOLVED : null;
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
    private static String fingerprint(String triggerId, String problemId, String eventId, String instance) {
        // a recovery's own event id differs from its problem's: the message's "Original problem ID" keeps them together
        String id = triggerId != null ? "trigger:" + triggerId
                : problemId != null ? "event:" + problemId
                : eventId != null ? "event:" + eventId : null;
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
                } else if (t.isTextual()) {
                    renderedTags(t.asText(), out);
                }
            }
        } else if (node.isObject()) {
            out.putAll(Payloads.stringMap(node));
        } else if (node.isTextual()) {
            renderedTags(node.asText(), out);
        }
        return out;
    }

    /** Zabbix's rendered {EVENT.TAGS}: "tag:value, tag2:value2" (a tag without a value has no colon). */
    private static void renderedTags(String rendered, Map<String, String> out) {
        for (String part : rendered.split(",")) {
            String s = part.trim();
            if (s.isEmpty()) {
                continue;
            }
            int colon = s.indexOf(':');
            out.put(colon < 0 ? s : s.substring(0, colon).trim(), colon < 0 ? "" : s.substring(colon + 1).trim());
        }
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
