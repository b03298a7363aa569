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
                run.escalate(run.text("process.no-unit"));
                return;
            }
            SshResult state = scenarios.ssh(run, "check", STATE, Map.of("unit", p.unit()));
            if (state == null) {
                return;
            }
            run.checked(run.text("process.checked.state", "unit", p.unit()));
            String now = state.stdout().strip();
            run.found(run.text("process.found.state", "unit", p.unit(), "state", now.isEmpty()
                    ? run.text("process.state-unknown", "exitCode", state.exitCode()) : now));
            if (state.succeeded()) {
                run.handOver(run.text("process.active", "unit", p.unit()));
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
        run.checked(run.text("process.checked.status", "unit", unit));
        SshResult journal = scenarios.ssh(run, "gather", JOURNAL, Map.of("unit", unit,
                "lines", Integer.toString(journalLines)));
        if (journal == null) {
            return;
        }
        run.checked(run.text("process.checked.journal", "lines", journalLines, "unit", unit));
        journal.stdout().lines().filter(l -> !l.isBlank()).reduce((a, b) -> b)
                .ifPresent(last -> run.found(run.text("process.found.journal", "line", last.strip())));
        if (restartUnits.contains(unit)) {
            run.wantRemediation();
        } else {
            run.leftForYou(run.text("process.left.not-allowed", "unit", unit));
            run.handOver(run.text("process.not-allowed", "unit", unit));
        }
    }

    public void remediate(ScenarioRun run) {
        run.params(v -> ProcessDownParams.read(v, run)).ifPresent(p -> restart(run, p.unit(), p.sudo()));
    }

    void restart(ScenarioRun run, String unit, boolean sudo) {
        SshResult restart = scenarios.remediate(run, sudo ? RESTART_SUDO : RESTART, Map.of("unit", unit),
                run.text("process.action.restart", "unit", unit));
        if (restart != null && !restart.succeeded()) {
            run.found(run.text("process.found.restart-failed", "unit", unit, "exitCode", restart.exitCode(),
                    "stderr", restart.stderr().strip()));
        }
    }

    public void verify(ScenarioRun run) {
        run.params(v -> ProcessDownParams.read(v, run)).ifPresent(p -> {
            if (run.remediated() && verifyActive(run, p.unit(), p.port(), p.verifyTimeout())) {
                run.resolve(p.port() == null ? run.text("process.resolved", "unit", p.unit())
                        : run.text("process.resolved.port", "unit", p.unit(), "port", p.port()));
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
        run.checked(run.text("process.checked.after", "unit", unit));
        if (!state.succeeded()) {
            run.escalate(run.text("process.still-down", "unit", unit, "state", state.stdout().strip(),
                    "seconds", timeout.toSeconds()));
            return false;
        }
        if (port != null) {
            SshResult listening = scenarios.ssh(run, "verify", LISTENING, Map.of("port", Integer.toString(port)));
            if (listening == null) {
                return false;
            }
            run.checked(run.text("process.checked.port", "port", port));
            if (listening.stdout().isBlank()) {
                run.escalate(run.text("process.not-listening", "unit", unit, "port", port));
                return false;
            }
        }
        return true;
    }
}
