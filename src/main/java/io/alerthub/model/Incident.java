package io.alerthub.model;

import java.time.Instant;

/**
 * Alerts of one {@code (customerId, fingerprint)} folded together: how many, first and last seen, what the source
 * says now ({@code sourceStatus}), and where the hub's response stands ({@code state}, {@code outcome}, which
 * {@code scenario} took it and when, why it decided as it did, who acknowledged it).
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
        String acknowledgedBy) {

    /** A new incident, before any scenario or person touched it. */
    public Incident(String id, String customerId, String fingerprint, IncidentState state, Outcome outcome,
                    AlertStatus sourceStatus, String name, String alertClass, Severity severity, String host,
                    String summary, int alertCount, Instant firstSeen, Instant lastSeen, Instant resolvedAt) {
        this(id, customerId, fingerprint, state, outcome, sourceStatus, name, alertClass, severity, host, summary,
                alertCount, firstSeen, lastSeen, resolvedAt, null, null, null, null, null, null);
    }
}
