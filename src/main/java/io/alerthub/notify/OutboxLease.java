package io.alerthub.notify;

import io.alerthub.store.OutboxEntry;
import io.alerthub.store.OutboxStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The lease step of route {@code notify.outbox}: takes due notifications under a lease, so two pollers (or two hub
 * instances) never send one twice and a sender that died frees its entries when the lease runs out.
 */
@Component
public class OutboxLease {
    /** Entries taken per poll; the route polls again at once while polls come back full. */
    static final int BATCH = 100;
    private static final Logger LOG = LoggerFactory.getLogger(OutboxLease.class);
    private final OutboxStore outbox;
    private final OutboxProperties properties;
    private final Clock clock;

    public OutboxLease(OutboxStore outbox, OutboxProperties properties, Clock clock) {
        this.outbox = outbox;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Frees what a stopped sender left, then leases the notifications due now (at most {@link #BATCH}) in one
     * statement: a batch costs one commit, not one per entry.
     */
    public List<OutboxEntry> takeDue() {
        Instant now = clock.instant();
        int released = outbox.releaseExpiredLeases(now);
        if (released > 0) {
            LOG.warn("outbox: {} notifications were left by a sender that stopped; sending them again", released);
        }
        return outbox.leaseDue(now, now.plus(properties.lease()), BATCH);
    }

    /** Leases the notifications whose quiet hours ended, one list per customer and channel (each becomes a digest). */
    public List<List<OutboxEntry>> takeHeld() {
        Instant now = clock.instant();
        Map<String, List<OutboxEntry>> groups = new LinkedHashMap<>();
        for (OutboxEntry e : outbox.leaseHeldDue(now, now.plus(properties.lease()), BATCH)) {
            groups.computeIfAbsent(e.customerId() + "|" + e.channel(), k -> new ArrayList<>()).add(e);
        }
        return List.copyOf(groups.values());
    }

    /** Leases the other pending triggers of {@code entry}'s storm group, to go out with it as one digest. */
    public List<OutboxEntry> takeGroup(OutboxEntry entry) {
        Instant now = clock.instant();
        Instant until = now.plus(properties.lease());
        return outbox.pendingInGroup(entry.groupKey(), entry.channel(), entry.level(), entry.id()).stream()
                .filter(other -> outbox.lease(other.id(), now, until)).toList();
    }
}
