package io.alerthub.notify;

import io.alerthub.model.ChannelKind;
import io.alerthub.model.NotificationAction;
import java.time.Instant;

/**
 * What to tell people about one incident: one channel, one action; the unit the outbox stores, retries and hands to a
 * {@link NotificationChannel}.
 *
 * @param id         idempotency key, unique per incident + channel + action + sequence
 * @param threadRef  external reference of the first delivery of this incident on this channel (the Slack {@code ts}),
 *                   null for the first
 * @param interruptedAt when an earlier attempt of this notification began that was cut off (the hub stopped
 *                   mid-send): it may have reached the channel, which looks for it before sending again; null when
 *                   no attempt was lost
 * @param interruptedUntil when the lease of the last cut-off attempt ended (it reached the channel, if at all, before
 *                   then); null when no attempt was lost
 */
public record Notification(String id, String customerId, String incidentId, ChannelKind channel,
        NotificationAction action, NotificationContent content, String threadRef, Instant interruptedAt,
        Instant interruptedUntil) {

    /** A notification no earlier attempt of which was lost. */
    public Notification(String id, String customerId, String incidentId, ChannelKind channel,
                        NotificationAction action, NotificationContent content, String threadRef) {
        this(id, customerId, incidentId, channel, action, content, threadRef, null, null);
    }
}
