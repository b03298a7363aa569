package io.alerthub.scenario.library;

import io.alerthub.scenario.ScenarioRun;
import io.alerthub.scenario.Scenarios;
import io.alerthub.scenario.ssh.CommandTemplate;
import io.alerthub.scenario.ssh.ParamType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The steps of the {@code host_restarted} template: uptime, the boots the journal knows and how the previous one
 * ended, and the units that failed since. Nothing is changed: a host that came back with no failed unit is RESOLVED
 * (verified healthy), one with failed units is handed over with them.
 */
@Component("hostRestartedScenario")
public class HostRestartedScenario {
    static final CommandTemplate UPTIME = CommandTemplate.builder("host_restarted.uptime", "uptime").build();
    static final CommandTemplate BOOTS = CommandTemplate.builder("host_restarted.boots",
            "journalctl --list-boots --no-pager").build();
    static final CommandTemplate PREVIOUS_END = CommandTemplate.builder("host_restarted.previous_boot_end",
            "journalctl -b -1 -n {{lines}} --no-pager").param("lines", ParamType.integer(1, 500)).build();
    static final CommandTemplate FAILED = CommandTemplate.builder("host_restarted.failed_units",
            "systemctl list-units --failed --plain --no-legend --no-pager").build();

    private final Scenarios scenarios;

    public HostRestartedScenario(Scenarios scenarios) {
        this.scenarios = scenarios;
    }

    public void check(ScenarioRun run) {
        run.params(HostRestartedParams::read).ifPresent(p -> Diagnostics.read(scenarios, run, "check", UPTIME,
                Map.of(), "uptime").ifPresent(out -> run.found("uptime: " + out.strip())));
    }

    public void gather(ScenarioRun run) {
        run.params(HostRestartedParams::read).ifPresent(p -> {
            Diagnostics.read(scenarios, run, "gather", BOOTS, Map.of(), run.text("restarted.checked.boots"))
                    .map(out -> Diagnostics.lines(out).stream().filter(l -> !l.startsWith("IDX")).toList())
                    .filter(l -> !l.isEmpty())
                    .ifPresent(boots -> run.found("last boots:\n" + String.join("\n",
                            boots.subList(Math.max(0, boots.size() - 3), boots.size()))));
            if (!run.isOpen()) {
                return;
            }
            Diagnostics.read(scenarios, run, "gather", PREVIOUS_END, Map.of("lines",
                            Integer.toString(p.journalLines())), run.text("restarted.checked.end"))
                    .map(Diagnostics::lines).filter(l -> !l.isEmpty())
                    .ifPresent(end -> run.found("the previous boot ended with: " + end.get(end.size() - 1).strip()));
        });
    }

    public void verify(ScenarioRun run) {
        run.params(HostRestartedParams::read).ifPresent(p -> {
            Optional<List<String>> failed = Diagnostics.read(scenarios, run, "verify", FAILED, Map.of(),
                    run.text("restarted.checked.failed")).map(Diagnostics::lines);
            if (!run.isOpen()) {
                return;
            }
            if (failed.isEmpty()) {
                run.leftForYou(run.text("restarted.left.unlisted"));
                run.handOver(run.text("restarted.unlisted"));
            } else if (failed.get().isEmpty()) {
                run.resolve(run.text("restarted.healthy"));
            } else {
                List<String> names = failed.get().stream().map(l -> l.trim().split("\\s+")[0]).toList();
                run.found("failed units: " + String.join(", ", names));
                run.leftForYou(run.text("restarted.left.failed", "units", String.join(", ", names)));
                run.handOver(run.text(names.size() == 1 ? "restarted.failed.one" : "restarted.failed.many",
                        "count", names.size(), "units", String.join(", ", names)));
            }
        });
    }
}
