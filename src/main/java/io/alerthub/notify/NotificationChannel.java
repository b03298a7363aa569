package io.alerthub.notify;

import io.alerthub.escalate.quiet.Audience;
import io.alerthub.model.ChannelKind;

/**
 * One way of reaching people (Slack, PagerDuty, e-mail): delivers one notification and classifies the outcome so the
 * outbox knows whether to retry; it never throws for a delivery problem. It states its own capabilities, so the
 * outbox beans never test a channel's name and a new channel touches only its own package.
 */
public interface NotificationChannel {

    /** The channel notifications carry. */
    ChannelKind kind();

    DeliveryResult deliver(Notification n);

    /** Who the channel reaches: a customer channel is held by the customer's quiet hours. */
    default Audience audience() {
        return Audience.INTERNAL;
    }

    /**
     * Whether the channel takes a digest (several incidents in one message): after quiet hours and for a storm
     * group. False for a channel that keys every event by incident (PagerDuty's dedup key): its notifications go
     * one by one.
     */
    default boolean digests() {
        return true;
    }
}
