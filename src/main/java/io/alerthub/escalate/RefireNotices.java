package io.alerthub.escalate;

import io.alerthub.config.CustomerConfig;
import io.alerthub.config.CustomerRegistry;
import io.alerthub.config.EscalationConfig;
import io.alerthub.model.ChannelKind;
import io.alerthub.model.Incident;
import io.alerthub.model.NotificationAction;
import io.alerthub.model.Outcome;
import io.alerthub.store.IncidentStore;
import io.alerthub.store.OutboxEntry;
import io.alerthub.store.OutboxStore;
import io.alerthub.triage.IncidentOwnership;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Escalate stage (route {@code escalate.refired}): an alert fired again into an incident a person owns, after its
 * {@code refireAfter}; queues a {@code REFIRE} notification to where that person was reached — the channels that
 * already carried this incident (where its owner was paged and acknowledged), the MSP's own channels first — or,
 * when none did, to the first level of the customer's escalation chain. It only writes the outbox.
 */
@Component
public class RefireNotices {
    static final NotificationAction ACTION = NotificationAction.REFIRE;
    private static final Logger LOG = LoggerFactory.getLogger(RefireNotices.class);

    private final IncidentStore incidents;
    private final OutboxStore outbox;
    private final CustomerRegistry customers;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    public RefireNotices(IncidentStore incidents, OutboxStore outbox, CustomerRegistry customers,
                         ApplicationEventPublisher events, Clock clock) {
        this.incidents = incidents;
        this.outbox = outbox;
        this.customers = customers;
        this.events = events;
        this.clock = clock;
    }

    /** Queues the re-fire notice of an incident; returns how many notifications it queued (0 on a repeated hint). */
    public int queue(String incidentId) {
        Incident incident = incidents.find(incidentId).orElse(null);
        Instant refiredAt = incidents.refiredAt(incidentId).orElse(null);
        if (incident == null || refiredAt == null || !incident.state().isOpen()) {
            return 0;
        }
        CustomerConfig customer = customers.find(incident.customerId()).orElse(null);
        if (customer == null) {
            return 0;
        }
        List<ChannelKind> channels = recipients(incident, customer);
        String owner = IncidentOwnership.owner(incident).map(o -> o + " owns it")
                .orElse("it is " + incident.state());
        if (channels.isEmpty()) {
            LOG.warn("incident {} of {} fired again while {}, but the customer has no notification channel: it is on"
                    + " the timeline only", incident.id(), customer.id(), owner);
            return 0;
        }
        Instant now = clock.instant();
        int queued = 0;
        for (ChannelKind channel : channels) {
            // one notice per channel and re-fire: a repeated hint finds the same key and queues nothing
            String key = EscalationPlanner.key(incident.id(), channel, ACTION, 0) + "|" + refiredAt.getEpochSecond();
            if (outbox.enqueue(OutboxEntry.pending(key, customer.id(), incident.id(), channel, ACTION, 0,
                    EscalationPlanner.audience(channel), now, null, null, now))) {
                queued++;
            }
        }
        if (queued > 0) {
            LOG.info("incident {} of {} fired again while {}: told via {}", incident.id(), customer.id(), owner,
                    channels);
            events.publishEvent(new NotificationsQueued(incident.id()));
        }
        return queued;
    }

    /**
     * The channels that already carried this incident and are still configured, else the first level of the chain;
     * the MSP's own (internal) channels when any, since the owner is one of its people, else the customer's.
     */
    static List<ChannelKind> recipients(Incident incident, CustomerConfig customer, List<OutboxEntry> sent) {
        Set<ChannelKind> configured = EscalationPlanner.configuredChannels(customer);
        Set<ChannelKind> channels = new LinkedHashSet<>();
        for (OutboxEntry e : sent) {
            if (e.status() == OutboxEntry.Status.SENT && e.action() != NotificationAction.RESOLVE
                    && configured.contains(e.channel())) {
                channels.add(e.channel());
            }
        }
        if (channels.isEmpty()) {
            Outcome outcome = incident.outcome() == null ? Outcome.ESCALATED : incident.outcome();
            List<EscalationConfig.Level> levels = EscalationPlanner.levels(customer, outcome);
            if (levels.isEmpty()) {
                // a handed-over incident the policy keeps quiet still has an owner to tell: the escalation levels
                levels = EscalationPlanner.levels(customer, Outcome.ESCALATED);
            }
            if (!levels.isEmpty()) {
                levels.get(0).channels().forEach(c -> channels.add(ChannelKind.of(c)));
            }
        }
        List<ChannelKind> internal = channels.stream().filter(c -> !c.reachesCustomer()).toList();
        return internal.isEmpty() ? List.copyOf(channels) : internal;
    }

    private List<ChannelKind> recipients(Incident incident, CustomerConfig customer) {
        return recipients(incident, customer, outbox.forIncident(incident.id()));
    }
}
