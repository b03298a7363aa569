package io.alerthub.notify;

import io.alerthub.config.CustomerConfig;
import io.alerthub.model.ChannelKind;
import io.alerthub.model.Incident;
import io.alerthub.model.NotificationAction;
import io.alerthub.model.Severity;
import io.alerthub.store.IncidentStore;
import io.alerthub.store.OutboxEntry;
import io.alerthub.store.OutboxStore;
import io.alerthub.triage.InternalAlert;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The settle step of route {@code notify.outbox}: records what an attempt came to. Sent (and, while nobody took the
 * incident, a reminder after {@code repeatInterval}); retried with exponential backoff honouring Retry-After; after
 * the last attempt or a permanent failure, handed to the customer's fallback channel; with none left, dead-lettered,
 * counted and raised as the hub's own alert. Every outcome lands on the incident's timeline.
 */
@Component
public class OutboxSettler {
    /** The class of the hub's own alert about a notification that could not be delivered. */
    public static final String DEAD_LETTER_CLASS = "notification_failed";
    private static final Logger LOG = LoggerFactory.getLogger(OutboxSettler.class);
    private final OutboxStore outbox;
    private final IncidentStore incidents;
    private final NotificationChannels channels;
    private final NotificationBudget budget;
    private final OutboxTimeline timeline;
    private final OutboxWake wake;
    private final OutboxProperties properties;
    private final ApplicationEventPublisher events;
    private final MeterRegistry meters;
    private final TransactionTemplate tx;

    public OutboxSettler(OutboxStore outbox, IncidentStore incidents, NotificationChannels channels,
                         NotificationBudget budget, OutboxTimeline timeline, OutboxWake wake,
                         OutboxProperties properties, ApplicationEventPublisher events, MeterRegistry meters,
                         TransactionTemplate tx) {
        this.outbox = outbox;
        this.incidents = incidents;
        this.channels = channels;
        this.budget = budget;
        this.timeline = timeline;
        this.wake = wake;
        this.properties = properties;
        this.events = events;
        this.meters = meters;
        this.tx = tx;
    }

    public void settle(Attempt attempt) {
        Dispatch d = attempt.dispatch();
        try {
            if (d.isDigest()) {
                settleDigest(attempt);
            } else if (!attempt.tried()) {
                refused(d, attempt.result().detail(), attempt.at());
            } else {
                settle(d.first(), d.incident(), d.customer(), attempt.result(), d.first().attempts() + 1,
                        attempt.at());
            }
        } finally {
            if (d.budgeted()) {
                budget.release(d.customer().id());
            }
        }
    }

    /** Never reached its channel: no attempt counted, straight to the fallback (or, with the customer gone, dead). */
    private void refused(Dispatch d, String why, Instant now) {
        if (d.incident() == null || d.customer() == null) {
            dead(d.first(), d.incident(), why, d.first().attempts());
        } else {
            failOver(d.first(), d.incident(), d.customer(), why, d.first().attempts(), now);
        }
    }

    private void settleDigest(Attempt attempt) {
        Dispatch d = attempt.dispatch();
        DeliveryResult result = attempt.result();
        if (result.status() == DeliveryResult.Status.SENT) {
            // the whole digest in one commit
            tx.executeWithoutResult(s -> {
                for (OutboxEntry e : d.entries()) {
                    outbox.sent(e.id(), result.externalRef(), e.attempts() + 1, attempt.at());
                    timeline.record(e, "notification_sent", Map.of("digest", d.entries().size(),
                            "externalRef", String.valueOf(result.externalRef())));
                }
            });
            // after the commit, as for a single notification: each incident of the digest is reminded on its own
            for (OutboxEntry e : d.entries()) {
                remindLater(e, d.customer(), attempt.at());
            }
            return;
        }
        for (OutboxEntry e : d.entries()) {
            settle(e, incidents.find(e.incidentId()).orElse(null), d.customer(), result, e.attempts() + 1,
                    attempt.at());
        }
    }

    private void settle(OutboxEntry entry, Incident incident, CustomerConfig customer, DeliveryResult result,
                        int attempts, Instant now) {
        if (incident == null || customer == null) {
            dead(entry, incident, result.detail(), attempts);
            return;
        }
        meters.counter("alerthub.notify.attempts", "channel", entry.channel().id(), "result", result.status().name())
                .increment();
        switch (result.status()) {
            case SENT -> {
                // the row, the incident's first-notified time and the timeline entry: one commit, not three
                tx.executeWithoutResult(s -> {
                    outbox.sent(entry.id(), result.externalRef(), attempts, now);
                    timeline.record(entry, "notification_sent", Map.of("attempt", attempts,
                            "externalRef", String.valueOf(result.externalRef()),
                            "latencyMs", Duration.between(entry.dueAt(), now).toMillis()));
                });
                // after the commit: a duplicate reminder key must not abort it (PostgreSQL aborts a transaction
                // whose statement failed)
                remindLater(entry, customer, now);
            }
            case RETRY -> {
                if (attempts >= properties.maxAttempts()) {
                    failOver(entry, incident, customer, "gave up after " + attempts + " attempts: " + result.detail(),
                            attempts, now);
                    return;
                }
                Instant next = now.plus(properties.backoff(attempts, result.retryAfter()));
                tx.executeWithoutResult(s -> {
                    outbox.retry(entry.id(), result.detail(), attempts, next);
                    timeline.record(entry, "notification_failed", Map.of("attempt", attempts,
                            "error", String.valueOf(result.detail()), "nextAttemptAt", next.toString()));
                });
            }
            case FAILED -> failOver(entry, incident, customer, result.detail(), attempts, now);
        }
    }

    /**
     * Alertmanager's repeat_interval: while the incident stays unacknowledged and unresolved, the channel hears of
     * it again after the interval (an UPDATE; cancelled at delivery once someone took it).
     */
    private void remindLater(OutboxEntry entry, CustomerConfig customer, Instant now) {
        Duration repeat = customer.escalation().repeatIntervalDuration();
        if (repeat.isZero() || !entry.action().chainStep()) {
            return;
        }
        Instant due = now.plus(repeat);
        NotificationAction update = NotificationAction.UPDATE;
        outbox.enqueue(OutboxEntry.pending(entry.incidentId() + "|" + entry.channel().id() + "|" + update.name() + "|"
                        + entry.level() + "|" + due.getEpochSecond(), entry.customerId(), entry.incidentId(),
                entry.channel(), update, entry.level(), entry.audience(), due, null, entry.groupKey(), now));
    }

    /** The channel failed for good: the customer's fallback channel takes the notification, else dead letter. */
    private void failOver(OutboxEntry entry, Incident incident, CustomerConfig customer, String error, int attempts,
                          Instant now) {
        String named = customer.escalation().fallback().get(entry.channel().id());
        ChannelKind fallback = named == null ? null : ChannelKind.of(named);
        if (fallback != null && entry.fallbackOf() == null && fallback != entry.channel()
                && channels.configured(fallback, customer).isPresent()) {
            outbox.enqueue(OutboxEntry.pending(entry.id() + "|fallback-" + fallback.id(), entry.customerId(),
                    entry.incidentId(), fallback, entry.action(), entry.level(),
                    channels.audience(fallback).name().toLowerCase(Locale.ROOT), now, entry.id(), entry.groupKey(),
                    now));
            outbox.settle(entry.id(), OutboxEntry.Status.FAILED, error, attempts);
            timeline.record(entry, "notification_failed", Map.of("attempt", attempts,
                    "error", String.valueOf(error), "fallback", fallback.id()));
            wake.request();
            return;
        }
        dead(entry, incident, error, attempts);
    }

    private void dead(OutboxEntry entry, Incident incident, String error, int attempts) {
        outbox.settle(entry.id(), OutboxEntry.Status.DEAD, error, attempts);
        meters.counter("alerthub.notify.dead", "channel", entry.channel().id()).increment();
        LOG.error("outbox: notification {} is dead ({} attempts): {}", entry.id(), attempts, error);
        if (incident == null) {
            return;
        }
        timeline.record(entry, "notification_dead", Map.of("attempt", attempts, "error", String.valueOf(error)));
        if (!DEAD_LETTER_CLASS.equals(incident.alertClass())) {
            events.publishEvent(new InternalAlert(entry.customerId(), "notify", "Notification could not be delivered",
                    DEAD_LETTER_CLASS, Severity.ERROR, "the " + entry.channel() + " notification (" + entry.action()
                    + ") of incident " + entry.incidentId() + " could not be delivered: " + error,
                    "internal:notify:" + entry.customerId() + ":" + entry.channel(), entry.id()));
        }
    }
}
