package io.alerthub.scenario.library;

import static org.assertj.core.api.Assertions.assertThat;

import io.alerthub.config.CustomerConfig;
import io.alerthub.model.Alert;
import io.alerthub.model.AlertStatus;
import io.alerthub.model.Incident;
import io.alerthub.model.IncidentState;
import io.alerthub.model.Severity;
import io.alerthub.scenario.ScenarioRun;
import io.alerthub.store.StoredAlert;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The operator's {@code dry-run} prints, for every scenario template, the exact commands a run would send (quoted as
 * sent): no template is left with "has no plan", and the plans follow the step beans' commands and parameters.
 */
class ScenarioPlansTest {
    static final Path TEMPLATES = Path.of("src/main/resources/routes/scenario/templates");
    static final CustomerConfig CUSTOMER = new CustomerConfig("acme", "ACME", null, null, null, null, null, null, null,
            null, null, null, null, null, null, null, null, null);

    static Stream<String> templates() throws IOException {
        try (Stream<Path> files = Files.list(TEMPLATES)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".camel.yaml"))
                    .map(n -> n.substring(0, n.length() - ".camel.yaml".length())).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("templates")
    void everyTemplateHasAPlan(String template) {
        List<PlannedCommand> plan = plan(template, "cpu_high", Map.of("url", "https://web-1.acme.example/health"),
                Map.of());

        assertThat(plan).isNotEmpty().noneSatisfy(step -> assertThat(step.command()).contains("has no plan"));
    }

    @Test
    void theDiagnosticsTemplatesListTheirCommandsAsSent() {
        assertThat(commands(plan("disk_io", "disk_io", Map.of(), Map.of()))).containsExactly(
                "cat /proc/pressure/io", "iostat -dxy 1 1", "ps -eo state,pid,user,comm --no-headers");
        assertThat(commands(plan("kernel_limit", "kernel_limit", Map.of(), Map.of()))).containsExactly(
                "cat /proc/sys/fs/file-nr",
                "cat /proc/sys/net/netfilter/nf_conntrack_count /proc/sys/net/netfilter/nf_conntrack_max",
                "cat /proc/loadavg /proc/sys/kernel/pid_max /proc/sys/kernel/threads-max",
                "ps -eo nlwp,pid,user,comm --sort=-nlwp --no-headers");
        assertThat(commands(plan("host_restarted", "host_restarted", Map.of("journalLines", "20"), Map.of())))
                .containsExactly("uptime", "journalctl --list-boots --no-pager",
                        "journalctl -b -1 -n '20' --no-pager",
                        "systemctl list-units --failed --plain --no-legend --no-pager");
        assertThat(commands(plan("network_interface", "network_interface", Map.of("device", "bond0"), Map.of())))
                .containsExactly("ip -s -d link show dev 'bond0'", "ethtool 'bond0'", "cat /proc/net/bonding/'bond0'");
        List<PlannedCommand> hardware = plan("hardware", "hardware", Map.of(), Map.of("device", "sdb"));
        assertThat(commands(hardware)).first().isEqualTo("cat /proc/mdstat");
        assertThat(commands(hardware)).last().as("the disk from the alert's device label")
                .isEqualTo("sudo -n smartctl -H -A '/dev/sdb'");
        assertThat(commands(plan("filesystem_fault", "filesystem_fault", Map.of("path", "/data"), Map.of())))
                .first().isEqualTo("findmnt -n -o TARGET,SOURCE,FSTYPE,OPTIONS -T '/data'");
    }

    @Test
    void theRestartingTemplatesRestartOnlyWhatTheBindingAllows() {
        List<PlannedCommand> time = plan("time_sync", "time_sync", Map.of("restartUnits", "chrony"), Map.of());
        assertThat(commands(time)).containsExactly(
                "timedatectl show --property=NTPSynchronized --value", "chronyc -n tracking", "chronyc -n sources",
                "systemctl status --no-pager --lines=0 'chrony'", "journalctl -u 'chrony' -n '30' --no-pager",
                "sudo -n systemctl restart 'chrony'", "systemctl is-active 'chrony'",
                "timedatectl show --property=NTPSynchronized --value", "chronyc -n tracking");
        assertThat(time).filteredOn(s -> s.phase().equals("remediate")).singleElement()
                .satisfies(s -> assertThat(s.when()).startsWith("if the clock is not synchronised"));
        assertThat(commands(plan("time_sync", "time_sync", Map.of(), Map.of())))
                .as("chrony not allow-listed: gathered, never restarted").noneMatch(c -> c.contains("restart"));

        List<PlannedCommand> agent = plan("agent_down", "agent_down", Map.of("unit", "node_exporter.service",
                "restartUnits", "node_exporter", "sudo", "false"), Map.of());
        assertThat(commands(agent)).containsExactly("systemctl is-active 'node_exporter.service'",
                "systemctl status --no-pager --lines=0 'node_exporter.service'",
                "journalctl -u 'node_exporter.service' -n '50' --no-pager",
                "systemctl restart 'node_exporter.service'", "systemctl is-active 'node_exporter.service'");
        assertThat(plan("agent_down", "agent_down", Map.of(), Map.of())).first().satisfies(s ->
                assertThat(s.command()).startsWith("systemctl list-units --all --plain --no-legend --no-pager "));
    }

    static List<String> commands(List<PlannedCommand> plan) {
        return plan.stream().filter(PlannedCommand::ssh).map(PlannedCommand::command).toList();
    }

    static List<PlannedCommand> plan(String template, String alertClass, Map<String, String> parameters,
            Map<String, String> labels) {
        Instant now = Instant.parse("2026-12-08T01:00:00Z");
        Alert alert = Alert.builder().name("test").status(AlertStatus.FIRING).alertClass(alertClass).host("web-1")
                .labels(labels).build();
        Incident incident = new Incident(null, "acme", "fp", IncidentState.AUTOMATING, null, AlertStatus.FIRING,
                "test", alertClass, Severity.WARNING, "web-1", null, 1, now, now, null);
        ScenarioRun run = ScenarioRun.preview(incident, new StoredAlert(alert, null), CUSTOMER, null, template,
                "acme." + template, parameters);
        return ScenarioPlans.plan(run);
    }
}
