package io.alerthub.scenario.library;

import io.alerthub.scenario.ParamValues;
import java.time.Duration;
import java.util.List;

/**
 * The typed parameters of the {@code agent_down} template (routes/scenario/templates/agent_down.camel.yaml).
 *
 * @param unit          the monitoring agent's systemd unit, or null to find it among the usual agent units
 * @param restartUnits  the only agent units the hub may restart; none: gather and hand over
 * @param sudo          restart through {@code sudo -n}
 * @param journalLines  how many journal lines of the agent the hand-over carries
 * @param verifyTimeout how long the agent may take to become active after the restart
 */
public record AgentDownParams(String unit, List<String> restartUnits, boolean sudo, int journalLines,
                              Duration verifyTimeout) {

    static AgentDownParams read(ParamValues values) {
        String unit = values.text("unit");
        if (unit != null) {
            values.unit("unit", unit);
        }
        return new AgentDownParams(unit, values.units("restartUnits"), values.bool("sudo", true),
                values.integer("journalLines", 1, 500, 50), values.duration("verifyTimeout", Duration.ofSeconds(30)));
    }
}
