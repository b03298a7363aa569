package io.alerthub.notify;

/**
 * What to tell people about one incident: one channel, one action; the unit the outbox stores, retries and hands to a
 * {@link NotificationChannel}.
 *
 * @param id         idempotency key, unique per incident + channel + action + sequence
 * @param channel    {@code slack}, {@code pagerduty} or {@code email}
 * @param threadRef  external reference of the first delivery of this incident on this channel (the Slack {@code ts}),
 *                   null for the first
 */
public record Notification(String id, String customerId, String incidentId, String channel, Action action,
        NotificationContent content, String threadRef) {

    /** What happened to the incident that people are told about. */
    public enum Action {
        TRIGGER, UPDATE, ACKNOWLEDGE, RESOLVE,
        /** The alert fired again while a person owns the incident (refireAfter): news for that person. */
        REFIRE,
        DIGEST
    }
}
