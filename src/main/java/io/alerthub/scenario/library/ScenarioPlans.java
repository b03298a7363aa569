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

    private static void restart(String unit, boolean sudo, String when, List<PlannedCommand> steps) {
        steps.add(PlannedCommand.ssh("remediate", (sudo ? ProcessDownScenario.RESTART_SUDO : ProcessDownScenario.RESTART)
                .render(Map.of("unit", unit)).text(), when));
    }
}
