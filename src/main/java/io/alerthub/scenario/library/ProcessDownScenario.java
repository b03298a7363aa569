package io.alerthub.scenario.library;

import io.alerthub.scenario.ScenarioRun;
import io.alerthub.scenario.Scenarios;
import io.alerthub.scenario.ssh.CommandTemplate;
import io.alerthub.scenario.ssh.ParamType;
import io.alerthub.scenario.ssh.SshResult;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.springframework.stereotype.Component;

/**
 * The steps of the {@code process_down} template: the unit's state, status and journal tail; a restart only of an
 * allow-listed unit; then active again (and its port listening, when one is bound) within the verify timeout.
 * Also the restart half of {@code resource_high} and {@code http_down}.
 */
@Component("processDownScenario")
public class ProcessDownScenario {
    static final CommandTemplate STATE = CommandTemplate.builder("process_down.state", "systemctl is-active {{unit}}")
            .param("unit", ParamType.UNIT_NAME).build();
    static final CommandTemplate STATUS = CommandTemplate.builder("process_down.status",
            "systemctl status --no-pager --lines=0 {{unit}}").param("unit", ParamType.UNIT_NAME).build();
    static final CommandTemplate JOURNAL = CommandTemplate.builder("process_down.journal",
            "journalctl -u {{unit}} -n {{lines}} --no-pager").param("unit", ParamType.UNIT_NAME)
            .param("lines", ParamType.integer(1, 500)).build();
    static final CommandTemplate RESTART_SUDO = CommandTemplate.builder("process_down.restart",
            "sudo -n systemctl restart {{unit}}").param("unit", ParamType.UNIT_NAME).build();
    static final CommandTemplate RESTART = CommandTemplate.builder("process_down.restart",
            "systemctl restart {{unit}}").param("unit", ParamType.UNIT_NAME).build();
    static final CommandTemplate LISTENING = CommandTemplate.builder("process_down.listening",
            "ss -Hltn sport = :{{port}}").param("port", ParamType.PORT).build();
    private static final long POLL_NANOS = 500_000_000L;

    private final Scenarios scenarios;
    private final Clock clock;

    public ProcessDownScenario(Scenarios scenarios, Clock clock) {
        this.scenarios = scenarios;
        this.clock = clock;
    }

    public void check(ScenarioRun run) {
        run.params(v -> ProcessDownParams.read(v, run)).ifPresent(p -> {
            if (p.unit() == null) {
                run.escalate("no unit to check: the binding sets no unit and the alert has no unit, systemd_unit or "
                        + "service label");
                return;
            }
            SshResult state = scenarios.ssh(run, "check", STATE, Map.of("unit", p.unit()));
            if (state == null) {
                return;
            }
            run.checked("state of unit " + p.unit());
            String now = state.stdout().strip();
            run.found("unit " + p.unit() + " is " + (now.isEmpty() ? "unknown (exit " + state.exitCode() + ")" : now));
            if (state.succeeded()) {
                run.handOver("unit " + p.unit() + " is active now: nothing changed");
            }
        });
    }

    public void gather(ScenarioRun run) {
        run.params(v -> ProcessDownParams.read(v, run)).ifPresent(p -> gatherUnit(run, p.unit(), p.journalLines(),
                p.restartUnits()));
    }

    /** Status and journal of {@code unit}; wants a restart when the unit is allow-listed, hands over otherwise. */
    void gatherUnit(ScenarioRun run, String unit, int journalLines, List<String> restartUnits) {
        SshResult status = scenarios.ssh(run, "gather", STATUS, Map.of("unit", unit));
        if (status == null) {
            return;
        }
        run.checked("systemctl status of " + unit);
        SshResult journal = scenarios.ssh(run, "gather", JOURNAL, Map.of("unit", unit,
                "lines", Integer.toString(journalLines)));
        if (journal == null) {
            return;
        }
        run.checked("the last " + journalLines + " journal lines of " + unit);
        journal.stdout().lines().filter(l -> !l.isBlank()).reduce((a, b) -> b)
                .ifPresent(last -> run.found("last journal line: " + last.strip()));
        if (restartUnits.contains(unit)) {
            run.wantRemediation();
        } else {
            run.leftForYou("restart " + unit + " if appropriate: it is not allow-listed for the hub (restartUnits)");
            run.handOver("unit " + unit + " is not allow-listed for restart: status and journal gathered");
        }
    }

    public void remediate(ScenarioRun run) {
        run.params(v -> ProcessDownParams.read(v, run)).ifPresent(p -> restart(run, p.unit(), p.sudo()));
    }

    void restart(ScenarioRun run, String unit, boolean sudo) {
        SshResult restart = scenarios.remediate(run, sudo ? RESTART_SUDO : RESTART, Map.of("unit", unit),
                "restart " + unit);
        if (restart != null && !restart.succeeded()) {
            run.found("restart of " + unit + " failed (exit " + restart.exitCode() + "): " + restart.stderr().strip());
        }
    }

    public void verify(ScenarioRun run) {
        run.params(v -> ProcessDownParams.read(v, run)).ifPresent(p -> {
            if (run.remediated() && verifyActive(run, p.unit(), p.port(), p.verifyTimeout())) {
                run.resolve("restarted " + p.unit() + ": active again" + (p.port() == null ? ""
                        : " and listening on port " + p.port()));
            }
        });
    }

    /**
     * Polls the unit until active (then checks its port) or the timeout passes; true when verified, otherwise the
     * run is escalated with what was seen.
     */
    boolean verifyActive(ScenarioRun run, String unit, Integer port, java.time.Duration timeout) {
        Instant deadline = clock.instant().plus(timeout);
        SshResult state;
        while (true) {
            state = scenarios.ssh(run, "verify", STATE, Map.of("unit", unit));
            if (state == null) {
                return false;
            }
            if (state.succeeded() || !clock.instant().isBefore(deadline)) {
                break;
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        run.checked("state of unit " + unit + " after the restart");
        if (!state.succeeded()) {
            run.escalate("restarted " + unit + " but it is " + state.stdout().strip() + " after "
                    + timeout.toSeconds() + " s");
            return false;
        }
        if (port != null) {
            SshResult listening = scenarios.ssh(run, "verify", LISTENING, Map.of("port", Integer.toString(port)));
            if (listening == null) {
                return false;
            }
            run.checked("port " + port + " listening");
            if (listening.stdout().isBlank()) {
                run.escalate("restarted " + unit + ": active, but nothing listens on port " + port);
                return false;
            }
        }
        return true;
    }
}
