package io.alerthub.model;

import java.time.Instant;

/**
 * Alerts of one {@code (customerId, fingerprint)} folded together: how many, first and last seen, what the source
 * says now ({@code sourceStatus}), and where the hub's response stands ({@code state}, {@code outcome}, which
 * {@code scenario} took it and when, why it decided as it did, who acknowledged it), and the people on it
 * ({@code assignee} who took it over, {@code resolvedBy} who resolved it by hand, {@code snoozedUntil} until when its
 * notifications wait), and noise control: {@code flapping} while its alert changes state too often (docs/noise.md),
 * {@code inhibitedBy} the open incident that keeps it {@code SUPPRESSED} (e.g. its host is unreachable).
 */
public record Incident(
        String id,
        String customerId,
        String fingerprint,
        IncidentState state,
        Outcome outcome,
        AlertStatus sourceStatus,
        String name,
        String alertClass,
        Severity severity,
        String host,
        String summary,
        int alertCount,
        Instant firstSeen,
        Instant lastSeen,
        Instant resolvedAt,
        String scenario,
        String outcomeReason,
        Instant automationStartedAt,
        Instant decidedAt,
        Instant acknowledgedAt,
        String acknowledgedBy,
        String assignee,
        String resolvedBy,
        Instant snoozedUntil,
        boolean flapping,
        String inhibitedBy) {

    /** An incident neither flapping nor inhibited (the fields every stage but noise control reads). */
    public Incident(String id, String customerId, String fingerprint, IncidentState state, Outcome outcome,
                    AlertStatus sourceStatus, String name, String alertClass, Severity severity, String host,
                    String summary, int alertCount, Instant firstSeen, Instant lastSeen, Instant resolvedAt,
                    String scenario, String outcomeReason, Instant automationStartedAt, Instant decidedAt,
                    Instant acknowledgedAt, String acknowledgedBy, String assignee, String resolvedBy,
                    Instant snoozedUntil) {
        this(id, customerId, fingerprint, state, outcome, sourceStatus, name, alertClass, severity, host, summary,
                alertCount, firstSeen, lastSeen, resolvedAt, scenario, outcomeReason, automationStartedAt, decidedAt,
                acknowledgedAt, acknowledgedBy, assignee, resolvedBy, snoozedUntil, false, null);
    }

    /** A new incident, before any scenario or person touched it. */
    public Incident(String id, String customerId, String fingerprint, IncidentState state, Outcome outcome,
                    AlertStatus sourceStatus, String name, String alertClass, Severity severity, String host,
                    String summary, int alertCount, Instant firstSeen, Instant lastSeen, Instant resolvedAt) {
        this(id, customerId, fingerprint, state, outcome, sourceStatus, name, alertClass, severity, host, summary,
                alertCount, firstSeen, lastSeen, resolvedAt, null, null, null, null, null, null, null, null, null);
    }

    /** This incident as a person's action left it: state, the people fields and the resolution time. */
    public Incident withPeople(IncidentState newState, Instant newResolvedAt, Instant newAcknowledgedAt,
                               String newAcknowledgedBy, String newAssignee, String newResolvedBy,
                               Instant newSnoozedUntil) {
        return new Incident(id, customerId, fingerprint, newState, outcome, sourceStatus, name, alertClass, severity,
                host, summary, alertCount, firstSeen, lastSeen, newResolvedAt, scenario, outcomeReason,
                automationStartedAt, decidedAt, newAcknowledgedAt, newAcknowledgedBy, newAssignee, newResolvedBy,
                newSnoozedUntil, flapping, inhibitedBy);
    }
}
