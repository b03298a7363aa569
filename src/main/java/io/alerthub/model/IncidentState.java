package io.alerthub.model;

/**
 * Where an incident stands: {@code OPEN → AUTOMATING → RESOLVED | HANDED_OVER | ESCALATED → ACKNOWLEDGED → CLOSED},
 * {@code SUPPRESSED} when silenced (design.md §3).
 */
public enum IncidentState {
    OPEN, AUTOMATING, RESOLVED, HANDED_OVER, ESCALATED, ACKNOWLEDGED, CLOSED, SUPPRESSED;

    /** States in which a new firing alert of the same fingerprint folds into this incident. */
    public boolean isOpen() {
        return this != RESOLVED && this != CLOSED;
    }
}
