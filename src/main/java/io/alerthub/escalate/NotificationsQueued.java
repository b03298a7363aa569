package io.alerthub.escalate;

/** Published after notifications were written to the outbox, so a sender wakes at once instead of at its next poll. */
public record NotificationsQueued(String incidentId) {
}
