package io.alerthub.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.alerthub.model.IncidentTransitions.Action;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The incident state machine for people's actions, as a table: action, from state, allowed, state left. */
class IncidentTransitionsTest {

    @ParameterizedTest(name = "{0} from {1}: allowed={2}, leaves {3}")
    @CsvSource({
            "TAKEOVER,    ESCALATED,    true,  ACKNOWLEDGED",
            "TAKEOVER,    HANDED_OVER,  true,  ACKNOWLEDGED",
            "TAKEOVER,    AUTOMATING,   true,  ACKNOWLEDGED",
            "TAKEOVER,    RESOLVED,     false, ACKNOWLEDGED",
            "TAKEOVER,    CLOSED,       false, ACKNOWLEDGED",
            "NOTE,        CLOSED,       true,  CLOSED",
            "RESOLVE,     ACKNOWLEDGED, true,  RESOLVED",
            "RESOLVE,     RESOLVED,     true,  RESOLVED",
            "RESOLVE,     CLOSED,       false, RESOLVED",
            "CLOSE,       RESOLVED,     true,  CLOSED",
            "CLOSE,       ESCALATED,    true,  CLOSED",
            "CLOSE,       OPEN,         false, CLOSED",
            "CLOSE,       AUTOMATING,   false, CLOSED",
            "REOPEN,      CLOSED,       true,  ACKNOWLEDGED",
            "REOPEN,      RESOLVED,     true,  ACKNOWLEDGED",
            "REOPEN,      ESCALATED,    true,  ESCALATED",
            "SNOOZE,      ESCALATED,    true,  ESCALATED",
            "SNOOZE,      RESOLVED,     false, RESOLVED",
            "RERUN,       ESCALATED,    true,  OPEN",
            "RERUN,       AUTOMATING,   true,  AUTOMATING",
            "RERUN,       SUPPRESSED,   false, OPEN",
            "RERUN,       CLOSED,       false, OPEN",
            "SILENCE,     CLOSED,       true,  CLOSED",
            "ACKNOWLEDGE, RESOLVED,     false, ACKNOWLEDGED"})
    void table(Action action, IncidentState from, boolean allowed, IncidentState leaves) {
        assertThat(action.allowedFrom(from)).isEqualTo(allowed);
        assertThat(IncidentTransitions.target(action, from)).isEqualTo(leaves);
    }
}
