package io.alerthub.scenario.library;

import io.alerthub.scenario.ScenarioRun;
import io.alerthub.scenario.Scenarios;
import io.alerthub.scenario.ssh.CommandTemplate;
import io.alerthub.scenario.ssh.ParamType;
import io.alerthub.scenario.ssh.SshResult;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The steps of the {@code agent_down} template, for the monitoring agent itself (node_exporter, zabbix-agent): which
 * agent units the host has and their state, the agent's status and journal; a restart only of an allow-listed agent
 * unit; then active again within the verify timeout. A host the hub cannot log in to escalates (it may be down).
 */
@Component("agentDownScenario")
public class AgentDownScenario {
    /** The agents the hub looks for when the binding names none, in this order. */
    static final List<String> AGENT_UNITS = List.of("node_exporter.service", "prometheus-node-exporter.service",
            "zabbix-agent2.service", "zabbix-agent.service");
    static final CommandTemplate AGENTS = CommandTemplate.builder("agent_down.agents",
            "systemctl list-units --all --plain --no-legend --no-pager " + String.join(" ", AGENT_UNITS)).build();
    static final CommandTemplate STATE = CommandTemplate.builder("agent_down.state", "systemctl is-active {{unit}}")
            .param("unit", ParamType.UNIT_NAME).build();

    private final Scenarios scenarios;
    private final ProcessDownScenario units;

    public AgentDownScenario(Scenarios scenarios, ProcessDownScenario units) {
        this.scenarios = scenarios;
        this.units = units;
    }

    public void check(ScenarioRun run) {
        run.params(AgentDownParams::read).ifPresent(p -> {
            String unit = p.unit() == null ? findAgent(run) : p.unit();
            if (unit == null) {
                return;
            }
            run.fact("agentUnit", unit);
            SshResult state = scenarios.ssh(run, "check", STATE, Map.of("unit", unit));
            if (state == null) {
                return;
            }
            run.checked(run.text("agent.checked.state", "unit", unit));
            String now = state.stdout().strip();
            run.found(run.text("agent.found.state", "unit", unit, "state", now.isEmpty()
                    ? run.text("process.state-unknown", "exitCode", state.exitCode()) : now));
            if (state.succeeded()) {
                run.leftForYou(run.text("agent.left.reach"));
                run.handOver(run.text("agent.active", "unit", unit));
            }
        });
    }

    public void gather(ScenarioRun run) {
        run.params(AgentDownParams::read).ifPresent(p -> {
            String unit = run.fact("agentUnit");
            // "node_exporter" in the allow-list allows node_exporter.service, the name the host lists
            boolean allowed = p.restartUnits().stream().anyMatch(u -> base(u).equals(base(unit)));
            units.gatherUnit(run, unit, p.journalLines(), allowed ? List.of(unit) : List.of());
        });
    }

    public void remediate(ScenarioRun run) {
        run.params(AgentDownParams::read).ifPresent(p -> units.restart(run, run.fact("agentUnit"), p.sudo()));
    }

    public void verify(ScenarioRun run) {
        run.params(AgentDownParams::read).ifPresent(p -> {
            String unit = run.fact("agentUnit");
            if (run.remediated() && units.verifyActive(run, unit, null, p.verifyTimeout())) {
                run.resolve(run.text("agent.resolved", "unit", unit));
            }
        });
    }

    static String base(String unit) {
        return unit.endsWith(".service") ? unit.substring(0, unit.length() - ".service".length()) : unit;
    }

    /** The first of the usual agent units the host has; null (the run escalated) when it has none. */
    private String findAgent(ScenarioRun run) {
        SshResult listed = scenarios.ssh(run, "check", AGENTS, Map.of());
        if (listed == null) {
            return null;
        }
        run.checked(run.text("agent.checked.which", "units", String.join(", ", AGENT_UNITS)));
        for (String line : Diagnostics.lines(listed.stdout())) {
            String[] fields = line.trim().split("\\s+");
            // UNIT LOAD ACTIVE SUB DESCRIPTION; a unit the host does not have shows as "not-found"
            if (fields.length >= 4 && AGENT_UNITS.contains(fields[0]) && fields[1].equals("loaded")) {
                run.found(run.text("agent.found.unit", "unit", fields[0], "active", fields[2], "sub", fields[3]));
                return fields[0];
            }
        }
        run.leftForYou(run.text("agent.left.install"));
        run.escalate(run.text("agent.none", "units", String.join(", ", AGENT_UNITS)));
        return null;
    }
}
