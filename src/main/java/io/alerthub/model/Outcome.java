package io.alerthub.model;

/** A scenario's verdict on an incident (design.md §3); null until a scenario decides. */
public enum Outcome {
    RESOLVED, HANDED_OVER, ESCALATED
}
