package io.alerthub.triage;

import io.alerthub.model.Incident;
import io.alerthub.model.IncidentState;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Triage stage: whether a person owns an incident, who, and since when, in one place, so the re-fire rule and its
 * notification agree. An incident is owned once the hub has handed it to people ({@code HANDED_OVER},
 * {@code ESCALATED}) or a person took it ({@code ACKNOWLEDGED}); the person is the one who acknowledged it.
 */
public final class IncidentOwnership {
    /** The states in which an incident is in people's hands. */
    public static final Set<IncidentState> OWNED = Set.of(IncidentState.HANDED_OVER, IncidentState.ESCALATED,
            IncidentState.ACKNOWLEDGED);

    private IncidentOwnership() {
    }

    public static boolean owned(Incident incident) {
        return OWNED.contains(incident.state());
    }

    /** The person who owns the incident, when one is known (else its escalation channels stand for them). */
    public static Optional<String> owner(Incident incident) {
        // an explicit assignee (takeover) comes first once incidents carry one
        return Optional.ofNullable(incident.acknowledgedBy());
    }

    /** Since when people own it: the acknowledgement, else the hub's verdict, else the first alert. */
    public static Instant since(Incident incident) {
        if (incident.state() == IncidentState.ACKNOWLEDGED && incident.acknowledgedAt() != null) {
            return incident.acknowledgedAt();
        }
        return incident.decidedAt() != null ? incident.decidedAt() : incident.firstSeen();
    }
}
