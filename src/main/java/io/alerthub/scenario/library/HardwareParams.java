package io.alerthub.scenario.library;

import io.alerthub.scenario.ParamValues;
import io.alerthub.scenario.ScenarioRun;
import java.util.regex.Pattern;

/**
 * The typed parameters of the {@code hardware} template (routes/scenario/templates/hardware.camel.yaml).
 *
 * @param disk        the disk whose SMART health is read: the binding's value, else the alert's {@code device} label
 *                    when it names a disk ({@code sda}, {@code /dev/nvme0n1}); null: no SMART read
 * @param sudo        read SMART through {@code sudo -n} (smartctl needs root)
 * @param kernelLines how many kernel log lines are searched for hardware errors
 */
public record HardwareParams(String disk, boolean sudo, int kernelLines) {
    private static final Pattern DISK = Pattern.compile("(?:/dev/)?((?:sd|vd|xvd|hd)[a-z]{1,3}|nvme\\d{1,3}n\\d{1,3})");

    static HardwareParams read(ParamValues values, ScenarioRun run) {
        String disk = values.text("disk");
        if (disk != null) {
            values.path("disk", disk);
        } else if (run != null) {
            disk = run.label("device").map(DISK::matcher).filter(java.util.regex.Matcher::matches)
                    .map(m -> "/dev/" + m.group(1)).orElse(null);
        }
        return new HardwareParams(disk, values.bool("sudo", true), values.integer("kernelLines", 10, 5000, 500));
    }
}
