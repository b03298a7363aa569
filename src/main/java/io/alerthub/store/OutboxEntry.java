package io.alerthub.store;

import io.alerthub.model.ChannelKind;
import io.alerthub.model.NotificationAction;
import java.time.Instant;

/**
 * One notification in the outbox: which incident, channel and action, for whom ({@code internal} people or the
 * {@code customer}), when it is due, how delivery went so far. Its id is the idempotency key.
 *
 * @param interruptedAt when an earlier attempt began that was cut off (the hub stopped mid-send, or its lease ran out)
 *                      and may have reached the channel; null when no attempt was lost
 * @param interruptedUntil when the lease of the last cut-off attempt ended: a lost attempt reached the channel, if at
 *                      all, between {@code interruptedAt} and this; null when no attempt was lost
 */
public record OutboxEntry(
        String id,
        String customerId,
        String incidentId,
        ChannelKind channel,
        NotificationAction action,
        int level,
        String audience,
        Status status,
        Instant dueAt,
        int attempts,
        String lastError,
        String externalRef,
        String fallbackOf,
        String groupKey,
        Instant createdAt,
        Instant sentAt,
        Instant interruptedAt,
        Instant interruptedUntil) {

    /** Where a notification stands. */
    public enum Status {
        /** Waiting for its time (an escalation level's delay, a retry's backoff). */
        PENDING,
        /** Taken by a sender; back to PENDING when the lease runs out (the sender died). */
        SENDING,
        SENT,
        /** Held by the customer's quiet hours until {@code dueAt}, then sent in a digest. */
        HELD,
        /** No longer needed: acknowledged, resolved or suppressed before it was sent. */
        CANCELLED,
        /** Failed for good; a fallback channel took it over. */
        FAILED,
        /** Failed for good with no fallback left: the dead letter operators list. */
        DEAD
    }

    /** A new pending notification. */
    public static OutboxEntry pending(String id, String customerId, String incidentId, ChannelKind channel,
                                      NotificationAction action, int level, String audience, Instant dueAt,
                                      String fallbackOf, String groupKey, Instant now) {
        return new OutboxEntry(id, customerId, incidentId, channel, action, level, audience, Status.PENDING, dueAt, 0,
                null, null, fallbackOf, groupKey, now, null, null, null);
    }
}
