package io.alerthub.notify;

import io.alerthub.config.CustomerConfig;
import io.alerthub.model.Incident;
import io.alerthub.model.Link;
import io.alerthub.model.TimelineEntry;
import io.alerthub.store.AlertStore;
import io.alerthub.store.TimelineStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Builds what a notification says from the incident as it stands now: its fields, one line per step the automation
 * took (from the timeline), the scenario's "checked / found / left for you" summary as diagnostics, and a link.
 */
@Component
public class NotificationContents {
    /** Steps listed at most; a scenario that polled long is summed up by its first and last steps. */
    static final int MAX_STEPS = 30;
    static final int MAX_DIAGNOSTICS = 3000;
    private static final java.util.regex.Pattern SAFE_URL = java.util.regex.Pattern.compile(
            "https?://[^\\s<>|\"'`\\\\\\p{Cc}]+");
    private static final int MAX_URL = 2000;
    private static final NotifyTexts TEXTS = new NotifyTexts();
    private final TimelineStore timeline;
    private final AlertStore alerts;
    private final OutboxProperties properties;

    /** Without an alert store: content carries no source links (tests of the outbox alone). */
    public NotificationContents(TimelineStore timeline, OutboxProperties properties) {
        this(timeline, properties, null);
    }

    @Autowired
    public NotificationContents(TimelineStore timeline, OutboxProperties properties, AlertStore alerts) {
        this.alerts = alerts;
        this.timeline = timeline;
        this.properties = properties;
    }

    public NotificationContent of(Incident incident, CustomerConfig customer) {
        String locale = NotifyTexts.supported(customer.locale().name());
        List<String> steps = new ArrayList<>();
        for (TimelineEntry e : timeline.list(incident.id())) {
            String line = step(locale, e);
            if (line != null) {
                steps.add(line);
            }
        }
        if (steps.size() > MAX_STEPS) {
            List<String> cut = new ArrayList<>(steps.subList(0, MAX_STEPS - 5));
            cut.add(TEXTS.text(locale, "step.more", Map.of("count", String.valueOf(steps.size() - MAX_STEPS + 1))));
            cut.addAll(steps.subList(steps.size() - 4, steps.size()));
            steps = cut;
        }
        String diagnostics = incident.outcomeReason();
        if (diagnostics != null && diagnostics.length() > MAX_DIAGNOSTICS) {
            diagnostics = diagnostics.substring(0, MAX_DIAGNOSTICS) + "…";
        }
        return new NotificationContent(customer.id(), customer.name(), locale,
                incident.id(), incident.host(), incident.name(), incident.alertClass(),
                incident.severity() == null ? "warning" : incident.severity().json(), incident.state().name(),
                incident.outcome() == null ? null : incident.outcome().name(), incident.summary(), List.copyOf(steps),
                diagnostics, properties.publicUrl() + "/api/v1/incidents/" + incident.id(), incident.firstSeen(),
                List.of(), links(incident.id()));
    }

    /**
     * The links the incident's latest alert carried (runbook_url, generatorURL, dashboardURL…), as people should see
     * them: only plain http(s) URLs without spaces, quotes or angle brackets (nothing that could break out of a Slack
     * link or be a {@code javascript:} URL), each once, at most {@link NotificationContent#MAX_LINKS}.
     */
    private List<Link> links(String incidentId) {
        if (alerts == null || incidentId == null) {
            return List.of();
        }
        List<Link> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Link l : alerts.latestForIncident(incidentId).map(a -> a.alert().links()).orElse(List.of())) {
            if (out.size() < NotificationContent.MAX_LINKS && l.href() != null && l.href().length() <= MAX_URL
                    && SAFE_URL.matcher(l.href()).matches() && seen.add(l.href())) {
                out.add(new Link(l.href(), l.text() == null || l.text().isBlank() ? "link" : l.text()));
            }
        }
        return out;
    }

    /** One line per step the automation took, in the customer's locale (commands and output stay as sent). */
    private static String step(String locale, TimelineEntry e) {
        Map<String, Object> d = e.detail();
        Map<String, String> v = new java.util.HashMap<>();
        d.forEach((k, value) -> v.put(k, String.valueOf(value)));
        v.put("phase", TEXTS.textOr(locale, "phase." + d.get("phase"), String.valueOf(d.get("phase"))));
        return switch (e.kind()) {
            case "ssh" -> {
                v.put("timedOut", Boolean.TRUE.equals(d.get("timedOut")) ? TEXTS.text(locale, "step.timed-out") : "");
                yield TEXTS.text(locale, "step.ssh", v);
            }
            case "ssh_failed", "ssh_refused", "would_run" -> TEXTS.text(locale, "step." + e.kind(), v);
            case "probe" -> {
                v.put("result", d.containsKey("status") ? TEXTS.text(locale, "step.probe.status", v)
                        : d.containsKey("error") ? String.valueOf(d.get("error"))
                        : TEXTS.text(locale, "step.probe.connected"));
                yield TEXTS.text(locale, "step.probe", v);
            }
            case "remediation_skipped", "remediation_refused" -> TEXTS.text(locale, "step.remediation_not_run", v);
            case "refired" -> e.at() + ": " + d.get("reason");
            // the incidents this one inhibits (its host is down): count and names, so people see what waits on it
            case "inhibits" -> "inhibits " + d.get("name") + " on " + d.get("host") + " (incident " + d.get("incident")
                    + "; " + d.get("count") + " inhibited in all)";
            case "flapping_started" -> e.at() + ": " + d.get("reason");
            default -> null;
        };
    }
}
