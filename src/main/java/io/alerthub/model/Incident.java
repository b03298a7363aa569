package io.alerthub.model;

import java.time.Instant;

/**
 * Alerts of one {@code (customerId, fingerprint)} folded together: how many, first and last seen, what the source
 * says now ({@code sourceStatus}), and where the hub's response stands ({@code state}, {@code outcome}).
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
        Instant resolvedAt) {
}
