package io.alerthub.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alerthub.model.Alert;
import io.alerthub.model.AlertClassRule;
import io.alerthub.model.AlertSource;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The hub's alertClass rules as a table (what the alert says → its class), and how customer rules take over. */
class AlertClassifierTest {
    private static final AlertClassifier CLASSIFIER = new AlertClassifier();

    /** One row: an alert as a source names it, and the class an operator would give it. */
    record Case(String format, String name, String summary, String description, Map<String, String> labels,
                String expected) {
        @Override
        public String toString() {
            return format + " \"" + name + "\" -> " + expected;
        }

        Alert draft() {
            return Alert.builder().source(new AlertSource("webhook", format, null, null)).name(name).summary(summary)
                    .description(description).labels(labels).build();
        }
    }

    private static Case c(String format, String name, String summary, String expected) {
        return new Case(format, name, summary, null, Map.of(), expected);
    }

    static Stream<Case> table() {
        return Stream.of(
                // Zabbix trigger names
                c("zabbix", "Free disk space is less than 20% on volume /", null, "disk_usage"),
                // the monitoring agent itself: its scenario logs in and looks at the agent (an unreachable host escalates there)
                c("zabbix", "Zabbix agent on www.example.com is unreachable for 5 minutes", null, "agent_down"),
                c("zabbix", "Zabbix agent is not available (for 3m)", null, "agent_down"),
                // Zabbix 7.x filesystem trigger names put the mount point in brackets
                c("zabbix", "Linux: FS [/]: Space is critically low (used > 90%)", null, "disk_usage"),
                c("zabbix", "Linux: FS [/var]: Space is low (used > 80%)", null, "disk_usage"),
                c("zabbix", "Linux: FS [/]: Running out of free inodes (free < 10%)", null, "disk_usage"),
                c("zabbix", "Linux: FS [/]: Filesystem has become read-only", null, "filesystem_fault"),
                c("zabbix", "Linux: Getting closer to process limit (over 80% used)", null, "kernel_limit"),
                c("zabbix", "Linux: System time is out of sync (diff with Zabbix server > 60s)", null, "time_sync"),
                c("zabbix", "Linux: web-1 has been restarted (uptime < 10m)", null, "host_restarted"),
                c("zabbix", "High CPU utilization (over 90% for 5m)", null, "cpu_high"),
                c("zabbix", "Load average is too high (per CPU load over 1.5 for 5m)", null, "cpu_high"),
                c("zabbix", "High memory utilization (>90% for 5m)", null, "memory_high"),
                // Alertmanager / Prometheus rule names (CamelCase, no word boundaries)
                c("alertmanager", "InstanceDown", "Instance web-1:9100 down", "host_unreachable"),
                c("alertmanager", "HostOutOfDiskSpace", "Host out of disk space (instance web-1)", "disk_usage"),
                c("alertmanager", "HostOutOfMemory", null, "memory_high"),
                c("alertmanager", "HostHighCpuLoad", null, "cpu_high"),
                c("alertmanager", "BlackboxProbeFailed", null, "http_down"),
                c("alertmanager", "BlackboxSslCertificateWillExpireSoon", null, "cert_expiry"),
                c("alertmanager", "MysqlDown", "MySQL instance is down on db-1", "db_down"),
                c("alertmanager", "PostgresqlDown", null, "db_down"),
                c("alertmanager", "High CPU Temperature", "High CPU core temperature", "hardware"),
                c("alertmanager", "Fire", "Something is on fire", "unknown"),
                // CamelCase names read as words: "FilesystemDevice" holds no "systemd", RAID beats disk, I/O beats disk
                c("alertmanager", "HostFilesystemDeviceError", null, "filesystem_fault"),
                c("alertmanager", "NodeRAIDDiskFailure", null, "hardware"),
                c("alertmanager", "NodeDiskIOSaturation", null, "disk_io"),
                c("alertmanager", "HostEdacCorrectableErrorsDetected", "correctable memory errors", "hardware"),
                c("alertmanager", "HostCpuIsUnderutilized", "CPU load is < 20% for 1 week", "unknown"),
                c("alertmanager", "NodeNetworkReceiveErrs", null, "network_interface"),
                c("alertmanager", "NodeClockNotSynchronising", null, "time_sync"),
                c("alertmanager", "NodeFileDescriptorLimit", null, "kernel_limit"),
                // Nagios / Icinga
                c("nagios", "delphin host is DOWN", "CRITICAL - Time to live exceeded (127.1.1.1)", "host_unreachable"),
                c("nagios", "Host DOWN", null, "host_unreachable"),
                c("icinga", "Host apn4709.dc.example.com is DOWN!", "CRITICAL - Plugin timed out", "host_unreachable"),
                c("icinga", "CPU Load", "WARNING - load average: 3.44, 0.99, 0.35", "cpu_high"),
                c("icinga", "HTTP", "CRITICAL - Socket timeout after 10 seconds", "http_down"),
                c("nagios", "PROCS", "PROCS CRITICAL: 0 processes with command name 'nginx'", "process_down"),
                c("sensu", "nginx.service", "nginx.service is not running", "process_down"),
                // Cloud and SaaS monitors
                c("gcp-monitoring", "Uptime Health Check on api-noc-users",
                        "An uptime check on Uptime Check URL labels {host=MYHOST} is failing.", "http_down"),
                c("gcp-monitoring", "VM Instance - CPU utilization", null, "cpu_high"),
                c("azure-monitor", "WCUS-R2-Gen2", "WCUS-R2-Gen2 Fired: Percentage CPU GreaterThan 25 (value 31.1105)",
                        "cpu_high"),
                c("azure-monitor", "More than 2 seconds CPU", null, "cpu_high"),
                c("newrelic", "Server Down", "I am a test Violation", "host_unreachable"),
                c("newrelic", "High CPU", null, "cpu_high"),
                c("mackerel", "connectivity", null, "host_unreachable"),
                c("mackerel", "loadavg5", "loadavg5 5.2 > 4", "cpu_high"),
                c("mackerel", "MonitorName", "MetricName 2.26 > 1.96", "unknown"),
                c("grafana", "High memory usage", "This alert was triggered for zone us-1", "memory_high"),
                c("grafana", "Test alert", "This is a summary field, failure on <no value>", "unknown"),
                c("sns", "ServerCpuTooHigh", null, "cpu_high"),
                c("sns", "ContainerInsight-pod_cpu_utilization", null, "cpu_high"),
                c("opsgenie", "test alert", null, "unknown"),
                c("cloudwatch", "ELB 5XX errors on load balancer web-lb", null, "http_down"),
                // Japanese wording
                c("mackerel", "ディスク使用率 90%超過", null, "disk_usage"),
                c("mackerel", "ファイルシステム残り容量", null, "disk_usage"),
                c("mackerel", "メモリ使用率が高い", null, "memory_high"),
                c("mail", "死活監視", "web01 応答なし", "host_unreachable"),
                c("mail", "サーバー応答なし", null, "host_unreachable"),
                c("mackerel", "CPU使用率 95%", null, "cpu_high"),
                c("mackerel", "ロードアベレージ高騰", null, "cpu_high"),
                c("mail", "URL外形監視 応答なし", null, "http_down"),
                c("mail", "プロセス監視 httpd 停止", null, "process_down"),
                c("mail", "SSL証明書の有効期限が近づいています", null, "cert_expiry"),
                c("mail", "データベース接続エラー", null, "db_down"),
                // An opaque rule name: the summary decides (the text pass)
                c("azure-monitor", "rule-17", "The TLS certificate of shop.example.com expires in 7 days", "cert_expiry"),
                c("azure-monitor", "rule-17", "Inlet temperature 41C on chassis 2", "hardware"),
                c("azure-monitor", "rule-17", "HTTP status code 503 from https://shop.example.com/health", "http_down"),
                c("azure-monitor", "rule-17", "PostgreSQL on db-2 is not responding", "db_down"),
                c("azure-monitor", "rule-17", "sshd daemon stopped on bastion", "process_down"),
                c("azure-monitor", "rule-17", "web-3 is unreachable (100% packet loss)", "host_unreachable"),
                c("azure-monitor", "rule-17", "Only 3% free space left on /data", "disk_usage"),
                c("azure-monitor", "rule-17", "Swap usage at 92%", "memory_high"),
                c("azure-monitor", "rule-17", "Processor time above 95% for 10 minutes", "cpu_high"),
                c("azure-monitor", "rule-17", "Nightly report generated", "unknown"),
                // What the alert is called beats words in its description
                new Case("datadog", "Dock is almost out of memory...", null,
                        "restart docker\nhttps://github.com/CodeNow/devops-scripts/wiki/Restarting-Docker", Map.of(),
                        "memory_high"),
                new Case("zabbix", "Disk space low on /var", null,
                        "If the web server process is down, check http first", Map.of(), "disk_usage"),
                // Label rules
                new Case("gcp-monitoring", "api - noc - users", null, null, Map.of("resource_type", "uptime_url"),
                        "http_down"),
                new Case("nagios", "Host status", "web-1 is DOWN", null, Map.of("state", "DOWN"), "host_unreachable"),
                new Case("alertmanager", "Probe", null, null, Map.of("alertname", "X509CertificateExpiry"),
                        "cert_expiry"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void classifiesByTheHubRules(Case c) {
        assertThat(CLASSIFIER.classify(c.draft(), List.of())).isEqualTo(c.expected());
    }

    @Test
    void wordsSplitCamelCaseUnderscoresAndZabbixBrackets() {
        assertThat(AlertClassifier.words("HostFilesystemDeviceError")).isEqualTo("Host Filesystem Device Error");
        assertThat(AlertClassifier.words("NodeRAIDDiskFailure")).isEqualTo("Node RAID Disk Failure");
        assertThat(AlertClassifier.words("X509CertificateExpiry")).isEqualTo("X509 Certificate Expiry");
        assertThat(AlertClassifier.words("pod_cpu_utilization")).isEqualTo("pod cpu utilization");
        assertThat(AlertClassifier.words("Linux: FS [/]: Space is low")).isEqualTo("Linux: FS  / : Space is low");
        assertThat(AlertClassifier.words("ELB 5XX errors")).isEqualTo("ELB 5XX errors");
        assertThat(AlertClassifier.words(null)).isNull();
    }

    @Test
    void aWordsRuleTriesEveryNameBeforeAnyText() {
        List<AlertClassRule> customer = List.of(
                new AlertClassRule("backup_failed", null, null, null, "\\bbackup\\b", Map.of()),
                new AlertClassRule("batch_late", null, null, null, "\\bbatch\\b", Map.of()));
        Alert draft = c("mackerel", "NightlyBatchLate", "the backup step took too long", "").draft();

        assertThat(CLASSIFIER.classify(draft, customer)).isEqualTo("batch_late");
        assertThat(CLASSIFIER.classify(c("mackerel", "job-17", "the backup step failed", "").draft(), customer))
                .isEqualTo("backup_failed");
    }

    @Test
    void aDraftThatAlreadyHasAClassKeepsIt() {
        Alert draft = Alert.builder().name("HostOutOfDiskSpace").alertClass("backup_failed").build();

        assertThat(CLASSIFIER.classify(draft, List.of(rule("disk_usage", null, "disk")))).isEqualTo("backup_failed");
    }

    @Test
    void customerRulesComeBeforeTheHubRulesAndTheFirstMatchWins() {
        Alert draft = c("zabbix", "Free disk space is less than 20% on volume /backup", null, "").draft();
        List<AlertClassRule> customer = List.of(
                rule("san_full", null, "volume /san"),
                rule("backup_volume_full", null, "/backup"),
                rule("never_reached", null, "disk"));

        assertThat(CLASSIFIER.classify(draft, customer)).isEqualTo("backup_volume_full");
    }

    @Test
    void aCustomerRuleWithAFormatConditionOnlyAppliesToThatFormat() {
        List<AlertClassRule> customer = List.of(
                new AlertClassRule("batch_late", "^mackerel$", "disk", null, Map.of()));

        assertThat(CLASSIFIER.classify(c("mackerel", "disk check", null, "").draft(), customer)).isEqualTo("batch_late");
        assertThat(CLASSIFIER.classify(c("zabbix", "disk check", null, "").draft(), customer)).isEqualTo("disk_usage");
    }

    @Test
    void aCustomerRuleOnALabelNeedsTheLabel() {
        List<AlertClassRule> customer = List.of(
                new AlertClassRule("payment_down", null, null, null, Map.of("service", "^payment$")));
        Alert withLabel = new Case("alertmanager", "InstanceDown", null, null, Map.of("service", "payment"), "").draft();
        Alert without = new Case("alertmanager", "InstanceDown", null, null, Map.of("team", "payment"), "").draft();

        assertThat(CLASSIFIER.classify(withLabel, customer)).isEqualTo("payment_down");
        assertThat(CLASSIFIER.classify(without, customer)).isEqualTo("host_unreachable");
    }

    @Test
    void anInvalidCustomerRuleIsSkippedAndReportedByProblems() {
        List<AlertClassRule> customer = List.of(rule("broken", null, "(disk"));

        assertThat(CLASSIFIER.classify(c("zabbix", "disk full", null, "").draft(), customer)).isEqualTo("disk_usage");
        assertThat(AlertClassifier.problems(customer, "alertClasses")).containsExactly(
                "alertClasses[0].text: invalid regular expression \"(disk\" (unclosed group near index 5)");
    }

    @Test
    void problemsNameEveryBadRuleByIndexAndField() {
        List<AlertClassRule> rules = List.of(
                rule("disk_usage", null, "disk"),
                new AlertClassRule(null, null, "x", null, Map.of()),
                new AlertClassRule("Disk Usage", null, "x", null, Map.of()),
                new AlertClassRule("ok", "[", null, null, Map.of("env", "*prod")));

        assertThat(AlertClassifier.problems(rules, "alertClasses")).containsExactly(
                "alertClasses[1].class: is required",
                "alertClasses[2].class: invalid class \"Disk Usage\" (lower-case letters, digits and _, starting with a letter)",
                "alertClasses[3].format: invalid regular expression \"[\" (unclosed character class near index 0)",
                "alertClasses[3].labels.env: invalid regular expression \"*prod\" (dangling meta character '*' near index 0)");
    }

    @Test
    void anInvalidRegexInTheHubRulesFailsStartUpNamingTheRuleAndPattern() {
        List<AlertClassRule> rules = List.of(rule("disk_usage", null, "disk"), rule("cpu_high", "cpu(", null));

        assertThatThrownBy(() -> new AlertClassifier(rules, "alert-classes.yaml"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("alert-classes.yaml: [1].name: invalid regular expression \"cpu(\"");
    }

    @Test
    void anAlertWithNothingToGoOnIsUnknown() {
        assertThat(CLASSIFIER.classify(Alert.builder().build(), null)).isEqualTo(AlertClassifier.UNKNOWN);
    }

    private static AlertClassRule rule(String alertClass, String name, String text) {
        return new AlertClassRule(alertClass, null, name, text, Map.of());
    }
}
