package io.alerthub.console;

import io.alerthub.model.Incident;
import io.alerthub.model.IncidentState;
import io.alerthub.model.TimelineEntry;
import io.alerthub.store.AlertStore;
import io.alerthub.store.IncidentStore;
import io.alerthub.store.OutboxStore;
import io.alerthub.store.TimelineStore;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * One incident for the person working on it: what it is, the "checked / found / left for you" summary, the action
 * buttons (each posts to the operator API, so the console has no action logic of its own), its alerts, its
 * notifications, and the timeline with every SSH command, exit code and output; the timeline refreshes itself.
 */
@Controller
@RequestMapping("/console/incidents/{id}")
public class IncidentController {
    /** Alerts shown on the page, newest last; the API lists them all. */
    static final int MAX_ALERTS = 100;
    private static final Set<IncidentState> FINISHED = EnumSet.of(IncidentState.RESOLVED, IncidentState.CLOSED);
    private final IncidentStore incidents;
    private final AlertStore alerts;
    private final TimelineStore timeline;
    private final OutboxStore outbox;
    private final ConsoleScope scope;
    private final IncidentFields fields;
    private final IncidentActionPaths api;
    private final Clock clock;

    public IncidentController(IncidentStore incidents, AlertStore alerts, TimelineStore timeline, OutboxStore outbox,
                              ConsoleScope scope, IncidentFields fields, IncidentActionPaths api, Clock clock) {
        this.incidents = incidents;
        this.alerts = alerts;
        this.timeline = timeline;
        this.outbox = outbox;
        this.scope = scope;
        this.fields = fields;
        this.api = api;
        this.clock = clock;
    }

    /**
     * The actions the page offers in a state, among those the operator API serves; the API has the last word (it answers 409 for a transition
     * its state machine refuses, and the page shows that answer).
     */
    public record Actions(boolean acknowledge, boolean takeOver, boolean note, boolean resolve, boolean close,
                          boolean reopen, boolean snooze, boolean rerun, boolean silence) {
        static Actions in(IncidentState state, IncidentActionPaths api) {
            boolean open = !FINISHED.contains(state);
            return new Actions(open && state != IncidentState.ACKNOWLEDGED && api.serves("ack"),
                    open && api.serves("takeover"), api.serves("notes"), open && api.serves("resolve"),
                    state == IncidentState.RESOLVED && api.serves("close"),
                    FINISHED.contains(state) && api.serves("reopen"), open && api.serves("snooze"),
                    state != IncidentState.CLOSED && api.serves("rerun"), api.serves("silence"));
        }
    }

    @GetMapping
    public String incident(@PathVariable String id, Model model) {
        Incident incident = live(id, model);
        model.addAttribute("actions", Actions.in(incident.state(), api));
        List<?> all = alerts.forIncident(id);
        model.addAttribute("alerts", all.size() <= MAX_ALERTS ? all : all.subList(all.size() - MAX_ALERTS, all.size()));
        model.addAttribute("alertTotal", all.size());
        model.addAttribute("notifications", outbox.forIncident(id));
        return "console/incident";
    }

    /**
     * What the page refreshes by itself and after an action: the timeline, with the facts and the hand-over summary
     * (see incident-live.html).
     */
    @GetMapping("/timeline")
    public String timeline(@PathVariable String id, Model model) {
        live(id, model);
        return "console/incident-live :: live";
    }

    /** Adds the parts of the page that change while the incident is worked on. */
    private Incident live(String id, Model model) {
        Incident incident = visible(id);
        List<TimelineEntry> entries = timeline.list(id);
        Map<String, Object> apiFields = fields.of(incident);
        model.addAttribute("incident", incident);
        model.addAttribute("fields", apiFields);
        model.addAttribute("assignee", IncidentFields.assignee(apiFields));
        model.addAttribute("handOver", HandOver.latest(entries, incident.outcomeReason()));
        model.addAttribute("timeline", entries.stream().map(TimelineItem::of).toList());
        model.addAttribute("refreshedAt", clock.instant());
        return incident;
    }

    private Incident visible(String id) {
        return incidents.find(id).filter(i -> scope.allows(i.customerId()))
                .orElseThrow(() -> new ConsoleNotFoundException("incident", id));
    }
}
