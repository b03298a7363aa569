package io.alerthub.scenario.library;

import io.alerthub.scenario.ScenarioRun;
import io.alerthub.scenario.Scenarios;
import io.alerthub.scenario.ssh.CommandTemplate;
import io.alerthub.scenario.ssh.ParamType;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The steps of the {@code hardware} template (RAID, SMART, EDAC, temperature): software RAID state (/proc/mdstat), the
 * kernel's hardware errors, sensor readings and, for a named disk, its SMART health. Hardware needs hands: always
 * hands over what it found.
 */
@Component("hardwareScenario")
public class HardwareScenario {
    static final CommandTemplate MDSTAT = CommandTemplate.builder("hardware.mdstat", "cat /proc/mdstat").build();
    static final CommandTemplate KERNEL_ERRORS = CommandTemplate.builder("hardware.kernel_errors",
            "journalctl -k -n {{lines}} --no-pager --grep 'EDAC|mce|Hardware Error|md/raid|raid[0-9]+:|ata[0-9]+.*(error|failed)"
                    + "|I/O error|temperature|thermal'")
            .param("lines", ParamType.integer(10, 5000)).build();
    static final CommandTemplate SENSORS = CommandTemplate.builder("hardware.sensors", "sensors").build();
    static final CommandTemplate SMART_SUDO = CommandTemplate.builder("hardware.smart", "sudo -n smartctl -H -A {{disk}}")
            .param("disk", ParamType.PATH).build();
    static final CommandTemplate SMART = CommandTemplate.builder("hardware.smart", "smartctl -H -A {{disk}}")
            .param("disk", ParamType.PATH).build();
    /** An md array line and its member status: {@code md0 : active raid1 sdb1[1](F) sda1[0]} … {@code [2/1] [U_]}. */
    private static final Pattern ARRAY = Pattern.compile("^(md\\d+) : (\\S+ \\S+)(.*)$", Pattern.MULTILINE);
    private static final Pattern MEMBERS = Pattern.compile("\\[(\\d+)/(\\d+)] \\[([U_]+)]");

    private final Scenarios scenarios;

    public HardwareScenario(Scenarios scenarios) {
        this.scenarios = scenarios;
    }

    public void check(ScenarioRun run) {
        run.params(v -> HardwareParams.read(v, run)).ifPresent(p -> Diagnostics.read(scenarios, run, "check",
                MDSTAT, Map.of(), run.text("hw.checked.raid")).ifPresent(out -> arrays(out).forEach(run::found)));
    }

    public void gather(ScenarioRun run) {
        run.params(v -> HardwareParams.read(v, run)).ifPresent(p -> {
            Diagnostics.kernelErrors(scenarios, run, KERNEL_ERRORS, p.kernelLines(), run.text("diag.kind.hardware"));
            if (!run.isOpen()) {
                return;
            }
            Diagnostics.read(scenarios, run, "gather", SENSORS, Map.of(), run.text("hw.checked.sensors"))
                    .ifPresent(out -> run.found("sensors:\n" + Diagnostics.head(out, 20)));
            if (run.isOpen() && p.disk() != null) {
                Diagnostics.read(scenarios, run, "gather", p.sudo() ? SMART_SUDO : SMART, Map.of("disk", p.disk()),
                        run.text("hw.checked.smart", "disk", p.disk())).ifPresent(out -> out.lines()
                        .filter(l -> l.contains("overall-health") || l.contains("Reallocated_Sector")
                                || l.contains("Current_Pending_Sector"))
                        .forEach(l -> run.found(p.disk() + ": " + l.strip().replaceAll("\\s+", " "))));
            }
            if (!run.isOpen()) {
                return;
            }
            run.leftForYou(run.text("hw.left"));
            run.handOver(run.text("hw.gathered"));
        });
    }

    /** One line per md array: name, level, and degraded or healthy with its members. */
    static List<String> arrays(String mdstat) {
        List<String> out = new java.util.ArrayList<>();
        Matcher array = ARRAY.matcher(mdstat);
        while (array.find()) {
            String rest = mdstat.substring(array.end());
            Matcher members = MEMBERS.matcher(rest);
            String status = members.find() ? (members.group(3).contains("_") ? "DEGRADED " : "healthy ")
                    + members.group(2) + " of " + members.group(1) + " members up [" + members.group(3) + "]" : "";
            out.add(array.group(1) + " (" + array.group(2) + (array.group(3).contains("(F)") ? ", a member failed" : "")
                    + "): " + status);
        }
        if (out.isEmpty()) {
            out.add("no software RAID arrays");
        }
        return out;
    }
}
