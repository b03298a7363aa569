package io.alerthub.scenario.library;

import io.alerthub.scenario.ParamValues;
import io.alerthub.scenario.ScenarioRun;

/**
 * The typed parameters of the {@code filesystem_fault} template (routes/scenario/templates/filesystem_fault.camel.yaml).
 *
 * @param path        the mount point: the binding's value, else the alert's {@code mountpoint} or {@code path} label
 *                    or the one a Zabbix {@code FS [/var]:} trigger names, else {@code /}
 * @param kernelLines how many kernel log lines are searched for filesystem and device errors
 */
public record FilesystemFaultParams(String path, int kernelLines) {

    static FilesystemFaultParams read(ParamValues values, ScenarioRun run) {
        String path = Diagnostics.pathParameter(values, run);
        return new FilesystemFaultParams(path, values.integer("kernelLines", 10, 5000, 500));
    }
}
