package io.alerthub.escalate;

import io.alerthub.config.CustomerConfig;
import io.alerthub.config.CustomerRegistry;
import io.alerthub.config.EscalationConfig;
import io.alerthub.escalate.quiet.QuietHours;
import io.alerthub.model.ChannelKind;
import io.alerthub.model.Incident;
import io.alerthub.model.IncidentState;
import io.alerthub.model.NotificationAction;
import io.alerthub.model.Outcome;
import io.alerthub.model.TimelineEntry;
import io.alerthub.scenario.ScenarioDecided;
import io.alerthub.store.IncidentStore;
import io.alerthub.store.NotificationGroupStore;
import io.alerthub.store.OutboxEntry;
import io.alerthub.store.OutboxStore;
import io.alerthub.store.TimelineStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns a scenario's verdict into the customer's escalation chain in the outbox (level by level, each due after its
 * delay), an acknowledgement into a stopped chain plus "acknowledged" to every channel already notified, and a
 * resolution into a stopped chain plus "resolved" to every channel already notified. It only writes the outbox;
 * the notify stage delivers.
 */
@Component
public class EscalationPlanner {
    private static final Logger LOG = LoggerFactory.getLogger(EscalationPlanner.class);
    private static final List<String> ALL_CHANNELS = Arrays.stream(ChannelKind.values()).map(ChannelKind::id).toList();

    private final IncidentStore incidents;
    private final OutboxStore outbox;
    private final NotificationGroupStore groups;
    private final TimelineStore timeline;
    private final CustomerRegistry customers;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    public EscalationPlanner(IncidentStore incidents, OutboxStore outbox, NotificationGroupStore groups,
                             TimelineStore timeline, CustomerRegistry customers, TransactionTemplate tx,
                             ApplicationEventPublisher events, Clock clock) {
        this.incidents = incidents;
        this.outbox = outbox;
        this.groups = groups;
        this.timeline = timeline;
        this.customers = customers;
        this.tx = tx;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Plans the chain for an escalated or handed-over incident (route {@code escalate.plan}); returns how many
     * notifications it queued.
     */
    public int plan(ScenarioDecided decided) {
        if (decided.outcome() == Outcome.RESOLVED) {
            return 0; // fixed and verified: nobody needs waking
        }
        Incident incident = incidents.find(decided.incidentId()).orElse(null);
        CustomerConfig customer = customers.find(decided.customerId()).orElse(null);
        if (incident == null || customer == null) {
            return 0;
        }
        if (incident.flapping()) {
            return 0; // its alert flaps: people had the one FLAPPING notice (FlapNotices); no chain until it clears
        }
        List<EscalationConfig.Level> levels = levels(customer, decided.outcome());
        if (levels.isEmpty()) {
            LOG.warn("incident {} of {} is {} but the customer has no notification channel: it waits in the API",
                    incident.id(), customer.id(), decided.outcome());
            return 0;
        }
        Instant now = clock.instant();
        GroupTimer timer = GroupTimer.of(customer.escalation());
        String groupKey = groupKey(customer, incident);
        int queued = 0;
        for (int level = 0; level < levels.size(); level++) {
            Instant due = now.plus(levels.get(level).delay());
            for (String name : levels.get(level).channels()) {
                ChannelKind channel = ChannelKind.of(name);
                NotificationAction trigger = NotificationAction.TRIGGER;
                String id = key(incident.id(), channel, trigger, level);
                Instant at = level == 0 ? firstDue(incident, groupKey, channel, id, timer, now, due) : due;
                if (outbox.enqueue(OutboxEntry.pending(id, customer.id(), incident.id(), channel, trigger, level,
                        audience(channel), at, null, groupKey, now))) {
                    queued++;
                }
            }
        }
        if (queued > 0) {
            events.publishEvent(new NotificationsQueued(incident.id()));
        }
        return queued;
    }

    /**
     * When an incident's first notification on a channel is due ({@code due}: after the first level's delay), as
     * Alertmanager's dispatcher times a group: in a group that already notified about an incident still open, at
     * once (the notify stage holds it to the group's next tick); in a new group (or without {@code groupBy}, a group
     * of its own), after {@code groupWait} — unless the incident's first alert is older than that; in a group whose
     * first notification is on its way, with it, or at once when this incident's alert is that old (the first
     * notification then takes the others along).
     */
    private Instant firstDue(Incident incident, String groupKey, ChannelKind channel, String id, GroupTimer timer,
                             Instant now, Instant due) {
        Instant own = timer.firstFlush(now, incident.firstSeen()).plus(Duration.between(now, due));
        if (groupKey == null) {
            return own;
        }
        if (groups.notifiedAndOpen(groupKey, channel, id)) {
            return due;
        }
        // join the first notification on its way, or bring it forward when this incident's alert is already old
        return groups.firstOnItsWay(groupKey, channel, incident.id()).map(w -> w.isAfter(due) ? w : due)
                .filter(w -> w.isBefore(own)).orElse(own);
    }

    /** Resolved by the source (route {@code escalate.resolved}): stop the chain, and tell every channel that was told. */
    public void resolved(String incidentId) {
        stopAndFollowUp(incidentId, NotificationAction.RESOLVE, "the source resolved the incident", null);
    }

    /**
     * Resolved by the hub because no firing alert came for its resolve timeout (route {@code escalate.timed-out}):
     * stop the chain, and tell every channel that was told.
     */
    public void timedOut(String incidentId) {
        stopAndFollowUp(incidentId, NotificationAction.RESOLVE,
                "the hub resolved the incident: no firing alert for its resolveTimeout", null);
    }

    /**
     * A person took the incident ({@code via} the API, PagerDuty or Slack): true when this acknowledged it; the
     * chain stops and every channel already notified (except the one it came from) hears of it.
     */
    public boolean acknowledge(String incidentId, String by, String via) {
        Incident incident = incidents.find(incidentId).orElse(null);
        if (incident == null) {
            return false;
        }
        Instant now = clock.instant();
        boolean acknowledged = Boolean.TRUE.equals(tx.execute(s -> {
            if (!incidents.acknowledge(incidentId, by, now)) {
                return false;
            }
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("by", by);
            detail.put("via", via);
            timeline.append(incidentId, new TimelineEntry(now, by, "acknowledged", detail));
            return true;
        }));
        if (acknowledged) {
            stopAndFollowUp(incidentId, NotificationAction.ACKNOWLEDGE, "acknowledged by " + by + " via " + via, via);
        }
        return acknowledged;
    }

    /** A resolution reported by a person's tool (PagerDuty): resolves the incident here as the source would. */
    public boolean resolve(String incidentId, String by, String via) {
        Incident incident = incidents.find(incidentId).orElse(null);
        if (incident == null || !incident.state().isOpen()) {
            return false;
        }
        Instant now = clock.instant();
        tx.executeWithoutResult(s -> {
            Incident i = incidents.findOpen(incident.customerId(), incident.fingerprint()).orElse(null);
            if (i == null || !i.id().equals(incidentId)) {
                return;
            }
            incidents.update(new Incident(i.id(), i.customerId(), i.fingerprint(), IncidentState.RESOLVED,
                    i.outcome(), i.sourceStatus(), i.name(), i.alertClass(), i.severity(), i.host(), i.summary(),
                    i.alertCount(), i.firstSeen(), i.lastSeen(), now));
            timeline.append(incidentId, new TimelineEntry(now, by, "resolved_by_person", Map.of("via", via)));
        });
        stopAndFollowUp(incidentId, NotificationAction.RESOLVE, "resolved by " + by + " via " + via, via);
        return true;
    }

    /**
     * A person took over ({@code resolved} false) or resolved an incident through the incident actions: the chain stops
     * like on {@link #acknowledge}, and every channel already notified (except {@code via}) hears of it.
     */
    public void personActed(String incidentId, boolean resolved, String by, String via) {
        stopAndFollowUp(incidentId, resolved ? NotificationAction.RESOLVE : NotificationAction.ACKNOWLEDGE,
                (resolved ? "resolved by " : "taken over by ") + by + " via " + via, via);
    }

    private void stopAndFollowUp(String incidentId, NotificationAction action, String reason, String via) {
        Instant now = clock.instant();
        // a resolution keeps notifications held by quiet hours unless the customer drops resolved ones: they still
        // go out in the digest when the window ends
        boolean includeHeld = action != NotificationAction.RESOLVE || incidents.find(incidentId)
                .flatMap(i -> customers.find(i.customerId())).map(c -> QuietHours.of(c).dropResolved()).orElse(true);
        int cancelled = outbox.cancelUnsent(incidentId, NotificationAction.TRIGGER, reason, includeHeld)
                + outbox.cancelUnsent(incidentId, NotificationAction.UPDATE, reason, includeHeld);
        Set<ChannelKind> told = new LinkedHashSet<>();
        String customerId = null;
        for (OutboxEntry e : outbox.forIncident(incidentId)) {
            customerId = e.customerId();
            if (e.status() == OutboxEntry.Status.SENT && e.action() != NotificationAction.RESOLVE) {
                told.add(e.channel());
            }
        }
        if (cancelled > 0) {
            timeline.append(incidentId, new TimelineEntry(now, "hub", "escalation_stopped",
                    Map.of("reason", reason, "cancelled", cancelled)));
        }
        int queued = 0;
        for (ChannelKind channel : told) {
            if (channel.id().equals(via)) {
                continue;
            }
            if (outbox.enqueue(OutboxEntry.pending(key(incidentId, channel, action, 0), customerId, incidentId,
                    channel, action, 0, audience(channel), now, null, null, now))) {
                queued++;
            }
        }
        if (queued > 0) {
            events.publishEvent(new NotificationsQueued(incidentId));
        }
    }

    /** The levels a verdict goes through: the policy's, or every configured channel at once when it has none. */
    public static List<EscalationConfig.Level> levels(CustomerConfig customer, Outcome outcome) {
        EscalationConfig policy = customer.escalation();
        Set<ChannelKind> configured = configuredChannels(customer);
        List<EscalationConfig.Level> levels = new ArrayList<>();
        List<EscalationConfig.Level> source = policy.levels().isEmpty()
                ? List.of(new EscalationConfig.Level("0s", ALL_CHANNELS)) : policy.levels();
        for (EscalationConfig.Level level : source) {
            List<String> channels = level.channels().stream().filter(c -> configured.contains(ChannelKind.of(c)))
                    .toList();
            if (!channels.isEmpty()) {
                levels.add(new EscalationConfig.Level(level.after(), channels));
            }
        }
        if (outcome == Outcome.HANDED_OVER) {
            return switch (policy.handedOver()) {
                case "none" -> List.of();
                case "all" -> levels;
                default -> levels.isEmpty() ? levels : levels.subList(0, 1);
            };
        }
        return levels;
    }

    /** The channels the customer's notifications: section configures. */
    public static Set<ChannelKind> configuredChannels(CustomerConfig customer) {
        Set<ChannelKind> channels = EnumSet.noneOf(ChannelKind.class);
        customer.notificationSettings().ifPresent(n -> {
            n.slackSettings().ifPresent(s -> channels.add(ChannelKind.SLACK));
            n.pagerDutySettings().ifPresent(p -> channels.add(ChannelKind.PAGERDUTY));
            n.emailSettings().ifPresent(e -> channels.add(ChannelKind.EMAIL));
        });
        return channels;
    }

    /** {@code customer} for channels that reach the customer (quiet hours apply), else {@code internal}. */
    public static String audience(ChannelKind channel) {
        return channel.reachesCustomer() ? "customer" : "internal";
    }

    /** The idempotency key of a notification: one per incident, channel, action and level. */
    static String key(String incidentId, ChannelKind channel, NotificationAction action, int level) {
        return incidentId + "|" + channel.id() + "|" + action.name() + "|" + level;
    }

    private static String groupKey(CustomerConfig customer, Incident incident) {
        List<String> fields = customer.escalation().groupBy();
        if (fields.isEmpty()) {
            return null;
        }
        StringBuilder key = new StringBuilder(customer.id());
        for (String field : fields) {
            key.append('|').append(switch (field) {
                case "alertClass" -> incident.alertClass();
                case "host" -> incident.host();
                case "severity" -> incident.severity() == null ? null : incident.severity().json();
                default -> incident.name();
            });
        }
        return key.toString().toLowerCase(Locale.ROOT);
    }
}
