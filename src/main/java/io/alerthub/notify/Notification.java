package io.alerthub.notify;

import java.time.Instant;

/**
 * What to tell people about one incident: one channel, one action; the unit the outbox stores, retries and hands to a
 * {@link NotificationChannel}.
 *
 * @param id         idempotency key, unique per incident + channel + action + sequence
 * @param channel    {@code slack}, {@code pagerduty} or {@code email}
 * @param threadRef  external reference of the first delivery of this incident on this channel (the Slack {@code ts}),
 *                   null for the first
 * @param interruptedAt when an earlier attempt of this notification began that was cut off (the hub stopped
 *                   mid-send): it may have reached the channel, which looks for it before sending again; null when
 *                   no attempt was lost
 */
public record Notification(String id, String customerId, String incidentId, String channel, Action action,
        NotificationContent content, String threadRef, Instant interruptedAt) {

    /** A notification no earlier attempt of which was lost. */
    public Notification(String id, String customerId, String incidentId, String channel, Action action,
                        NotificationContent content, String threadRef) {
        this(id, customerId, incidentId, channel, action, content, threadRef, null);
    }

    /** What happened to the incident that people are told about. */
    public enum Action {
        TRIGGER, UPDATE, ACKNOWLEDGE, RESOLVE,
        /** The alert fired again while a person owns the incident (refireAfter): news for that person. */
        REFIRE,
        /** The incident's alert started flapping: told once, instead of every change (docs/noise.md). */
        FLAPPING,
        DIGEST
    }
}
