package io.alerthub.notify;

import io.alerthub.escalate.NotificationsQueued;
import io.alerthub.support.Handoff;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Wakes the outbox route at once (route {@code notify.wake}) when notifications were queued or put back, instead of
 * at its next scheduled poll. Wake-ups coalesce: while one is queued and not yet taken, another adds nothing, so a
 * storm of queued incidents costs one extra poll, not one per incident.
 */
@Component
public class OutboxWake {
    /** The outbox route's wake-up queue. */
    public static final String ENDPOINT = "seda:notify.wake";
    private final Handoff handoff;
    private final OutboxProperties properties;
    private final AtomicBoolean pending = new AtomicBoolean();

    public OutboxWake(Handoff handoff, OutboxProperties properties) {
        this.handoff = handoff;
        this.properties = properties;
    }

    @EventListener
    public void on(NotificationsQueued queued) {
        request();
    }

    /** Asks for a poll now; nothing when delivery is off or a wake-up is already waiting. */
    public void request() {
        if (properties.enabled() && pending.compareAndSet(false, true) && !handoff.send(ENDPOINT, "wake")) {
            pending.set(false);
        }
    }

    /** The route took the wake-up: the next request queues another. */
    public void taken() {
        pending.set(false);
    }
}
