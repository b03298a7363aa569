package io.alerthub.scenario.library;

import io.alerthub.scenario.ParamValues;
import io.alerthub.scenario.ScenarioRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What each scenario template would do for a run, step by step, without doing it: the same command templates and
 * the same typed parameters the step beans use, rendered and quoted as they would be sent. Which later steps really
 * run depends on what the first ones find (the {@code when} of each step says on what).
 */
public final class ScenarioPlans {
    private ScenarioPlans() {
    }

    /**
     * The steps of {@code run}'s template.
     *
     * @throws IllegalArgumentException when a parameter does not fit (the run would escalate with this message)
     * @throws io.alerthub.scenario.ssh.CommandParameterException when an alert-derived value would be refused
     */
    public static List<PlannedCommand> plan(ScenarioRun run) {
        ParamValues values = new ParamValues(run.parameters());
        List<PlannedCommand> steps = new ArrayList<>();
        switch (run.template()) {
            case "disk_usage" -> diskUsage(DiskUsageParams.read(values, run), steps);
            case "process_down" -> processDown(ProcessDownParams.read(values, run), steps);
            case "resource_high" -> resourceHigh(ResourceHighParams.read(values), run, steps);
            case "host_unreachable" -> {
                HostUnreachableParams p = HostUnreachableParams.read(values);
                steps.add(PlannedCommand.other("check", "TCP connect from the hub to the host's ssh port"
                        + (p.port() == null ? "" : " " + p.port()) + " (timeout " + p.connectTimeout() + ")", ""));
                steps.add(PlannedCommand.ssh("gather", HostUnreachableScenario.UPTIME.render().text(),
                        "if the port answers"));
            }
            case "http_down" -> {
                HttpDownParams p = HttpDownParams.read(values, run);
                steps.add(PlannedCommand.other("check", "HTTP GET " + p.url() + " from the hub", ""));
                p.restartUnits().forEach(unit -> restart(unit, p.sudo(), "if the probe fails", steps));
            }
            case "cert_expiry" -> {
                CertExpiryParams.read(values);
                steps.add(PlannedCommand.other("check", "TLS handshake from the hub, read the certificate's expiry",
                        ""));
            }
            case "time_sync" -> timeSync(TimeSyncParams.read(values), steps);
            case "agent_down" -> agentDown(AgentDownParams.read(values), steps);
            case "host_restarted" -> {
                HostRestartedParams p = HostRestartedParams.read(values);
                steps.add(ssh("check", HostRestartedScenario.UPTIME, Map.of(), ""));
                steps.add(ssh("gather", HostRestartedScenario.BOOTS, Map.of(), ""));
                steps.add(ssh("gather", HostRestartedScenario.PREVIOUS_END, Map.of("lines",
                        Integer.toString(p.journalLines())), ""));
                steps.add(ssh("verify", HostRestartedScenario.FAILED, Map.of(), ""));
            }
            case "filesystem_fault" -> {
                FilesystemFaultParams p = FilesystemFaultParams.read(values, run);
                steps.add(ssh("check", FilesystemFaultScenario.MOUNT, Map.of("path", p.path()), ""));
                steps.add(ssh("gather", FilesystemFaultScenario.KERNEL_ERRORS, Map.of("lines",
                        Integer.toString(p.kernelLines())), ""));
            }
            case "disk_io" -> {
                DiskIoParams.read(values);
                steps.add(ssh("check", DiskIoScenario.PRESSURE, Map.of(), ""));
                steps.add(ssh("gather", DiskIoScenario.IOSTAT, Map.of(), ""));
                steps.add(ssh("gather", DiskIoScenario.WAITING, Map.of(), ""));
            }
            case "network_interface" -> networkInterface(NetworkInterfaceParams.read(values, run), steps);
            case "kernel_limit" -> {
                KernelLimitParams.read(values);
                steps.add(ssh("check", KernelLimitScenario.FILES, Map.of(), ""));
                steps.add(ssh("check", KernelLimitScenario.CONNTRACK, Map.of(), ""));
                steps.add(ssh("check", KernelLimitScenario.TASKS, Map.of(), ""));
                steps.add(ssh("gather", KernelLimitScenario.TOP_THREADS, Map.of(), ""));
            }
            case "hardware" -> {
                HardwareParams p = HardwareParams.read(values, run);
                steps.add(ssh("check", HardwareScenario.MDSTAT, Map.of(), ""));
                steps.add(ssh("gather", HardwareScenario.KERNEL_ERRORS, Map.of("lines",
                        Integer.toString(p.kernelLines())), ""));
                steps.add(ssh("gather", HardwareScenario.SENSORS, Map.of(), ""));
                if (p.disk() != null) {
                    steps.add(ssh("gather", p.sudo() ? HardwareScenario.SMART_SUDO : HardwareScenario.SMART,
                            Map.of("disk", p.disk()), ""));
                }
            }
            default -> steps.add(PlannedCommand.other("run", "template " + run.template()
                    + " has no plan: see its route file", ""));
        }
        return steps;
    }

    private static void diskUsage(DiskUsageParams p, List<PlannedCommand> steps) {
        steps.add(PlannedCommand.ssh("check", DiskUsageScenario.USAGE.render(Map.of("path", p.path())).text(), ""));
        String full = "if usage ≥ " + p.threshold() + " %";
        steps.add(PlannedCommand.ssh("gather", DiskUsageScenario.BIGGEST.render(Map.of("path", p.path())).text(), full));
        for (String dir : p.cleanPaths()) {
            steps.add(PlannedCommand.ssh("gather", DiskUsageScenario.DIR_SIZE.render(Map.of("dir", dir)).text(), full));
        }
        var clean = p.cleanAction().equals("compress") ? DiskUsageScenario.COMPRESS : DiskUsageScenario.CLEAN;
        for (String dir : p.cleanPaths()) {
            steps.add(PlannedCommand.ssh("remediate", clean.render(Map.of("dir", dir,
                    "days", Integer.toString(p.olderThanDays()))).text(), full));
        }
        if (!p.cleanPaths().isEmpty()) {
            steps.add(PlannedCommand.ssh("verify", DiskUsageScenario.USAGE.render(Map.of("path", p.path())).text(),
                    "after cleaning"));
        }
    }

    private static void processDown(ProcessDownParams p, List<PlannedCommand> steps) {
        if (p.unit() == null) {
            steps.add(PlannedCommand.other("check", "nothing: no unit (binding parameter unit, or the alert's unit, "
                    + "systemd_unit or service label) — the run escalates", ""));
            return;
        }
        Map<String, String> unit = Map.of("unit", p.unit());
        steps.add(PlannedCommand.ssh("check", ProcessDownScenario.STATE.render(unit).text(), ""));
        String down = "if the unit is not active";
        steps.add(PlannedCommand.ssh("gather", ProcessDownScenario.STATUS.render(unit).text(), down));
        steps.add(PlannedCommand.ssh("gather", ProcessDownScenario.JOURNAL.render(Map.of("unit", p.unit(),
                "lines", Integer.toString(p.journalLines()))).text(), down));
        if (p.restartUnits().contains(p.unit())) {
            restart(p.unit(), p.sudo(), down, steps);
            steps.add(PlannedCommand.ssh("verify", ProcessDownScenario.STATE.render(unit).text(),
                    "after the restart, until active or " + p.verifyTimeout().toSeconds() + " s"));
            if (p.port() != null) {
                steps.add(PlannedCommand.ssh("verify", ProcessDownScenario.LISTENING.render(Map.of("port",
                        Integer.toString(p.port()))).text(), "after the restart"));
            }
        }
    }

    private static void resourceHigh(ResourceHighParams p, ScenarioRun run, List<PlannedCommand> steps) {
        steps.add(PlannedCommand.ssh("check", ResourceHighScenario.UPTIME.render().text(), ""));
        boolean memory = p.byMemory(run.incident().alertClass());
        steps.add(PlannedCommand.ssh("gather", (memory ? ResourceHighScenario.TOP_MEM : ResourceHighScenario.TOP_CPU)
                .render().text(), ""));
        steps.add(PlannedCommand.ssh("gather", ResourceHighScenario.FREE.render().text(), ""));
        steps.add(PlannedCommand.ssh("gather", ResourceHighScenario.OOM.render().text(), ""));
        p.restartUnits().forEach(unit -> restart(unit, p.sudo(), "if a restart is wanted", steps));
    }

    private static void timeSync(TimeSyncParams p, List<PlannedCommand> steps) {
        steps.add(ssh("check", TimeSyncScenario.SYNCHRONIZED, Map.of(), ""));
        steps.add(ssh("check", TimeSyncScenario.TRACKING, Map.of(), ""));
        String off = "if the clock is not synchronised or off by more than " + p.maxOffsetMs() + " ms";
        steps.add(ssh("gather", TimeSyncScenario.SOURCES, Map.of(), off));
        unitSteps(p.daemon(), 30, p.restartUnits().contains(p.daemon()), p.sudo(), off, p.verifyTimeout(), steps);
        if (p.restartUnits().contains(p.daemon())) {
            steps.add(ssh("verify", TimeSyncScenario.SYNCHRONIZED, Map.of(), "after the restart, until synchronised or "
                    + p.verifyTimeout().toSeconds() + " s"));
            steps.add(ssh("verify", TimeSyncScenario.TRACKING, Map.of(), "after the restart"));
        }
    }

    private static void agentDown(AgentDownParams p, List<PlannedCommand> steps) {
        if (p.unit() == null) {
            steps.add(ssh("check", AgentDownScenario.AGENTS, Map.of(), ""));
            steps.add(PlannedCommand.other("check", "then, for the first agent unit the host has: systemctl is-active,"
                    + " status and journal; a restart only if that unit is in restartUnits " + p.restartUnits(),
                    "if an agent unit is found"));
            return;
        }
        steps.add(ssh("check", AgentDownScenario.STATE, Map.of("unit", p.unit()), ""));
        boolean allowed = p.restartUnits().stream()
                .anyMatch(u -> AgentDownScenario.base(u).equals(AgentDownScenario.base(p.unit())));
        unitSteps(p.unit(), p.journalLines(), allowed, p.sudo(), "if the agent is not active", p.verifyTimeout(),
                steps);
    }

    private static void networkInterface(NetworkInterfaceParams p, List<PlannedCommand> steps) {
        if (p.device() == null) {
            steps.add(ssh("check", NetworkInterfaceScenario.ALL_LINKS, Map.of(), ""));
            return;
        }
        Map<String, String> device = Map.of("device", p.device());
        steps.add(ssh("check", NetworkInterfaceScenario.LINK, device, ""));
        steps.add(ssh("gather", NetworkInterfaceScenario.ETHTOOL, device, ""));
        if (p.device().startsWith("bond")) {
            steps.add(ssh("gather", NetworkInterfaceScenario.BOND, device, ""));
        }
    }

    /** A unit's status and journal, and, when allow-listed, its restart and the wait until it is active. */
    private static void unitSteps(String unit, int journalLines, boolean allowed, boolean sudo, String when,
            java.time.Duration verifyTimeout, List<PlannedCommand> steps) {
        steps.add(ssh("gather", ProcessDownScenario.STATUS, Map.of("unit", unit), when));
        steps.add(ssh("gather", ProcessDownScenario.JOURNAL, Map.of("unit", unit, "lines",
                Integer.toString(journalLines)), when));
        if (allowed) {
            restart(unit, sudo, when, steps);
            steps.add(ssh("verify", ProcessDownScenario.STATE, Map.of("unit", unit),
                    "after the restart, until active or " + verifyTimeout.toSeconds() + " s"));
        }
    }

    private static PlannedCommand ssh(String phase, io.alerthub.scenario.ssh.CommandTemplate command,
            Map<String, String> values, String when) {
        return PlannedCommand.ssh(phase, command.render(values).text(), when);
    }

    private static void restart(String unit, boolean sudo, String when, List<PlannedCommand> steps) {
        steps.add(PlannedCommand.ssh("remediate", (sudo ? ProcessDownScenario.RESTART_SUDO : ProcessDownScenario.RESTART)
                .render(Map.of("unit", unit)).text(), when));
    }
}
