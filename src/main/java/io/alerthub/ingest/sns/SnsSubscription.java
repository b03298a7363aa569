package io.alerthub.ingest.sns;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;

/**
 * A subscription or unsubscribe confirmation SNS sent for a customer, and what became of it: {@code PENDING} (waiting
 * for an operator), {@code CONFIRMED} (its SubscribeURL was visited) or {@code UNSUBSCRIBED} (the topic stopped
 * delivering; confirming re-subscribes).
 */
public record SnsSubscription(String id, String customerId, String topicArn, String messageId, String messageType,
                              @JsonIgnore String subscribeUrl, String state, String detail, Instant receivedAt,
                              Instant confirmedAt, String confirmedBy) {
    public static final String PENDING = "PENDING";
    public static final String CONFIRMED = "CONFIRMED";
    public static final String UNSUBSCRIBED = "UNSUBSCRIBED";
}
