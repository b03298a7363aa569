package io.alerthub.notify;

import io.alerthub.store.OutboxStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.stereotype.Component;

/**
 * A customer's notification budget ({@code escalation.budgetPerHour}): the triggers sent in the last hour plus those
 * on their way now. Deliveries run in parallel, so a slot is reserved at the decision and released at settlement;
 * without the reservation a storm's triggers would all count the same sent rows and all go out. A reservation a
 * crashed delivery never released expires after the outbox lease.
 */
@Component
public class NotificationBudget {
    /** The window the budget counts. */
    static final Duration WINDOW = Duration.ofHours(1);
    private final OutboxStore outbox;
    private final OutboxProperties properties;
    private final Clock clock;
    private final ConcurrentMap<String, Deque<Instant>> inFlight = new ConcurrentHashMap<>();

    public NotificationBudget(OutboxStore outbox, OutboxProperties properties, Clock clock) {
        this.outbox = outbox;
        this.properties = properties;
        this.clock = clock;
    }

    /** Reserves one trigger of {@code customerId}'s budget of {@code perHour}; false when it is used up. */
    public boolean reserve(String customerId, int perHour) {
        Instant now = clock.instant();
        Deque<Instant> reserved = inFlight.computeIfAbsent(customerId, id -> new ArrayDeque<>());
        synchronized (reserved) {
            while (!reserved.isEmpty() && reserved.peekFirst().isBefore(now.minus(properties.lease()))) {
                reserved.pollFirst();
            }
            if (outbox.sentSince(customerId, now.minus(WINDOW)) + reserved.size() >= perHour) {
                return false;
            }
            reserved.addLast(now);
            return true;
        }
    }

    /** The reserved trigger was settled (its row now counts as sent, or it did not go out). */
    public void release(String customerId) {
        Deque<Instant> reserved = inFlight.get(customerId);
        if (reserved != null) {
            synchronized (reserved) {
                reserved.pollFirst();
            }
        }
    }
}
