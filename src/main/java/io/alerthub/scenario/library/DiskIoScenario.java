package io.alerthub.scenario.library;

import io.alerthub.scenario.ScenarioRun;
import io.alerthub.scenario.Scenarios;
import io.alerthub.scenario.ssh.CommandTemplate;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The steps of the {@code disk_io} template (saturation, latency, iowait): the kernel's I/O pressure, one second of
 * extended device statistics (iostat), and the processes waiting on I/O. Nothing is changed (which process may be
 * slowed or stopped is a person's call): always hands over what it found.
 */
@Component("diskIoScenario")
public class DiskIoScenario {
    static final CommandTemplate PRESSURE = CommandTemplate.builder("disk_io.pressure", "cat /proc/pressure/io").build();
    static final CommandTemplate IOSTAT = CommandTemplate.builder("disk_io.iostat", "iostat -dxy 1 1").build();
    static final CommandTemplate WAITING = CommandTemplate.builder("disk_io.waiting",
            "ps -eo state,pid,user,comm --no-headers").build();

    private final Scenarios scenarios;

    public DiskIoScenario(Scenarios scenarios) {
        this.scenarios = scenarios;
    }

    public void check(ScenarioRun run) {
        run.params(DiskIoParams::read).ifPresent(p -> Diagnostics.read(scenarios, run, "check", PRESSURE, Map.of(),
                run.text("io.checked.pressure")).ifPresent(out -> Diagnostics.lines(out).forEach(l -> run.found("I/O pressure "
                + l.strip()))));
    }

    public void gather(ScenarioRun run) {
        run.params(DiskIoParams::read).ifPresent(p -> {
            Diagnostics.read(scenarios, run, "gather", IOSTAT, Map.of(), run.text("io.checked.iostat"))
                    .ifPresent(out -> {
                        List<String> lines = Diagnostics.lines(out);
                        int header = indexOf(lines, "Device");
                        if (header >= 0) {
                            run.found("iostat:\n" + String.join("\n", lines.subList(header,
                                    Math.min(lines.size(), header + 1 + p.topLines()))));
                        }
                    });
            if (!run.isOpen()) {
                return;
            }
            Diagnostics.read(scenarios, run, "gather", WAITING, Map.of(), run.text("io.checked.waiting"))
                    .ifPresent(out -> {
                        List<String> waiting = Diagnostics.lines(out).stream().map(String::strip)
                                .filter(l -> l.startsWith("D ")).limit(p.topLines()).toList();
                        run.found(waiting.isEmpty() ? run.text("io.found.none-waiting") : run.text(
                                "io.found.waiting", "count", waiting.size(), "lines", String.join("; ", waiting)));
                    });
            if (!run.isOpen()) {
                return;
            }
            run.leftForYou(run.text("io.left"));
            run.handOver(run.text("io.gathered"));
        });
    }

    private static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }
}
