package io.alerthub.ingest.mail;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Watches every customer mailbox's polls: health contributor {@code mailboxes} (DOWN while any mailbox cannot be
 * read, with each mailbox's state, since when, and last error), the gauge {@code alerthub.mail.mailbox.up} and the
 * counter {@code alerthub.mail.poll.failures} per customer, and a {@link MailboxStatusChanged} event once a mailbox has
 * been down longer than {@code alerthub.mail.down-alert-after} (and again when it is back).
 */
@Component("mailboxesHealthIndicator")
public class MailboxHealth implements HealthIndicator {
    private static final Logger LOG = LoggerFactory.getLogger(MailboxHealth.class);
    private final Map<String, Mailbox> mailboxes = new ConcurrentHashMap<>();
    private final MeterRegistry meters;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Duration downAlertAfter;

    public MailboxHealth(MeterRegistry meters, ApplicationEventPublisher events, Clock clock, MailProperties properties) {
        this.meters = meters;
        this.events = events;
        this.clock = clock;
        this.downAlertAfter = properties.downAlertAfter();
    }

    /** What the hub knows of one mailbox; its fields change on the mailbox's poll thread only. */
    final class Mailbox {
        private final String customerId;
        private final Counter failures;
        private volatile String state = "UNKNOWN";
        private volatile Instant since;
        private volatile String lastError;
        private volatile boolean alerted;
        private volatile int unseen;

        Mailbox(String customerId) {
            this.customerId = customerId;
            this.since = clock.instant();
            this.failures = meters.counter("alerthub.mail.poll.failures", "customer", customerId);
            Gauge.builder("alerthub.mail.mailbox.up", this, m -> "UP".equals(m.state) ? 1 : 0)
                    .description("1 while the customer's alert mailbox can be read").tag("customer", customerId)
                    .strongReference(true).register(meters);
        }

        /** The poll reached the mailbox and read its unseen mail. */
        void pollSucceeded() {
            up();
        }

        /** How many unseen mails the poll's search found (the mailbox's backlog, for the queue-depth metric). */
        void unseen(int count) {
            unseen = count;
        }

        /** The poll could not connect, open the folder, search or fetch. */
        void pollFailed(Throwable cause) {
            down(describe(cause));
        }

        /** Filing stored mails failed: they stay in the folder and are read (and recognised as stored) again. */
        void fileFailed(Throwable cause) {
            meters.counter("alerthub.mail.commit.failures", "customer", customerId).increment();
            LOG.warn("customer {}: could not mark or move stored mails ({}); they will be read again",
                    customerId, describe(cause));
        }

        private void up() {
            if (!"UP".equals(state)) {
                if ("DOWN".equals(state)) {
                    LOG.info("customer {}: mailbox reachable again after {}", customerId,
                            Duration.between(since, clock.instant()));
                }
                Instant downSince = since;
                boolean wasAlerted = alerted;
                state = "UP";
                since = clock.instant();
                lastError = null;
                alerted = false;
                if (wasAlerted) {
                    events.publishEvent(new MailboxStatusChanged(customerId, true, downSince, null));
                }
            }
        }

        private void down(String error) {
            LOG.debug("customer {}: poll failed: {}", customerId, error);
            failures.increment();
            lastError = error;
            if (!"DOWN".equals(state)) {
                LOG.warn("customer {}: mailbox unreachable: {}", customerId, error);
                state = "DOWN";
                since = clock.instant();
            }
            if (!alerted && !Duration.between(since, clock.instant()).minus(downAlertAfter).isNegative()) {
                alerted = true;
                LOG.warn("customer {}: mailbox unreachable for {} or longer, raising an alert", customerId,
                        downAlertAfter);
                events.publishEvent(new MailboxStatusChanged(customerId, false, since, error));
            }
        }

        Map<String, Object> details() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("status", state);
            d.put("since", since.toString());
            if (lastError != null) {
                d.put("error", lastError);
            }
            return d;
        }
    }

    /** The state of {@code customerId}'s mailbox, which its poller reports to. */
    Mailbox mailbox(String customerId) {
        return mailboxes.computeIfAbsent(customerId, Mailbox::new);
    }

    /** Unseen mails waiting in every polled mailbox, as their last polls found them. */
    public int backlog() {
        return mailboxes.values().stream().mapToInt(m -> m.unseen).sum();
    }

    /** The customer no longer has a mailbox: its state leaves health and metrics. */
    public void forget(String customerId) {
        Mailbox gone = mailboxes.remove(customerId);
        if (gone != null) {
            meters.find("alerthub.mail.mailbox.up").tag("customer", customerId).meters().forEach(meters::remove);
        }
    }

    @Override
    public Health health() {
        Map<String, Object> details = new TreeMap<>();
        boolean down = false;
        for (Mailbox m : mailboxes.values()) {
            details.put(m.customerId, m.details());
            down |= "DOWN".equals(m.state);
        }
        return (down ? Health.down() : Health.up()).withDetail("mailboxes", details).build();
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
