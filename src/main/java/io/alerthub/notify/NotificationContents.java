package io.alerthub.notify;

import io.alerthub.config.CustomerConfig;
import io.alerthub.model.Incident;
import io.alerthub.model.TimelineEntry;
import io.alerthub.store.TimelineStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    private final TimelineStore timeline;
    private final OutboxProperties properties;

    public NotificationContents(TimelineStore timeline, OutboxProperties properties) {
        this.timeline = timeline;
        this.properties = properties;
    }

    public NotificationContent of(Incident incident, CustomerConfig customer) {
        List<String> steps = new ArrayList<>();
        for (TimelineEntry e : timeline.list(incident.id())) {
            String line = step(e);
            if (line != null) {
                steps.add(line);
            }
        }
        if (steps.size() > MAX_STEPS) {
            List<String> cut = new ArrayList<>(steps.subList(0, MAX_STEPS - 5));
            cut.add("… " + (steps.size() - MAX_STEPS + 1) + " more steps …");
            cut.addAll(steps.subList(steps.size() - 4, steps.size()));
            steps = cut;
        }
        String diagnostics = incident.outcomeReason();
        if (diagnostics != null && diagnostics.length() > MAX_DIAGNOSTICS) {
            diagnostics = diagnostics.substring(0, MAX_DIAGNOSTICS) + "…";
        }
        return new NotificationContent(customer.id(), customer.name(), customer.locale().name().toLowerCase(),
                incident.id(), incident.host(), incident.name(), incident.alertClass(),
                incident.severity() == null ? "warning" : incident.severity().json(), incident.state().name(),
                incident.outcome() == null ? null : incident.outcome().name(), incident.summary(), List.copyOf(steps),
                diagnostics, properties.publicUrl() + "/api/v1/incidents/" + incident.id(), incident.firstSeen(),
                List.of());
    }

    private static String step(TimelineEntry e) {
        Map<String, Object> d = e.detail();
        return switch (e.kind()) {
            case "ssh" -> d.get("phase") + " " + d.get("command") + " -> exit " + d.get("exitCode")
                    + (Boolean.TRUE.equals(d.get("timedOut")) ? " (timed out)" : "") + " (" + d.get("durationMs") + " ms)";
            case "ssh_failed" -> d.get("phase") + " " + d.get("command") + " -> not run: " + d.get("failure");
            case "ssh_refused" -> d.get("phase") + " " + d.get("step") + " -> refused: " + d.get("error");
            case "probe" -> d.get("phase") + " " + d.get("probe") + " " + d.get("target") + " -> "
                    + (d.containsKey("status") ? "status " + d.get("status")
                    : d.containsKey("error") ? d.get("error") : "connected") + " (" + d.get("durationMs") + " ms)";
            case "would_run" -> "dry-run: would run " + d.get("command");
            case "remediation_skipped", "remediation_refused" -> "remediation not run: " + d.get("reason");
            case "refired" -> e.at() + ": " + d.get("reason");
            default -> null;
        };
    }
}
