package io.alerthub.notify;

import io.alerthub.config.CustomerConfig;
import io.alerthub.config.CustomerRegistry;
import io.alerthub.escalate.EscalationPlanner;
import io.alerthub.escalate.NotificationsQueued;
import io.alerthub.escalate.quiet.Audience;
import io.alerthub.escalate.quiet.Decision;
import io.alerthub.escalate.quiet.QuietHours;
import io.alerthub.model.Incident;
import io.alerthub.model.IncidentState;
import io.alerthub.model.Severity;
import io.alerthub.model.TimelineEntry;
import io.alerthub.store.IncidentStore;
import io.alerthub.store.OutboxEntry;
import io.alerthub.store.OutboxStore;
import io.alerthub.store.TimelineStore;
import io.alerthub.triage.InternalAlert;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Works off the outbox: takes each due notification under a lease, checks it is still wanted (not acknowledged,
 * resolved or suppressed meanwhile), holds customer-facing ones in the customer's quiet hours (sent as one digest
 * when the window ends) and over the notification budget, delivers through its channel, and settles the result:
 * sent; retried with exponential backoff honouring Retry-After; handed to the fallback channel; or, with none left,
 * dead-lettered, counted and raised as the hub's own alert. Every outcome lands on the incident's timeline.
 */
@Component
public class OutboxSender implements SmartLifecycle {
    /** The class of the hub's own alert about a notification that could not be delivered. */
    public static final String DEAD_LETTER_CLASS = "notification_failed";
    private static final Logger LOG = LoggerFactory.getLogger(OutboxSender.class);
    private static final int BATCH = 100;
    private static final Duration BUDGET_WINDOW = Duration.ofHours(1);

    private final OutboxStore outbox;
    private final IncidentStore incidents;
    private final TimelineStore timeline;
    private final CustomerRegistry customers;
    private final NotificationContents contents;
    private final Map<String, NotificationChannel> channels;
    private final OutboxProperties properties;
    private final ApplicationEventPublisher events;
    private final MeterRegistry meters;
    private final Clock clock;
    private final ObjectProvider<CamelContext> camel;
    /** One lock per customer with a budget: the count of sent notifications and the next send must not interleave. */
    private final ConcurrentMap<String, Object> budgetLocks = new ConcurrentHashMap<>();
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean running;
    private Thread loop;
    private ExecutorService senders;

    public OutboxSender(OutboxStore outbox, IncidentStore incidents, TimelineStore timeline, CustomerRegistry customers,
                        NotificationContents contents, List<NotificationChannel> channels, OutboxProperties properties,
                        ApplicationEventPublisher events, MeterRegistry meters, Clock clock,
                        ObjectProvider<CamelContext> camel) {
        this.outbox = outbox;
        this.incidents = incidents;
        this.timeline = timeline;
        this.customers = customers;
        this.contents = contents;
        this.channels = channels.stream().collect(Collectors.toMap(NotificationChannel::name, Function.identity()));
        this.properties = properties;
        this.events = events;
        this.meters = meters;
        this.clock = clock;
        this.camel = camel;
    }

    /** New entries: look now rather than at the next poll. */
    @EventListener
    public void on(NotificationsQueued queued) {
        wake.release();
    }

    /** Takes and delivers what is due now; returns how many entries it took (the loop, and tests, call it). */
    public int sendDue() {
        Instant now = clock.instant();
        int released = outbox.releaseExpiredLeases(now);
        if (released > 0) {
            LOG.warn("outbox: {} notifications were left by a sender that stopped; sending them again", released);
        }
        digestHeld(now);
        List<OutboxEntry> due = outbox.due(now, BATCH);
        List<java.util.concurrent.Future<?>> running = new ArrayList<>();
        int taken = 0;
        for (OutboxEntry entry : due) {
            if (outbox.lease(entry.id(), now.plus(properties.lease()))) {
                taken++;
                running.add(senders.submit(() -> deliverSafely(entry)));
            }
        }
        for (java.util.concurrent.Future<?> f : running) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (java.util.concurrent.ExecutionException e) {
                LOG.error("outbox delivery failed", e.getCause());
            }
        }
        return taken;
    }

    private void deliverSafely(OutboxEntry entry) {
        try {
            deliver(entry);
        } catch (RuntimeException e) {
            // the lease runs out and the entry is tried again; never lost
            LOG.error("outbox: delivering {} failed unexpectedly", entry.id(), e);
        }
    }

    void deliver(OutboxEntry entry) {
        Instant now = clock.instant();
        Incident incident = incidents.find(entry.incidentId()).orElse(null);
        CustomerConfig customer = customers.find(entry.customerId()).orElse(null);
        if (incident == null || customer == null) {
            dead(entry, null, "customer " + entry.customerId() + " or its incident is gone", entry.attempts());
            return;
        }
        if ((entry.action().equals("TRIGGER") || entry.action().equals("UPDATE")) && !stillWanted(incident)) {
            outbox.settle(entry.id(), OutboxEntry.Status.CANCELLED, "incident is " + incident.state(), entry.attempts());
            return;
        }
        Audience audience = entry.audience().equals("customer") ? Audience.CUSTOMER : Audience.INTERNAL;
        Decision quiet = QuietHours.of(customer).decide(now, incident.severity() == null ? Severity.WARNING
                : incident.severity(), audience);
        if (quiet.held() && !entry.action().equals("DIGEST")) {
            outbox.hold(entry.id(), quiet.holdUntil());
            record(incident.id(), "notification_held", detail(entry, Map.of("until", quiet.holdUntil().toString(),
                    "reason", "quiet hours (" + quiet.interval() + ")")));
            return;
        }
        Integer budget = customer.escalation().budgetPerHour();
        if (budget == null || !entry.action().equals("TRIGGER")) {
            send(entry, incident, customer, now);
            return;
        }
        // deliveries run in parallel: without the lock, a storm's triggers all count the same sent notifications
        // and all go out, whatever the budget
        synchronized (budgetLocks.computeIfAbsent(customer.id(), id -> new Object())) {
            if (outbox.sentSince(customer.id(), now.minus(BUDGET_WINDOW)) >= budget) {
                Instant until = now.plus(Duration.ofMinutes(10));
                outbox.hold(entry.id(), until);
                record(incident.id(), "notification_held", detail(entry, Map.of("until", until.toString(),
                        "reason", "notification budget of " + budget + " per hour used up")));
                return;
            }
            send(entry, incident, customer, now);
        }
    }

    /** Delivers a notification that passed every hold, and settles the result. */
    private void send(OutboxEntry entry, Incident incident, CustomerConfig customer, Instant now) {
        NotificationChannel channel = channels.get(entry.channel());
        if (channel == null || !EscalationPlanner.configuredChannels(customer).contains(entry.channel())) {
            failOver(entry, incident, customer, "channel " + entry.channel() + " is not configured for customer "
                    + customer.id(), entry.attempts());
            return;
        }
        // PagerDuty groups by itself (one dedup key per incident): a digest is not an event it takes
        if (entry.groupKey() != null && entry.action().equals("TRIGGER") && !entry.channel().equals("pagerduty")
                && grouped(entry, customer, channel, now)) {
            return;
        }
        Notification notification = new Notification(entry.id(), customer.id(), incident.id(), entry.channel(),
                Notification.Action.valueOf(entry.action()), contents.of(incident, customer),
                threadRef(entry.incidentId(), entry.channel(), entry.id()));
        settle(entry, incident, customer, channel.deliver(notification), entry.attempts() + 1);
    }

    private void settle(OutboxEntry entry, Incident incident, CustomerConfig customer, DeliveryResult result,
                        int attempts) {
        Instant now = clock.instant();
        meters.counter("alerthub.notify.attempts", "channel", entry.channel(), "result", result.status().name())
                .increment();
        switch (result.status()) {
            case SENT -> {
                outbox.sent(entry.id(), result.externalRef(), attempts, now);
                record(incident.id(), "notification_sent", detail(entry, Map.of("attempt", attempts,
                        "externalRef", String.valueOf(result.externalRef()),
                        "latencyMs", Duration.between(entry.dueAt(), now).toMillis())));
                remindLater(entry, customer, now);
            }
            case RETRY -> {
                if (attempts >= properties.maxAttempts()) {
                    failOver(entry, incident, customer, "gave up after " + attempts + " attempts: " + result.detail(),
                            attempts);
                    return;
                }
                Instant next = now.plus(properties.backoff(attempts, result.retryAfter()));
                outbox.retry(entry.id(), result.detail(), attempts, next);
                record(incident.id(), "notification_failed", detail(entry, Map.of("attempt", attempts,
                        "error", String.valueOf(result.detail()), "nextAttemptAt", next.toString())));
            }
            case FAILED -> failOver(entry, incident, customer, result.detail(), attempts);
        }
    }

    /**
     * Alertmanager's repeat_interval: while the incident stays unacknowledged and unresolved, the channel hears of
     * it again after the interval (an UPDATE; cancelled at delivery once someone took it).
     */
    private void remindLater(OutboxEntry entry, CustomerConfig customer, Instant now) {
        Duration repeat = customer.escalation().repeatIntervalDuration();
        if (repeat.isZero() || !(entry.action().equals("TRIGGER") || entry.action().equals("UPDATE"))) {
            return;
        }
        Instant due = now.plus(repeat);
        outbox.enqueue(OutboxEntry.pending(entry.incidentId() + "|" + entry.channel() + "|UPDATE|" + entry.level()
                        + "|" + due.getEpochSecond(), entry.customerId(), entry.incidentId(), entry.channel(), "UPDATE",
                entry.level(), entry.audience(), due, null, entry.groupKey(), now));
    }

    /** The channel failed for good: the customer's fallback channel takes the notification, else dead letter. */
    private void failOver(OutboxEntry entry, Incident incident, CustomerConfig customer, String error, int attempts) {
        String fallback = customer.escalation().fallback().get(entry.channel());
        if (fallback != null && entry.fallbackOf() == null && !fallback.equals(entry.channel())
                && EscalationPlanner.configuredChannels(customer).contains(fallback)) {
            Instant now = clock.instant();
            outbox.enqueue(OutboxEntry.pending(entry.id() + "|fallback-" + fallback, entry.customerId(),
                    entry.incidentId(), fallback, entry.action(), entry.level(),
                    fallback.equals("email") ? "customer" : "internal", now, entry.id(), entry.groupKey(), now));
            outbox.settle(entry.id(), OutboxEntry.Status.FAILED, error, attempts);
            record(incident.id(), "notification_failed", detail(entry, Map.of("attempt", attempts,
                    "error", String.valueOf(error), "fallback", fallback)));
            wake.release();
            return;
        }
        dead(entry, incident, error, attempts);
    }

    private void dead(OutboxEntry entry, Incident incident, String error, int attempts) {
        outbox.settle(entry.id(), OutboxEntry.Status.DEAD, error, attempts);
        meters.counter("alerthub.notify.dead", "channel", entry.channel()).increment();
        LOG.error("outbox: notification {} is dead ({} attempts): {}", entry.id(), attempts, error);
        if (incident == null) {
            return;
        }
        record(incident.id(), "notification_dead", detail(entry, Map.of("attempt", attempts,
                "error", String.valueOf(error))));
        if (!DEAD_LETTER_CLASS.equals(incident.alertClass())) {
            events.publishEvent(new InternalAlert(entry.customerId(), "notify", "Notification could not be delivered",
                    DEAD_LETTER_CLASS, Severity.ERROR, "the " + entry.channel() + " notification (" + entry.action()
                    + ") of incident " + entry.incidentId() + " could not be delivered: " + error,
                    "internal:notify:" + entry.customerId() + ":" + entry.channel(), entry.id()));
        }
    }

    /**
     * Storm control as Alertmanager groups: a group's notification waits {@code groupInterval} after the group's
     * last one, and then takes every other pending trigger of the group along, sent as one digest. True when the
     * entry was handled here (postponed or sent with its group).
     */
    private boolean grouped(OutboxEntry entry, CustomerConfig customer, NotificationChannel channel, Instant now) {
        Duration interval = customer.escalation().groupIntervalDuration();
        if (!interval.isZero()) {
            Optional<Instant> last = outbox.lastSentInGroup(entry.groupKey(), entry.channel());
            if (last.isPresent() && now.isBefore(last.get().plus(interval))) {
                outbox.retry(entry.id(), "waiting for the group interval", entry.attempts(), last.get().plus(interval));
                return true;
            }
        }
        List<OutboxEntry> members = new ArrayList<>(List.of(entry));
        for (OutboxEntry other : outbox.pendingInGroup(entry.groupKey(), entry.channel(), entry.level(), entry.id())) {
            if (outbox.lease(other.id(), now.plus(properties.lease()))) {
                members.add(other);
            }
        }
        if (members.size() == 1) {
            return false;
        }
        sendDigest(members, customer.id() + " group " + entry.groupKey(), false);
        return true;
    }

    /**
     * Held notifications whose quiet window ended: per customer and channel, dropped when their incident resolved
     * meanwhile (if the customer says so), the rest sent as one digest.
     */
    private void digestHeld(Instant now) {
        List<OutboxEntry> held = outbox.heldDue(now, BATCH);
        Map<String, List<OutboxEntry>> groups = new LinkedHashMap<>();
        for (OutboxEntry e : held) {
            groups.computeIfAbsent(e.customerId() + "|" + e.channel(), k -> new ArrayList<>()).add(e);
        }
        for (List<OutboxEntry> group : groups.values()) {
            List<OutboxEntry> taken = group.stream()
                    .filter(e -> outbox.leaseHeld(e.id(), now.plus(properties.lease()))).toList();
            if (!taken.isEmpty()) {
                senders.submit(() -> sendDigest(taken, "held during quiet hours", true));
            }
        }
    }

    /** Sends {@code held} (already leased) as one digest; {@code why} titles it. */
    private void sendDigest(List<OutboxEntry> held, String why, boolean afterQuietHours) {
        OutboxEntry first = held.get(0);
        CustomerConfig customer = customers.find(first.customerId()).orElse(null);
        if (customer == null) {
            held.forEach(e -> outbox.settle(e.id(), OutboxEntry.Status.DEAD, "customer is gone", e.attempts()));
            return;
        }
        boolean dropResolved = afterQuietHours && QuietHours.of(customer).dropResolved();
        List<OutboxEntry> items = new ArrayList<>();
        List<NotificationContent> contentItems = new ArrayList<>();
        for (OutboxEntry e : held) {
            Optional<Incident> incident = incidents.find(e.incidentId());
            if (incident.isEmpty() || (dropResolved && !incident.get().state().isOpen())) {
                outbox.settle(e.id(), OutboxEntry.Status.CANCELLED, "resolved during quiet hours", e.attempts());
                incident.ifPresent(i -> record(i.id(), "notification_dropped", detail(e, Map.of("reason",
                        "resolved during quiet hours"))));
                continue;
            }
            items.add(e);
            contentItems.add(contents.of(incident.get(), customer));
        }
        if (items.isEmpty()) {
            return;
        }
        if (first.channel().equals("pagerduty")) {
            // PagerDuty takes events one incident at a time (its dedup key), never a digest: each goes on its own
            items.forEach(e -> outbox.retry(e.id(), null, e.attempts(), clock.instant()));
            wake.release();
            return;
        }
        if (items.size() == 1 && afterQuietHours) {
            // a digest of one is the notification itself
            outbox.retry(items.get(0).id(), null, items.get(0).attempts(), clock.instant());
            wake.release();
            return;
        }
        NotificationChannel channel = channels.get(first.channel());
        NotificationContent head = contentItems.get(0);
        NotificationContent digest = new NotificationContent(head.customerId(), head.customerName(), head.locale(),
                null, null, null, null, head.severity(), null, null, items.size() + " notifications " + why,
                List.of(), null, properties.publicUrl() + "/api/v1/incidents?customer=" + customer.id(),
                head.firstSeen(), List.copyOf(contentItems));
        DeliveryResult result = channel == null ? DeliveryResult.failed("channel " + first.channel()
                + " is not available") : channel.deliver(new Notification(first.id() + "|digest", customer.id(),
                first.incidentId(), first.channel(), Notification.Action.DIGEST, digest, null));
        for (OutboxEntry e : items) {
            Incident incident = incidents.find(e.incidentId()).orElseThrow();
            if (result.status() == DeliveryResult.Status.SENT) {
                outbox.sent(e.id(), result.externalRef(), e.attempts() + 1, clock.instant());
                record(incident.id(), "notification_sent", detail(e, Map.of("digest", items.size(),
                        "externalRef", String.valueOf(result.externalRef()))));
            } else {
                settle(e, incident, customer, result, e.attempts() + 1);
            }
        }
    }

    private static boolean stillWanted(Incident incident) {
        IncidentState s = incident.state();
        return s != IncidentState.ACKNOWLEDGED && s != IncidentState.RESOLVED && s != IncidentState.CLOSED
                && s != IncidentState.SUPPRESSED;
    }

    /** The channel's reference of the incident's first delivery there (a Slack thread), if any. */
    private String threadRef(String incidentId, String channel, String self) {
        return outbox.forIncident(incidentId).stream()
                .filter(e -> e.channel().equals(channel) && e.status() == OutboxEntry.Status.SENT
                        && e.externalRef() != null && !e.id().equals(self))
                .map(OutboxEntry::externalRef).findFirst().orElse(null);
    }

    private static Map<String, Object> detail(OutboxEntry entry, Map<String, Object> more) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("channel", entry.channel());
        detail.put("action", entry.action());
        detail.put("level", entry.level());
        detail.put("audience", entry.audience());
        detail.put("notification", entry.id());
        detail.putAll(more);
        return detail;
    }

    private void record(String incidentId, String kind, Map<String, Object> detail) {
        timeline.append(incidentId, new TimelineEntry(clock.instant(), "hub", kind, detail));
    }

    private void run() {
        // the channels send through Camel, which Spring Boot starts only after every SmartLifecycle (on
        // ContextRefreshedEvent): a delivery before that fails with "CamelContext is stopped" and costs an attempt.
        // Looked up here, not injected: a CamelContext constructor argument here left Camel with no routes loaded.
        CamelContext context = camel.getObject();
        while (running && !context.isStarted()) {
            try {
                wake.tryAcquire(properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        while (running) {
            try {
                sendDue();
                long waitMs = outbox.nextDue().map(d -> Duration.between(clock.instant(), d).toMillis())
                        .map(ms -> Math.max(0, Math.min(ms, properties.pollInterval().toMillis())))
                        .orElse(properties.pollInterval().toMillis());
                if (wake.tryAcquire(waitMs, TimeUnit.MILLISECONDS)) {
                    wake.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("outbox sender loop failed; trying again", e);
                try {
                    wake.tryAcquire(properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void start() {
        if (!properties.enabled()) {
            LOG.warn("outbox: delivery is off (alerthub.outbox.enabled=false): notifications wait in the outbox");
            running = true;
            return;
        }
        senders = Executors.newFixedThreadPool(properties.senders(), r -> {
            Thread t = new Thread(r, "outbox-sender");
            t.setDaemon(true);
            return t;
        });
        running = true;
        loop = new Thread(this::run, "outbox-loop");
        loop.setDaemon(true);
        loop.start();
    }

    @Override
    public void stop() {
        running = false;
        wake.release();
        if (loop == null) {
            return;
        }
        try {
            loop.join(properties.lease().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        senders.shutdown();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
