package io.alerthub.notify;

import io.alerthub.config.CustomerConfig;
import io.alerthub.config.CustomerRegistry;
import io.alerthub.escalate.quiet.Audience;
import io.alerthub.escalate.quiet.Decision;
import io.alerthub.escalate.quiet.QuietHours;
import io.alerthub.model.Incident;
import io.alerthub.model.IncidentState;
import io.alerthub.model.Severity;
import io.alerthub.store.IncidentStore;
import io.alerthub.store.OutboxEntry;
import io.alerthub.store.OutboxStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The decide step of route {@code notify.outbox}: whether a leased notification goes out now. It cancels one no
 * longer wanted (acknowledged, resolved or suppressed meanwhile), holds a customer-facing one in the customer's quiet
 * hours and one over the notification budget, postpones a storm group's trigger to the group interval or takes the
 * group's other triggers along as one digest, and turns notifications held over quiet hours into one digest. What it
 * returns goes to the channel; null means it settled the entry itself.
 */
@Component
public class OutboxDecider {
    /** How long a trigger over the budget waits before it is looked at again. */
    static final Duration BUDGET_HOLD = Duration.ofMinutes(10);
    private final OutboxStore outbox;
    private final IncidentStore incidents;
    private final CustomerRegistry customers;
    private final NotificationChannels channels;
    private final NotificationContents contents;
    private final NotificationBudget budget;
    private final OutboxLease lease;
    private final OutboxTimeline timeline;
    private final OutboxWake wake;
    private final OutboxProperties properties;
    private final Clock clock;

    public OutboxDecider(OutboxStore outbox, IncidentStore incidents, CustomerRegistry customers,
                         NotificationChannels channels, NotificationContents contents, NotificationBudget budget,
                         OutboxLease lease, OutboxTimeline timeline, OutboxWake wake, OutboxProperties properties,
                         Clock clock) {
        this.outbox = outbox;
        this.incidents = incidents;
        this.customers = customers;
        this.channels = channels;
        this.contents = contents;
        this.budget = budget;
        this.lease = lease;
        this.timeline = timeline;
        this.wake = wake;
        this.properties = properties;
        this.clock = clock;
    }

    /** Decides one leased notification: what to send, or null when it was cancelled, held or postponed here. */
    public Dispatch decide(OutboxEntry entry) {
        Instant now = clock.instant();
        Notification.Action action = Notification.Action.valueOf(entry.action());
        Incident incident = incidents.find(entry.incidentId()).orElse(null);
        CustomerConfig customer = customers.find(entry.customerId()).orElse(null);
        if (incident == null || customer == null) {
            return Dispatch.refused(entry, customer, incident, "customer " + entry.customerId()
                    + " or its incident is gone");
        }
        boolean chainStep = action == Notification.Action.TRIGGER || action == Notification.Action.UPDATE;
        if (chainStep && !stillWanted(incident)) {
            outbox.settle(entry.id(), OutboxEntry.Status.CANCELLED, "incident is " + incident.state(), entry.attempts());
            return null;
        }
        if ((action == Notification.Action.REFIRE || action == Notification.Action.FLAPPING)
                && !incident.state().isOpen()) {
            // a re-fire is news for the incident's owner only while the incident is still open
            outbox.settle(entry.id(), OutboxEntry.Status.CANCELLED, "incident is " + incident.state(), entry.attempts());
            return null;
        }
        if (chainStep && incident.snoozedUntil() != null && now.isBefore(incident.snoozedUntil())) {
            // a person snoozed the incident (POST /api/v1/incidents/{id}/snooze): the chain resumes when it ends
            outbox.retry(entry.id(), "snoozed until " + incident.snoozedUntil(), entry.attempts(),
                    incident.snoozedUntil());
            return null;
        }
        Decision quiet = QuietHours.of(customer).decide(now, incident.severity() == null ? Severity.WARNING
                : incident.severity(), Audience.valueOf(entry.audience().toUpperCase(Locale.ROOT)));
        if (quiet.held() && action != Notification.Action.DIGEST) {
            hold(entry, quiet.holdUntil(), "quiet hours (" + quiet.interval() + ")");
            return null;
        }
        Optional<NotificationChannel> channel = channels.configured(entry.channel(), customer);
        if (channel.isEmpty()) {
            return Dispatch.refused(entry, customer, incident, "channel " + entry.channel()
                    + " is not configured for customer " + customer.id());
        }
        Integer perHour = customer.escalation().budgetPerHour();
        boolean budgeted = perHour != null && action == Notification.Action.TRIGGER;
        if (budgeted && !budget.reserve(customer.id(), perHour)) {
            hold(entry, now.plus(BUDGET_HOLD), "notification budget of " + perHour + " per hour used up");
            return null;
        }
        if (entry.groupKey() != null && action == Notification.Action.TRIGGER && channel.get().digests()) {
            Optional<Dispatch> grouped = grouped(entry, customer, incident, now);
            if (grouped.isPresent()) {
                if (budgeted) {
                    budget.release(customer.id());
                }
                return grouped.get().entries().isEmpty() ? null : grouped.get();
            }
        }
        return Dispatch.single(entry, customer, incident, new Notification(entry.id(), customer.id(), incident.id(),
                entry.channel(), action, contents.of(incident, customer), threadRef(entry), entry.interruptedAt()),
                budgeted);
    }

    /**
     * Notifications held over the customer's quiet hours (one customer and channel, already leased): dropped when
     * their incident resolved meanwhile (if the customer says so), the rest as one digest; null when nothing is left
     * to send as a digest (a single one, or a channel that takes no digest, goes out again on its own).
     */
    public Dispatch digestHeld(List<OutboxEntry> held) {
        CustomerConfig customer = customers.find(held.get(0).customerId()).orElse(null);
        if (customer == null) {
            held.forEach(e -> outbox.settle(e.id(), OutboxEntry.Status.DEAD, "customer is gone", e.attempts()));
            return null;
        }
        List<OutboxEntry> items = digestable(held, customer, QuietHours.of(customer).dropResolved());
        if (items.isEmpty()) {
            return null;
        }
        if (items.size() == 1 || !channels.digests(items.get(0).channel())) {
            // a digest of one is the notification itself; a channel without digests takes them one by one
            items.forEach(e -> outbox.retry(e.id(), null, e.attempts(), clock.instant()));
            wake.request();
            return null;
        }
        return digest(items, customer, "held during quiet hours");
    }

    /**
     * Storm control as Alertmanager groups: a group's trigger waits {@code groupInterval} after the group's last
     * notification, then takes every other pending trigger of the group along as one digest. Empty when the entry
     * goes on its own; a dispatch with no entries when it was postponed.
     */
    private Optional<Dispatch> grouped(OutboxEntry entry, CustomerConfig customer, Incident incident, Instant now) {
        Duration interval = customer.escalation().groupIntervalDuration();
        if (!interval.isZero()) {
            Optional<Instant> last = outbox.lastSentInGroup(entry.groupKey(), entry.channel());
            if (last.isPresent() && now.isBefore(last.get().plus(interval))) {
                outbox.retry(entry.id(), "waiting for the group interval", entry.attempts(), last.get().plus(interval));
                return Optional.of(new Dispatch(List.of(), customer, incident, null, null, false));
            }
        }
        List<OutboxEntry> members = new ArrayList<>(List.of(entry));
        members.addAll(lease.takeGroup(entry));
        if (members.size() == 1) {
            return Optional.empty();
        }
        List<OutboxEntry> items = digestable(members, customer, false);
        return Optional.of(items.isEmpty() ? new Dispatch(List.of(), customer, incident, null, null, false)
                : digest(items, customer, customer.id() + " group " + entry.groupKey()));
    }

    /** The entries whose incident still exists (and is open, when {@code dropResolved}); the others are cancelled. */
    private List<OutboxEntry> digestable(List<OutboxEntry> entries, CustomerConfig customer, boolean dropResolved) {
        List<OutboxEntry> items = new ArrayList<>();
        for (OutboxEntry e : entries) {
            Optional<Incident> incident = incidents.find(e.incidentId());
            if (incident.isEmpty() || (dropResolved && !incident.get().state().isOpen())) {
                outbox.settle(e.id(), OutboxEntry.Status.CANCELLED, "resolved during quiet hours", e.attempts());
                incident.ifPresent(i -> timeline.record(e, "notification_dropped", Map.of("reason",
                        "resolved during quiet hours")));
                continue;
            }
            items.add(e);
        }
        return items;
    }

    /** One digest of {@code items} (at least one, all of one customer and channel); {@code why} titles it. */
    private Dispatch digest(List<OutboxEntry> items, CustomerConfig customer, String why) {
        List<NotificationContent> contentItems = new ArrayList<>();
        Incident head = null;
        for (OutboxEntry e : items) {
            Incident incident = incidents.find(e.incidentId()).orElseThrow();
            head = head == null ? incident : head;
            contentItems.add(contents.of(incident, customer));
        }
        NotificationContent first = contentItems.get(0);
        NotificationContent digest = new NotificationContent(first.customerId(), first.customerName(), first.locale(),
                null, null, null, null, first.severity(), null, null, items.size() + " notifications " + why,
                List.of(), null, properties.publicUrl() + "/api/v1/incidents?customer=" + customer.id(),
                first.firstSeen(), List.copyOf(contentItems));
        OutboxEntry lead = items.get(0);
        return Dispatch.digest(items, customer, head, new Notification(lead.id() + "|digest", customer.id(),
                lead.incidentId(), lead.channel(), Notification.Action.DIGEST, digest, null));
    }

    private void hold(OutboxEntry entry, Instant until, String reason) {
        outbox.hold(entry.id(), until);
        timeline.record(entry, "notification_held", Map.of("until", until.toString(), "reason", reason));
    }

    private static boolean stillWanted(Incident incident) {
        IncidentState s = incident.state();
        // a flapping incident's people had its one FLAPPING notice: no chain step while it flaps (docs/noise.md)
        return s != IncidentState.ACKNOWLEDGED && s != IncidentState.RESOLVED && s != IncidentState.CLOSED
                && s != IncidentState.SUPPRESSED && !incident.flapping();
    }

    /** The channel's reference of the incident's first delivery there (a Slack thread), if any. */
    private String threadRef(OutboxEntry entry) {
        return outbox.forIncident(entry.incidentId()).stream()
                .filter(e -> e.channel().equals(entry.channel()) && e.status() == OutboxEntry.Status.SENT
                        && e.externalRef() != null && !e.id().equals(entry.id()))
                .map(OutboxEntry::externalRef).findFirst().orElse(null);
    }
}
