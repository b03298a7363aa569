package io.alerthub.escalate;

import io.alerthub.config.CustomerConfig;
import io.alerthub.config.CustomerRegistry;
import io.alerthub.model.ChannelKind;
import io.alerthub.model.Incident;
import io.alerthub.model.NotificationAction;
import io.alerthub.model.TimelineEntry;
import io.alerthub.store.IncidentStore;
import io.alerthub.store.OutboxEntry;
import io.alerthub.store.OutboxStore;
import io.alerthub.store.TimelineStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Escalate stage (route {@code escalate.flapping}): an incident's alert started flapping (docs/noise.md). The rest of
 * its escalation chain that has not gone out yet is cancelled (no further level is woken for an alert that keeps
 * changing), and one {@code FLAPPING} notice goes to where the incident was already seen — else to the first level
 * of the chain, the MSP's own channels first. It only writes the outbox.
 */
@Component
public class FlapNotices {
    static final NotificationAction ACTION = NotificationAction.FLAPPING;
    private static final Logger LOG = LoggerFactory.getLogger(FlapNotices.class);

    private final IncidentStore incidents;
    private final OutboxStore outbox;
    private final TimelineStore timeline;
    private final CustomerRegistry customers;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    public FlapNotices(IncidentStore incidents, OutboxStore outbox, TimelineStore timeline, CustomerRegistry customers,
                       ApplicationEventPublisher events, Clock clock) {
        this.incidents = incidents;
        this.outbox = outbox;
        this.timeline = timeline;
        this.customers = customers;
        this.events = events;
        this.clock = clock;
    }

    /** Queues the flapping notice of an incident; returns how many it queued (0 on a repeated hint). */
    public int queue(String incidentId) {
        Incident incident = incidents.find(incidentId).orElse(null);
        if (incident == null || !incident.flapping() || !incident.state().isOpen()) {
            return 0;
        }
        CustomerConfig customer = customers.find(incident.customerId()).orElse(null);
        if (customer == null) {
            return 0;
        }
        Instant now = clock.instant();
        String reason = "the alert flaps: no further escalation until the mark clears";
        int cancelled = outbox.cancelUnsent(incidentId, NotificationAction.TRIGGER, reason, true)
                + outbox.cancelUnsent(incidentId, NotificationAction.UPDATE, reason, true);
        if (cancelled > 0) {
            timeline.append(incidentId, new TimelineEntry(now, "hub", "escalation_stopped",
                    Map.of("reason", reason, "cancelled", cancelled)));
        }
        List<ChannelKind> channels = RefireNotices.recipients(incident, customer, outbox.forIncident(incidentId));
        int queued = 0;
        for (ChannelKind channel : channels) {
            // one notice per incident and channel: a repeated hint (or a second episode) finds the key taken
            if (outbox.enqueue(OutboxEntry.pending(EscalationPlanner.key(incidentId, channel, ACTION, 0), customer.id(),
                    incidentId, channel, ACTION, 0, EscalationPlanner.audience(channel), now, null, null, now))) {
                queued++;
            }
        }
        if (queued > 0) {
            LOG.info("incident {} of {} flaps: told via {}", incidentId, customer.id(), channels);
            events.publishEvent(new NotificationsQueued(incidentId));
        }
        return queued;
    }
}
