package io.alerthub.scenario;

import io.alerthub.model.Outcome;

/**
 * Published after a scenario's verdict is committed: the escalation stage hands {@code ESCALATED} and
 * {@code HANDED_OVER} incidents to people. The incident row is the truth; this is the prompt to look.
 */
public record ScenarioDecided(String incidentId, String customerId, Outcome outcome) {
}
