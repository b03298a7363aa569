package io.alerthub.triage;

/**
 * Published after the inbox commit for each incident a delivery changed: later stages react to it (a scenario
 * takes an {@code OPENED} incident, escalation sends resolves for a {@code RESOLVED} one and
 * tells the owner of a {@code REFIRED} one). Only a hint: the
 * incident row is the truth, and a sweep finds what a crash left between commit and reaction.
 */
public record IncidentChanged(String incidentId, String customerId, Change change) {

    /** What the delivery did to the incident. */
    public enum Change {
        /** A firing alert opened it. */
        OPENED,
        /** Another firing alert of the same fingerprint folded into it. */
        REPEATED,
        /**
         * A firing alert folded into it while a person owns it, long enough after they took it or were last told
         * ({@code refireAfter}): they hear of it again.
         */
        REFIRED,
        /**
         * Its alert started flapping (docs/noise.md): people are told once, the unsent escalation chain stops, no
         * scenario runs until the mark clears.
         */
        FLAPPING,
        /** The source said it is resolved. */
        RESOLVED,
        /** A sender's test notification opened it already closed: nothing reacts (no scenario, no page). */
        TEST_DELIVERY
    }
}
