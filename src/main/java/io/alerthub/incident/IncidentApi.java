package io.alerthub.incident;

import io.alerthub.model.AlertStatus;
import io.alerthub.escalate.EscalationPlanner;
import io.alerthub.model.Incident;
import io.alerthub.model.IncidentState;
import io.alerthub.store.AlertQuery;
import io.alerthub.store.AlertStore;
import io.alerthub.store.IncidentStore;
import io.alerthub.store.Page;
import io.alerthub.store.StoredAlert;
import io.alerthub.store.TimelineStore;
import io.alerthub.support.PageResponse;
import io.alerthub.support.security.CustomerScope;
import java.security.Principal;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Operator API over stored alerts and incidents, and acknowledging an incident; behind login. Lists show only the
 * caller's customers; an incident or alert of another customer answers 404 ({@link CustomerOwnedPaths}).
 */
@RestController
@RequestMapping("/api/v1")
public class IncidentApi {
    private final AlertStore alerts;
    private final IncidentStore incidents;
    private final TimelineStore timeline;
    private final EscalationPlanner escalation;
    private final CustomerScope scope;

    public IncidentApi(AlertStore alerts, IncidentStore incidents, TimelineStore timeline,
                       EscalationPlanner escalation, CustomerScope scope) {
        this.alerts = alerts;
        this.incidents = incidents;
        this.timeline = timeline;
        this.escalation = escalation;
        this.scope = scope;
    }

    @GetMapping("/alerts/{id}")
    public StoredAlert alert(@PathVariable String id) {
        return alerts.find(id).orElseThrow(() -> notFound("alert", id));
    }

    @GetMapping("/alerts")
    public PageResponse<StoredAlert> alerts(@RequestParam(required = false) String customer,
                                            @RequestParam(required = false) AlertStatus status,
                                            @RequestParam(required = false) String source,
                                            @RequestParam(required = false) Instant since,
                                            @RequestParam(required = false) String cursor,
                                            @RequestParam(required = false) Integer limit) {
        Page<StoredAlert> page = alerts.list(new AlertQuery(customer, status, source, since, cursor,
                PageResponse.limit(limit)), scope.within());
        return PageResponse.of(page.items(), page.nextCursor());
    }

    @GetMapping("/incidents/{id}")
    public IncidentView incident(@PathVariable String id) {
        Incident incident = incidents.find(id).orElseThrow(() -> notFound("incident", id));
        return new IncidentView(incident,
                alerts.forIncident(id).stream().map(a -> a.alert().id()).toList(), timeline.list(id));
    }

    /**
     * A person takes the incident: the escalation chain stops and every channel already notified hears of it.
     * 409 when it is already acknowledged, resolved or closed.
     */
    @PostMapping("/incidents/{id}/ack")
    public IncidentView acknowledge(@PathVariable String id, Principal principal) {
        Incident incident = incidents.find(id).orElseThrow(() -> notFound("incident", id));
        if (!escalation.acknowledge(id, principal.getName(), "api")) {
            Incident now = incidents.find(id).orElse(incident);
            throw new ResponseStatusException(HttpStatus.CONFLICT, "incident \"" + id + "\" is " + now.state()
                    + (now.acknowledgedBy() == null ? "" : " (acknowledged by " + now.acknowledgedBy() + ")")
                    + ": nothing to acknowledge");
        }
        return incident(id);
    }

    @GetMapping("/incidents")
    public PageResponse<Incident> incidents(@RequestParam(required = false) String customer,
                                            @RequestParam(required = false) IncidentState state,
                                            @RequestParam(required = false) String cursor,
                                            @RequestParam(required = false) Integer limit) {
        Page<Incident> page = incidents.list(customer, scope.within(), state, cursor, PageResponse.limit(limit));
        return PageResponse.of(page.items(), page.nextCursor());
    }

    private static ResponseStatusException notFound(String what, String id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, what + " \"" + id + "\" not found");
    }
}
