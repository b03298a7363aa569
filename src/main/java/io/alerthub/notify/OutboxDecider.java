package io.alerthub.notify;

import io.alerthub.config.CustomerConfig;
import io.alerthub.config.CustomerRegistry;
import io.alerthub.escalate.GroupTimer;
import io.alerthub.escalate.quiet.Audience;
import io.alerthub.escalate.quiet.Decision;
import io.alerthub.escalate.quiet.QuietHours;
import io.alerthub.model.Incident;
import io.alerthub.model.IncidentState;
import io.alerthub.model.NotificationAction;
import io.alerthub.model.Severity;
import io.alerthub.store.IncidentStore;
import io.alerthub.store.NotificationGroupStore;
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
    private final NotificationGroupStore groups;
    private final IncidentStore incidents;
    private final CustomerRegistry customers;
    private final NotificationChannels channels;
    private final NotificationContents contents;
    private final NotificationBudget budget;
    private final OutboxTimeline timeline;
    private final OutboxWake wake;
    private final OutboxProperties properties;
    private final Clock clock;

    public OutboxDecider(OutboxStore outbox, NotificationGroupStore groups, IncidentStore incidents,
                         CustomerRegistry customers, NotificationChannels channels, NotificationContents contents,
                         NotificationBudget budget, OutboxTimeline timeline, OutboxWake wake,
                         OutboxProperties properties, Clock clock) {
        this.outbox = outbox;
        this.groups = groups;
        this.incidents = incidents;
        this.customers = customers;
        this.channels = channels;
        this.contents = contents;
        this.budget = budget;
        this.timeline = timeline;
        this.wake = wake;
        this.properties = properties;
        this.clock = clock;
    }

    /** Decides one leased notification: what to send, or null when it was cancelled, held or postponed here. */
    public Dispatch decide(OutboxEntry entry) {
        Instant now = clock.instant();
        NotificationAction action = entry.action();
        Incident incident = incidents.find(entry.incidentId()).orElse(null);
        CustomerConfig customer = customers.find(entry.customerId()).orElse(null);
        if (incident == null || customer == null) {
            return Dispatch.refused(entry, customer, incident, "customer " + entry.customerId()
                    + " or its incident is gone");
        }
        boolean chainStep = action.chainStep();
        if (chainStep && entry.groupKey() != null) {
            groups.clearStaleCarry(entry.id(), entry.lastError());
            if (groups.carried(entry.id())) {
                return null; // another notification of its group took it along: it is sent and settled with that one
            }
        }
        if (chainStep && !stillWanted(incident)) {
            outbox.settle(entry.id(), OutboxEntry.Status.CANCELLED, "incident is " + incident.state(), entry.attempts());
            return null;
        }
        if ((action == NotificationAction.REFIRE || action == NotificationAction.FLAPPING)
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
        if (quiet.held() && action != NotificationAction.DIGEST) {
            hold(entry, quiet.holdUntil(), "quiet hours (" + quiet.interval() + ")");
            return null;
        }
        Optional<NotificationChannel> channel = channels.configured(entry.channel(), customer);
        if (channel.isEmpty()) {
            return Dispatch.refused(entry, customer, incident, "channel " + entry.channel()
                    + " is not configured for customer " + customer.id());
        }
        Integer perHour = customer.escalation().budgetPerHour();
        boolean budgeted = perHour != null && action == NotificationAction.TRIGGER;
        if (budgeted && !budget.reserve(customer.id(), perHour)) {
            hold(entry, now.plus(BUDGET_HOLD), "notification budget of " + perHour + " per hour used up");
            return null;
        }
        if (entry.groupKey() != null && chainStep && channel.get().digests()) {
            Optional<Dispatch> grouped = grouped(entry, customer, incident, now);
            if (grouped.isPresent()) {
                if (budgeted) {
                    budget.release(customer.id());
                }
                return grouped.get().entries().isEmpty() ? null : grouped.get();
            }
        }
        return Dispatch.single(entry, customer, incident, new Notification(entry.id(), customer.id(), incident.id(),
                entry.channel(), action, contents.of(incident, customer), threadRef(entry), entry.interruptedAt(),
                entry.interruptedUntil()),
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
     * Storm control as Alertmanager's dispatcher groups: once a group has notified the channel about an incident
     * still open, a change to it (a new incident's trigger) goes on the group's next tick, {@code groupInterval}
     * after its last notification, and a reminder on the first tick more than {@code repeatInterval} after it; a
     * flush takes the group's triggers due by then and its reminders along as one digest. Empty when the entry goes
     * on its own; a dispatch with no entries when it was postponed.
     */
    private Optional<Dispatch> grouped(OutboxEntry entry, CustomerConfig customer, Incident incident, Instant now) {
        GroupTimer timer = GroupTimer.of(customer.escalation());
        Optional<Instant> last = outbox.lastSentInGroup(entry.groupKey(), entry.channel());
        if (last.isPresent() && groups.notifiedAndOpen(entry.groupKey(), entry.channel(), entry.id())) {
            boolean reminder = entry.action() == NotificationAction.UPDATE;
            Instant tick = reminder ? timer.reminder(last.get()) : timer.nextTick(last.get(), entry.dueAt());
            if (tick != null && now.isBefore(tick)) {
                outbox.retry(entry.id(), reminder ? "waiting for the group's repeat interval"
                        : "waiting for the group interval", entry.attempts(), tick);
                return Optional.of(new Dispatch(List.of(), customer, incident, null, null, false));
            }
        }
        // one poll may have taken several of the group at once: the one with the smallest id flushes the group
        Instant batch = groups.leasedAt(entry.id());
        if (batch != null && !groups.leadsBatch(entry.groupKey(), entry.channel(), entry.id(), batch)) {
            groups.releaseUnlessCarried(entry.id(), batch, now);
            return Optional.of(new Dispatch(List.of(), customer, incident, null, null, false));
        }
        List<OutboxEntry> members = new ArrayList<>(List.of(entry));
        if (batch != null) {
            groups.sameBatch(entry.groupKey(), entry.channel(), entry.id(), batch).stream()
                    .filter(other -> groups.carry(other.id(), batch, entry.id())).forEach(members::add);
        }
        Instant until = now.plus(properties.lease());
        groups.flushedWith(entry.groupKey(), entry.channel(), entry.id(), now).stream()
                .filter(other -> outbox.lease(other.id(), now, until)).forEach(members::add);
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
                lead.incidentId(), lead.channel(), NotificationAction.DIGEST, digest, null));
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
                .filter(e -> e.channel() == entry.channel() && e.status() == OutboxEntry.Status.SENT
                        && e.externalRef() != null && !e.id().equals(entry.id()))
                .map(OutboxEntry::externalRef).findFirst().orElse(null);
    }
}
