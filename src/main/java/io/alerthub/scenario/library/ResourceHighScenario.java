package io.alerthub.scenario.library;

import io.alerthub.scenario.ScenarioRun;
import io.alerthub.scenario.Scenarios;
import io.alerthub.scenario.ssh.CommandTemplate;
import io.alerthub.scenario.ssh.SshResult;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The steps of the {@code resource_high} template (classes {@code cpu_high}, {@code memory_high}): load, the top processes (by CPU or by
 * memory), memory and swap, and out-of-memory lines from the kernel log; then, only when the binding names a
 * unit, a restart of that unit verified active. Without one, everything gathered is handed over.
 */
@Component("resourceHighScenario")
public class ResourceHighScenario {
    static final CommandTemplate UPTIME = CommandTemplate.builder("resource_high.uptime", "uptime").build();
    static final CommandTemplate TOP_CPU = CommandTemplate.builder("resource_high.top",
            "top -b -n 1 -o %CPU -w 200").build();
    static final CommandTemplate TOP_MEM = CommandTemplate.builder("resource_high.top",
            "top -b -n 1 -o %MEM -w 200").build();
    static final CommandTemplate FREE = CommandTemplate.builder("resource_high.free", "free -m").build();
    static final CommandTemplate OOM = CommandTemplate.builder("resource_high.oom",
            "journalctl -k -n 200 --no-pager --grep 'Out of memory|oom-kill|Killed process'").build();

    private final Scenarios scenarios;
    private final ProcessDownScenario restarts;

    public ResourceHighScenario(Scenarios scenarios, ProcessDownScenario restarts) {
        this.scenarios = scenarios;
        this.restarts = restarts;
    }

    public void check(ScenarioRun run) {
        run.params(ResourceHighParams::read).ifPresent(p -> {
            SshResult uptime = scenarios.ssh(run, "check", UPTIME, Map.of());
            if (uptime != null) {
                run.checked(run.text("resource.checked.load"));
                run.found(run.text("resource.found.uptime", "uptime", uptime.stdout().strip()));
            }
        });
    }

    public void gather(ScenarioRun run) {
        run.params(ResourceHighParams::read).ifPresent(p -> {
            boolean memory = p.byMemory(run.incident().alertClass());
            SshResult top = scenarios.ssh(run, "gather", memory ? TOP_MEM : TOP_CPU, Map.of());
            if (top == null) {
                return;
            }
            String what = run.text(memory ? "resource.memory" : "resource.cpu");
            run.checked(run.text("resource.checked.top", "what", what));
            List<String> lines = top.stdout().lines().toList();
            int header = indexOfHeader(lines);
            if (header >= 0) {
                run.found(run.text("resource.found.top", "lines", String.join("\n", lines.subList(header,
                        Math.min(lines.size(), header + 1 + p.topLines())))));
            }
            SshResult free = scenarios.ssh(run, "gather", FREE, Map.of());
            if (free == null) {
                return;
            }
            run.checked(run.text("resource.checked.free"));
            free.stdout().lines().filter(l -> l.startsWith("Mem:") || l.startsWith("Swap:"))
                    .forEach(l -> run.found(l.replaceAll("\\s+", " ").strip()));
            SshResult oom = scenarios.ssh(run, "gather", OOM, Map.of());
            if (oom == null) {
                return;
            }
            run.checked(run.text("resource.checked.oom"));
            List<String> kills = oom.stdout().lines().filter(l -> !l.isBlank() && !l.startsWith("--")).toList();
            run.found(kills.isEmpty() ? run.text("resource.found.no-oom") : run.text("resource.found.oom",
                    "count", kills.size(), "line", kills.get(kills.size() - 1).strip()));
            if (p.restartUnit() != null) {
                run.wantRemediation();
            } else {
                run.leftForYou(run.text("resource.left.decide", "what", what));
                run.handOver(run.text("resource.no-restart", "what", what));
            }
        });
    }

    public void remediate(ScenarioRun run) {
        run.params(ResourceHighParams::read).ifPresent(p -> restarts.restart(run, p.restartUnit(), p.sudo()));
    }

    public void verify(ScenarioRun run) {
        run.params(ResourceHighParams::read).ifPresent(p -> {
            if (run.remediated() && restarts.verifyActive(run, p.restartUnit(), null, p.verifyTimeout())) {
                run.resolve(run.text("resource.resolved", "unit", p.restartUnit()));
            }
        });
    }

    private static int indexOfHeader(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().startsWith("PID")) {
                return i;
            }
        }
        return -1;
    }
}
