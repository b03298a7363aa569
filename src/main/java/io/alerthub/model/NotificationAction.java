package io.alerthub.model;

/**
 * What happened to an incident that people are told about: the action of an outbox entry, written by the escalate
 * stage and read by the notify stage (the outbox and the timeline store its name).
 */
public enum NotificationAction {
    TRIGGER, UPDATE, ACKNOWLEDGE, RESOLVE,
    /** The alert fired again while a person owns the incident (refireAfter): news for that person. */
    REFIRE,
    /** The incident's alert started flapping: told once, instead of every change (docs/noise.md). */
    FLAPPING,
    DIGEST;

    /** A step of the escalation chain (the first page or a reminder): stopped once someone took the incident. */
    public boolean chainStep() {
        return this == TRIGGER || this == UPDATE;
    }
}
