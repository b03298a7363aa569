package io.alerthub.triage;

import io.alerthub.config.CorrelationConfig;
import io.alerthub.config.CustomerConfig;
import io.alerthub.config.CustomerRegistry;
import io.alerthub.model.Alert;
import io.alerthub.model.AlertStatus;
import io.alerthub.model.Incident;
import io.alerthub.model.TimelineEntry;
import io.alerthub.store.CorrelationStore;
import io.alerthub.store.IncidentStore;
import io.alerthub.store.TimelineStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Triage stage: cross-channel correlation. Two channels describe one problem with different fingerprints (a Zabbix
 * webhook keys on the trigger, its mail on the problem's event id; a CloudWatch mail may lack the alarm ARN SNS
 * carries), so for a customer with {@code correlation.crossChannel} on, every folded alert also leaves its correlation
 * keys, and an alert whose own fingerprint finds no incident joins the incident another channel reported under one of
 * its keys. Exact keys name the problem at its source (Zabbix problem event id, CloudWatch alarm); the fallback key
 * (host, alert class, normalized name) joins only within {@code correlation.within} of the other channel's last report.
 */
@Component
public class CrossChannelCorrelation {
    static final String CORRELATED = "correlated";
    private static final Pattern ALARM_ARN = Pattern.compile("^arn:[a-z-]+:cloudwatch:([a-z0-9-]+):(\\d{12}):alarm:(.+)$");
    private static final Pattern ORIGINAL_PROBLEM = Pattern.compile("(?im)^\\s*Original problem ID:\\s*(\\d+)");
    private static final int MAX_KEY = 600;
    private final CustomerRegistry customers;
    private final CorrelationStore store;
    private final IncidentStore incidents;
    private final TimelineStore timeline;
    private final MeterRegistry meters;

    public CrossChannelCorrelation(CustomerRegistry customers, CorrelationStore store, IncidentStore incidents,
                                   TimelineStore timeline, MeterRegistry meters) {
        this.customers = customers;
        this.store = store;
        this.incidents = incidents;
        this.timeline = timeline;
        this.meters = meters;
    }

    /**
     * The incident another channel opened for the same problem, locked like {@link IncidentStore#findOpen}: an open one
     * for a firing alert; for a resolved alert an open one, else the newest one an exact key names (the other channel
     * already resolved it). Empty when the customer has correlation off or no key matches.
     */
    public Optional<Incident> find(Alert alert) {
        Optional<CorrelationConfig> on = enabled(alert.customerId());
        if (on.isEmpty() || alert.source() == null || alert.source().kind() == null) {
            return Optional.empty();
        }
        Keys keys = keys(alert);
        Instant windowStart = alert.receivedAt().minus(on.get().window());
        Optional<CorrelationStore.Sighting> seen = store.find(alert.customerId(), keys.exact(), alert.source().kind(),
                Instant.EPOCH, true)
                .or(() -> store.find(alert.customerId(), keys.fallback(), alert.source().kind(), windowStart, true));
        if (seen.isEmpty() && alert.status() == AlertStatus.RESOLVED) {
            seen = store.find(alert.customerId(), keys.exact(), alert.source().kind(), Instant.EPOCH, false);
        }
        return seen.flatMap(s -> incidents.lock(s.incidentId()));
    }

    /**
     * Records on the timeline that {@code alert} joined {@code incident} from another channel, naming both sources, when
     * it did (its fingerprint is not the incident's); says whether it did.
     */
    public boolean joined(Incident incident, Alert alert) {
        if (incident.fingerprint().equals(alert.fingerprint()) || enabled(alert.customerId()).isEmpty()) {
            return false;
        }
        Optional<CorrelationStore.Sighting> first = store.reportedBy(incident.id(), alert.source().kind());
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("alertId", alert.id());
        detail.put("status", alert.status().json());
        detail.put("summary", alert.summary());
        detail.put("joined", source(alert.source().kind(), alert.source().format()));
        first.ifPresent(s -> detail.put("reportedBy", source(s.channel(), s.format())));
        detail.put("fingerprint", alert.fingerprint());
        detail.put("incidentFingerprint", incident.fingerprint());
        detail.put("reason", first.map(s -> "the same problem reported by " + source(s.channel(), s.format())
                + " and by " + source(alert.source().kind(), alert.source().format())).orElse("the same problem"
                + " reported by another channel"));
        timeline.append(incident.id(), new TimelineEntry(alert.receivedAt(), alert.source().format(), CORRELATED,
                detail));
        meters.counter("alerthub.incidents.correlated", "customer", alert.customerId()).increment();
        return true;
    }

    /** Leaves the alert's keys on the incident it folded into, for the other channel to find. */
    public void remember(String incidentId, Alert alert) {
        if (enabled(alert.customerId()).isEmpty() || alert.source() == null || alert.source().kind() == null) {
            return;
        }
        for (String key : keys(alert).all()) {
            store.remember(incidentId, alert.customerId(), key, alert.source().kind(), alert.source().format(),
                    alert.receivedAt());
        }
    }

    private Optional<CorrelationConfig> enabled(String customerId) {
        return customers.find(customerId).map(CustomerConfig::correlation).filter(CorrelationConfig::enabled);
    }

    /**
     * The keys two channels yield for the same problem: exact ones from the source's own ids, and the fallback
     * (host, alert class, normalized name) when the alert names a host and a known class.
     */
    static Keys keys(Alert a) {
        Set<String> exact = new LinkedHashSet<>();
        String format = a.source() == null ? null : a.source().format();
        Map<String, String> labels = a.labels() == null ? Map.of() : a.labels();
        if ("zabbix".equals(format)) {
            // the problem event's id, which its recovery repeats as "Original problem ID" (a recovery's own id differs)
            String event = labels.get("zabbix_event_id");
            Matcher original = a.description() == null ? null : ORIGINAL_PROBLEM.matcher(a.description());
            if (event == null && original != null && original.find()) {
                event = original.group(1);
            }
            if (event == null && !"mail".equals(a.source().kind())) {
                event = a.source().eventId();
            }
            if (event != null && !event.isBlank()) {
                exact.add("zabbix-event:" + event.strip());
            }
        }
        String arn = firstArn(labels.get("alarmArn"), a.fingerprint());
        Matcher alarm = arn == null ? null : ALARM_ARN.matcher(arn);
        if (alarm != null && alarm.matches()) {
            exact.add("aws-alarm:" + alarm.group(2) + ":" + alarm.group(1) + ":" + alarm.group(3));
            exact.add("aws-alarm-name:" + alarm.group(2) + ":" + alarm.group(3));
        } else if (("cloudwatch".equals(format) || "eventbridge".equals(format)) && a.name() != null) {
            // a mail without the ARN still names the account (and the alarm): the name alone across regions
            String account = labels.getOrDefault("aws_account", labels.get("awsAccountId"));
            if (account != null) {
                exact.add("aws-alarm-name:" + account.strip() + ":" + a.name().strip());
            }
        }
        String host = a.resource() == null ? null : a.resource().host();
        List<String> fallback = host == null || host.isBlank() || a.alertClass() == null
                || a.alertClass().equals("unknown") || a.name() == null
                ? List.of()
                : List.of(capped("problem:" + host.strip().toLowerCase(Locale.ROOT) + "|" + a.alertClass() + "|"
                        + normalized(a.name())));
        return new Keys(exact.stream().map(CrossChannelCorrelation::capped).toList(), fallback);
    }

    /** The name as two channels may both render it: lower case, words only (punctuation, spacing and case differ). */
    static String normalized(String name) {
        return String.join(" ", name.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")).strip();
    }

    private static String firstArn(String... candidates) {
        for (String c : candidates) {
            if (c != null && c.startsWith("arn:")) {
                return c;
            }
        }
        return null;
    }

    private static String capped(String key) {
        if (key.length() <= MAX_KEY) {
            return key;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return key.substring(0, MAX_KEY - 65) + "#" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String source(String channel, String format) {
        return format + " (" + channel + ")";
    }

    /** An alert's correlation keys: exact (any time while the incident is open) and fallback (within the window). */
    record Keys(List<String> exact, List<String> fallback) {
        List<String> all() {
            return java.util.stream.Stream.concat(exact.stream(), fallback.stream()).toList();
        }
    }
}
