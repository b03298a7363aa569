package io.alerthub.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alerthub.demo.DemoFleetKeys;
import io.alerthub.demo.HostState;
import io.alerthub.demo.SimulatedHost;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The scenario engine end to end, as an operator sees it: an alert POSTed to the real webhook endpoint opens an
 * incident, the dispatcher picks the customer's binding, the template runs its commands over real SSH against
 * simulated hosts of the demo fleet (in-process MINA SSHD with scripted state, recording every command line), and
 * {@code GET /api/v1/incidents/{id}} shows the outcome, its reason and every step on the timeline. Covers each
 * outcome of disk_usage, process_down and host_unreachable, the dispatcher's own verdicts, SSH failures, the
 * safety rules (rate limit, dry-run, kill switch, incident taken by a person or the source meanwhile, hostile alert
 * values) and one run against a real OpenSSH server.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:scenario-it;MODE=PostgreSQL;DB_CLOSE_DELAY=-1",
        // the third remediation of one template on one host within the window is a restart loop
        "alerthub.scenarios.remediation-limit=2",
        // a hanging command is given up soon; simulated hosts answer in milliseconds, but a real OpenSSH exec (fork,
        // login shell) took 0.6-1.8 s on the shared 2-core test machine
        "alerthub.ssh.command-timeout=5s"})
@ActiveProfiles("demo")
class ScenarioIT {
    static final Duration DECIDED_WITHIN = Duration.ofSeconds(30);
    static final String USER = "hub";
    static final KeyPair HUB_KEY = DemoFleetKeys.newClientKey();
    static final AtomicInteger ALERTS = new AtomicInteger();
    static final Map<String, SimulatedHost> HOSTS = new LinkedHashMap<>();
    static final List<String> HOSTILE_VALUES = List.of("a;rm -rf /", "$(reboot)", "`reboot`", "app\nreboot",
            "x".repeat(10 * 1024), "ppa\u202Eexe", "it's");

    @TempDir
    static Path tmp;
    static int closedPort;
    static Process sshd;
    static Path sshdDir;
    static String sshdProblem;

    @LocalServerPort
    int port;
    @Autowired
    ObjectMapper json;
    final HttpClient http = HttpClient.newHttpClient();

    // ---- the customers and their hosts, written before the hub starts ----------------------------------------

    @DynamicPropertySource
    static void customers(DynamicPropertyRegistry properties) throws Exception {
        Clock clock = Clock.systemUTC();
        PublicKey hub = HUB_KEY.getPublic();
        simulated("disk-1", HostState.diskFull("disk-1", clock), hub);
        simulated("disk-2", HostState.diskFull("disk-2", clock), hub);
        simulated("disk-3", HostState.healthy("disk-3", clock), hub);
        simulated("app-1", HostState.unitDown("app-1", "app", 8080, clock), hub);
        simulated("app-2", HostState.unitDown("app-2", "app", 8080, clock), hub);
        simulated("loop-1", HostState.unitDown("loop-1", "app", 8080, clock), hub);
        simulated("up-1", HostState.healthy("up-1", clock), hub);
        simulated("maint-1", HostState.diskFull("maint-1", clock), hub);
        simulated("hang-1", HostState.diskFull("hang-1", clock), hub);
        simulated("keychg-1", HostState.diskFull("keychg-1", clock), hub);
        simulated("auth-1", HostState.diskFull("auth-1", clock), DemoFleetKeys.newClientKey().getPublic());
        simulated("kill-1", HostState.diskFull("kill-1", clock), hub);
        simulated("dryh-1", HostState.diskFull("dryh-1", clock), hub);
        simulated("dryb-1", HostState.diskFull("dryb-1", clock), hub);
        simulated("dryc-1", HostState.diskFull("dryc-1", clock), hub);
        simulated("off-1", HostState.diskFull("off-1", clock), hub);
        simulated("ack-1", HostState.diskFull("ack-1", clock), hub);
        simulated("res-1", HostState.diskFull("res-1", clock), hub);
        simulated("hostile-1", HostState.unitDown("hostile-1", "app", 8080, clock), hub);
        simulated("hostile-ok", HostState.healthy("hostile-ok", clock), hub);
        // the scripted problems of the templates the public rule sets need (customer "cov", docs/scenarios.md)
        simulated("time-1", HostState.clockNotSynchronising("time-1", clock), hub);
        simulated("time-2", HostState.clockNotSynchronising("time-2", clock), hub);
        simulated("agent-1", HostState.agentDown("agent-1", clock), hub);
        simulated("boot-1", HostState.rebooted("boot-1", clock), hub);
        simulated("boot-2", HostState.unitDown("boot-2", "app", 8080, clock), hub);
        simulated("rofs-1", HostState.rootReadOnly("rofs-1", clock), hub);
        simulated("io-1", HostState.diskSaturated("io-1", clock), hub);
        simulated("nic-1", HostState.nicErrors("nic-1", clock), hub);
        simulated("fd-1", HostState.fileDescriptorsNearLimit("fd-1", clock), hub);
        simulated("raid-1", HostState.raidDegraded("raid-1", clock), hub);
        simulated("inode-1", HostState.inodesFull("inode-1", clock), hub);
        simulated("zdisk-1", HostState.diskFull("zdisk-1", clock), hub);
        simulated("ja-1", HostState.diskFull("ja-1", clock), hub);
        simulated("ja-2", HostState.diskFull("ja-2", clock), hub);
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String openssh = startOpenSsh();

        Path customers = tmp.resolve("customers");
        StringBuilder acmeHosts = new StringBuilder();
        for (String id : List.of("disk-1", "disk-2", "disk-3", "app-1", "app-2", "loop-1", "up-1", "maint-1",
                "hang-1", "auth-1", "kill-1", "dryh-1", "dryb-1", "ack-1", "res-1", "hostile-1", "hostile-ok")) {
            acmeHosts.append(hostYaml(id, HOSTS.get(id).port(), USER, HOSTS.get(id).hostKeyLine()));
        }
        // customer.yaml knows another key than the one keychg-1 presents (a rebuilt host, or someone in between)
        acmeHosts.append(hostYaml("keychg-1", HOSTS.get("keychg-1").port(), USER,
                DemoFleetKeys.hostKeyLine("not-keychg-1")));
        acmeHosts.append(hostYaml("down-1", closedPort, USER, DemoFleetKeys.hostKeyLine("down-1")));
        acmeHosts.append(hostYaml("refused-1", closedPort, USER, DemoFleetKeys.hostKeyLine("refused-1")));
        acmeHosts.append(hostYaml("nobind-1", closedPort, USER, DemoFleetKeys.hostKeyLine("nobind-1")));
        acmeHosts.append(openssh);
        customer(customers, "acme", acmeHosts + """
                silences:
                  - id: maint-window
                    hosts: ["maint-*"]
                    startsAt: 2020-01-01T00:00:00Z
                    endsAt: 2099-01-01T00:00:00Z
                    comment: 定期メンテナンス
                """, """
                - templatedRoute:
                    routeTemplateRef: disk_usage
                    routeId: acme.disk-readonly
                    parameters:
                      - {name: hosts, value: "openssh-*"}
                      - {name: threshold, value: "100"}
                - templatedRoute:
                    routeTemplateRef: disk_usage
                    routeId: acme.disk-nopaths
                    parameters:
                      - {name: hosts, value: disk-2}
                - templatedRoute:
                    routeTemplateRef: disk_usage
                    routeId: acme.disk-dry
                    parameters:
                      - {name: hosts, value: dryb-1}
                      - {name: cleanPaths, value: /var/log/app}
                      - {name: dryRun, value: "true"}
                - templatedRoute:
                    routeTemplateRef: disk_usage
                    routeId: acme.disk-from-alert
                    parameters:
                      - {name: hosts, value: "hostile-*"}
                      - {name: cleanPaths, value: /var/log/app}
                - templatedRoute:
                    routeTemplateRef: disk_usage
                    routeId: acme.disk
                    parameters:
                      - {name: cleanPaths, value: /var/log/app}
                      - {name: threshold, value: "90"}
                      - {name: olderThanDays, value: "7"}
                - templatedRoute:
                    routeTemplateRef: process_down
                    routeId: acme.service-other
                    parameters:
                      - {name: hosts, value: app-2}
                      - {name: restartUnits, value: "web,worker"}
                - templatedRoute:
                    routeTemplateRef: process_down
                    routeId: acme.service
                    parameters:
                      - {name: restartUnits, value: app}
                      - {name: port, value: "8080"}
                      - {name: verifyTimeout, value: 5s}
                - templatedRoute:
                    routeTemplateRef: host_unreachable
                    routeId: acme.unreachable
                    parameters:
                      - {name: connectTimeout, value: 2s}
                """);
        customer(customers, "dryco", hostYaml("dryc-1", HOSTS.get("dryc-1").port(), USER,
                HOSTS.get("dryc-1").hostKeyLine()) + """
                scenarios:
                  dryRun: true
                """, """
                - templatedRoute:
                    routeTemplateRef: disk_usage
                    routeId: dryco.disk
                    parameters:
                      - {name: cleanPaths, value: /var/log/app}
                """);
        customer(customers, "offco", hostYaml("off-1", HOSTS.get("off-1").port(), USER,
                HOSTS.get("off-1").hostKeyLine()) + """
                scenarios:
                  enabled: false
                """, """
                - templatedRoute:
                    routeTemplateRef: disk_usage
                    routeId: offco.disk
                    parameters:
                      - {name: cleanPaths, value: /var/log/app}
                """);
        StringBuilder covHosts = new StringBuilder();
        for (String id : List.of("time-1", "time-2", "agent-1", "boot-1", "boot-2", "rofs-1", "io-1", "nic-1", "fd-1",
                "raid-1", "inode-1", "zdisk-1")) {
            covHosts.append(hostYaml(id, HOSTS.get(id).port(), USER, HOSTS.get(id).hostKeyLine()));
        }
        customer(customers, "cov", covHosts + openssh, """
                - templatedRoute:
                    routeTemplateRef: time_sync
                    routeId: cov.time
                    parameters:
                      - {name: hosts, value: time-1}
                      - {name: restartUnits, value: chrony}
                      - {name: verifyTimeout, value: 10s}
                - templatedRoute:
                    routeTemplateRef: time_sync
                    routeId: cov.time-gather
                - templatedRoute:
                    routeTemplateRef: agent_down
                    routeId: cov.agent
                    parameters:
                      - {name: restartUnits, value: node_exporter}
                      - {name: verifyTimeout, value: 5s}
                - templatedRoute:
                    routeTemplateRef: host_restarted
                    routeId: cov.restarted
                - templatedRoute:
                    routeTemplateRef: filesystem_fault
                    routeId: cov.filesystem
                - templatedRoute:
                    routeTemplateRef: disk_io
                    routeId: cov.disk-io
                - templatedRoute:
                    routeTemplateRef: network_interface
                    routeId: cov.network
                - templatedRoute:
                    routeTemplateRef: kernel_limit
                    routeId: cov.kernel-limit
                - templatedRoute:
                    routeTemplateRef: hardware
                    routeId: cov.hardware
                - templatedRoute:
                    routeTemplateRef: disk_usage
                    routeId: cov.disk-readonly
                    parameters:
                      - {name: hosts, value: "openssh-*"}
                      - {name: threshold, value: "100"}
                - templatedRoute:
                    routeTemplateRef: disk_usage
                    routeId: cov.disk
                    parameters:
                      - {name: cleanPaths, value: "/var/log/app,/var/spool/app/sessions"}
                """);
        // a customer who reads Japanese: the hand-over summary and the verdict are in Japanese
        customer(customers, "nihon", hostYaml("ja-1", HOSTS.get("ja-1").port(), USER, HOSTS.get("ja-1").hostKeyLine())
                + hostYaml("ja-2", HOSTS.get("ja-2").port(), USER, HOSTS.get("ja-2").hostKeyLine()) + """
                locale: ja
                """, """
                - templatedRoute:
                    routeTemplateRef: disk_usage
                    routeId: nihon.disk-nopaths
                    parameters:
                      - {name: hosts, value: ja-2}
                - templatedRoute:
                    routeTemplateRef: disk_usage
                    routeId: nihon.disk
                    parameters:
                      - {name: cleanPaths, value: /var/log/app}
                      - {name: threshold, value: "90"}
                      - {name: olderThanDays, value: "7"}
                """);
        properties.add("alerthub.customers.dir", customers::toString);
        for (String customer : List.of("acme", "dryco", "offco", "cov", "nihon")) {
            properties.add("SCENARIO_IT_" + customer.toUpperCase() + "_TOKEN", () -> token(customer));
        }
    }

    static String token(String customer) {
        return customer + "-scenario-it-token";
    }

    static void simulated(String id, HostState state, PublicKey authorized) throws IOException {
        HOSTS.put(id, new SimulatedHost(id, state, DemoFleetKeys.hostKey(id), authorized, USER, Clock.systemUTC())
                .start("127.0.0.1", 0));
    }

    static String hostYaml(String id, int port, String user, String hostKey) {
        return """
                  - id: %s
                    address: 127.0.0.1
                    sshPort: %d
                    sshUser: %s
                    hostKey: "%s"
                    privateKey: { file: keys/hub }
                """.formatted(id, port, user, hostKey);
    }

    static void customer(Path customers, String id, String hostsAndMore, String routes) throws IOException {
        Path folder = Files.createDirectories(customers.resolve(id).resolve("keys"));
        Files.writeString(folder.resolve("hub"), DemoFleetKeys.openSshPrivateKey(HUB_KEY));
        Files.writeString(customers.resolve(id).resolve("customer.yaml"), """
                id: %s
                name: %s 株式会社
                ingest:
                  auth:
                    - type: bearer
                      token: { env: SCENARIO_IT_%s_TOKEN }
                hosts:
                %s""".formatted(id, id, id.toUpperCase(), hostsAndMore), StandardCharsets.UTF_8);
        Files.writeString(customers.resolve(id).resolve("routes.camel.yaml"), routes, StandardCharsets.UTF_8);
    }

    @AfterAll
    static void stopHosts() {
        HOSTS.values().forEach(SimulatedHost::close);
        if (sshd != null) {
            sshd.destroy();
        }
    }

    // ---- disk_usage ------------------------------------------------------------------------------------------

    @Test
    void diskUsageCleansTheAllowListedLogsAndIsResolvedFrom93To41Percent() throws Exception {
        JsonNode incident = decided(fire("acme", "disk-1", "disk_usage", Map.of()));

        assertThat(incident.path("outcome").asText()).isEqualTo("RESOLVED");
        assertThat(incident.path("state").asText()).isEqualTo("RESOLVED");
        assertThat(incident.path("scenario").asText()).isEqualTo("acme.disk");
        assertThat(incident.path("outcomeReason").asText())
                .startsWith("cleaned /var/log/app: / went from 93 % to 41 % (threshold 90 %)\n")
                .contains("Checked:\n- disk usage of /\n")
                .contains("Found:\n- / is 93 % full (threshold 90 %)\n")
                .contains("- deleted 38 files in /var/log/app");
        assertThat(kinds(incident)).containsExactly("received", "scenario_started", "ssh", "ssh", "ssh", "ssh", "ssh",
                "outcome");
        assertThat(commands(incident, "ssh")).containsExactly(
                "df -P '/'",
                "timeout 20 du -x -k -d 1 '/'",
                "du -x -k -s '/var/log/app'",
                "find '/var/log/app' -xdev -type f -mtime +'7' -print -delete",
                "df -P '/'");
        assertThat(entries(incident, "ssh")).extracting(e -> e.path("detail").path("phase").asText())
                .containsExactly("check", "gather", "gather", "remediate", "verify");
        assertThat(entries(incident, "ssh")).allSatisfy(e -> {
            assertThat(exitCode(e.path("detail"))).isZero();
            assertThat(e.path("detail").path("host").asText()).isEqualTo("disk-1");
        });
        assertThat(entries(incident, "ssh").get(4).path("detail").path("stdout").asText()).contains(" 41% /");
        assertThat(received("disk-1")).isEqualTo(commands(incident, "ssh"));
    }

    @Test
    void diskUsageWithNoPathAllowListedIsHandedOverWithWhatFillsTheDisk() throws Exception {
        JsonNode incident = decided(fire("acme", "disk-2", "disk_usage", Map.of()));

        assertThat(incident.path("outcome").asText()).isEqualTo("HANDED_OVER");
        assertThat(incident.path("outcomeReason").asText())
                .startsWith("no allow-listed path to clean on /\n")
                .contains("- / is 93 % full (threshold 90 %)")
                .contains("- biggest under /: /var ")
                .contains("Left for you:\n- free space on /: no directory is allow-listed for cleaning "
                        + "(parameter cleanPaths)");
        assertThat(kinds(incident)).containsExactly("received", "scenario_started", "ssh", "ssh", "outcome");
        assertThat(received("disk-2")).containsExactly("df -P '/'", "timeout 20 du -x -k -d 1 '/'");
        assertThat(HOSTS.get("disk-2").state().diskUsagePercent()).isEqualTo(93);
    }

    @Test
    void aJapaneseCustomerGetsTheVerdictAndTheHandOverSummaryInJapanese() throws Exception {
        JsonNode resolved = decided(fire("nihon", "ja-1", "disk_usage", Map.of()));
        JsonNode handedOver = decided(fire("nihon", "ja-2", "disk_usage", Map.of()));

        assertThat(resolved.path("outcome").asText()).isEqualTo("RESOLVED");
        assertThat(resolved.path("outcomeReason").asText())
                .startsWith("/var/log/app を整理しました: / は 93 % から 41 % になりました（しきい値 90 %）\n")
                .contains("確認したこと:\n- / のディスク使用率\n")
                .contains("分かったこと:\n- / は 93 % 使用（しきい値 90 %）\n")
                .contains("- /var/log/app のファイル 38 件を削除しました");
        assertThat(handedOver.path("outcome").asText()).isEqualTo("HANDED_OVER");
        assertThat(handedOver.path("outcomeReason").asText())
                .startsWith("/ には削除を許可されたパスがありません\n")
                .contains("お願いしたいこと:\n- / の容量を空けてください: 削除を許可されたディレクトリがありません"
                        + "（パラメータ cleanPaths）")
                .doesNotContain("Checked:", "Left for you:");
        // what the hosts said stays as they said it
        assertThat(commands(handedOver, "ssh")).containsExactly("df -P '/'", "timeout 20 du -x -k -d 1 '/'");
    }

    @Test
    void diskUsageAlreadyBelowTheThresholdIsHandedOverAndNothingChanges() throws Exception {
        JsonNode incident = decided(fire("acme", "disk-3", "disk_usage", Map.of()));

        int usage = HOSTS.get("disk-3").state().diskUsagePercent();
        assertThat(usage).isLessThan(90);
        assertThat(incident.path("outcome").asText()).isEqualTo("HANDED_OVER");
        assertThat(incident.path("outcomeReason").asText())
                .startsWith("/ is below the threshold now (" + usage + " %): nothing changed\n");
        assertThat(kinds(incident)).containsExactly("received", "scenario_started", "ssh", "outcome");
        assertThat(received("disk-3")).containsExactly("df -P '/'");
    }

    // ---- process_down ----------------------------------------------------------------------------------------

    @Test
    void processDownRestartsTheAllowListedUnitAndVerifiesItListens() throws Exception {
        JsonNode incident = decided(fire("acme", "app-1", "process_down", Map.of("unit", "app")));

        assertThat(incident.path("outcome").asText()).isEqualTo("RESOLVED");
        assertThat(incident.path("outcomeReason").asText())
                .startsWith("restarted app: active again and listening on port 8080\n")
                .contains("- unit app is inactive")
                .contains("- last journal line: ");
        assertThat(commands(incident, "ssh")).containsExactly(
                "systemctl is-active 'app'",
                "systemctl status --no-pager --lines=0 'app'",
                "journalctl -u 'app' -n '50' --no-pager",
                "sudo -n systemctl restart 'app'",
                "systemctl is-active 'app'",
                "ss -Hltn sport = :'8080'");
        assertThat(received("app-1")).isEqualTo(commands(incident, "ssh"));
        assertThat(HOSTS.get("app-1").state().unitActive("app")).isTrue();
    }

    @Test
    void processDownOfAUnitNotAllowListedIsHandedOverWithStatusAndJournal() throws Exception {
        JsonNode incident = decided(fire("acme", "app-2", "process_down", Map.of("unit", "app")));

        assertThat(incident.path("outcome").asText()).isEqualTo("HANDED_OVER");
        assertThat(incident.path("scenario").asText()).isEqualTo("acme.service-other");
        assertThat(incident.path("outcomeReason").asText())
                .startsWith("unit app is not allow-listed for restart: status and journal gathered\n")
                .contains("Left for you:\n- restart app if appropriate: it is not allow-listed for the hub "
                        + "(restartUnits)");
        assertThat(received("app-2")).containsExactly(
                "systemctl is-active 'app'",
                "systemctl status --no-pager --lines=0 'app'",
                "journalctl -u 'app' -n '50' --no-pager");
        assertThat(HOSTS.get("app-2").state().unitActive("app")).isFalse();
    }

    // ---- host_unreachable ------------------------------------------------------------------------------------

    @Test
    void hostUnreachableEscalatesWithTheRefusedConnect() throws Exception {
        JsonNode incident = decided(fire("acme", "down-1", "host_unreachable", Map.of()));

        assertThat(incident.path("outcome").asText()).isEqualTo("ESCALATED");
        assertThat(incident.path("outcomeReason").asText()).startsWith("host down-1 is unreachable from the hub: "
                + "connection refused on 127.0.0.1:" + closedPort + "\n");
        assertThat(kinds(incident)).containsExactly("received", "scenario_started", "probe", "outcome");
        JsonNode probe = entries(incident, "probe").get(0).path("detail");
        assertThat(probe.path("probe").asText()).isEqualTo("tcp");
        assertThat(probe.path("target").asText()).isEqualTo("127.0.0.1:" + closedPort);
        assertThat(probe.path("connected").asBoolean()).isFalse();
        assertThat(probe.path("error").asText()).isEqualTo("connection refused");
    }

    @Test
    void hostUnreachableThatAnswersNowIsHandedOverWithTheEvidence() throws Exception {
        JsonNode incident = decided(fire("acme", "up-1", "host_unreachable", Map.of()));

        assertThat(incident.path("outcome").asText()).isEqualTo("HANDED_OVER");
        assertThat(incident.path("outcomeReason").asText()).startsWith("host up-1 is reachable from the hub now "
                + "(ssh login worked); nothing was changed\n").contains("- uptime: ");
        assertThat(kinds(incident)).containsExactly("received", "scenario_started", "probe", "ssh", "outcome");
        assertThat(entries(incident, "probe").get(0).path("detail").path("banner").asText()).startsWith("SSH-2.0-");
        assertThat(received("up-1")).containsExactly("uptime");
    }

    // ---- the dispatcher's own verdicts -----------------------------------------------------------------------

    @Test
    void anAlertTheHubCannotClassifyEscalatesAtOnce() throws Exception {
        String id = incidentOf(post("acme", Map.of("status", "firing",
                "name", "Quarterly report generator stalled #" + ALERTS.incrementAndGet(),
                "resource", Map.of("host", "nobind-1"))));
        JsonNode incident = decided(id);

        assertThat(incident.path("alertClass").asText()).isEqualTo("unknown");
        assertThat(incident.path("outcome").asText()).isEqualTo("ESCALATED");
        assertThat(incident.path("outcomeReason").asText())
                .isEqualTo("alert class unknown: the hub cannot tell what this alert is, so a person takes it");
        assertThat(incident.has("scenario")).isFalse();
        assertThat(kinds(incident)).containsExactly("received", "outcome");
    }

    @Test
    void anAlertClassTheCustomerBoundNoScenarioForEscalatesAtOnce() throws Exception {
        JsonNode incident = decided(fire("acme", "nobind-1", "cert_expiry", Map.of()));

        assertThat(incident.path("outcome").asText()).isEqualTo("ESCALATED");
        assertThat(incident.path("outcomeReason").asText()).isEqualTo("no scenario bound for alert class cert_expiry "
                + "on host nobind-1 (customers/acme/routes.camel.yaml has 8 bindings)");
        assertThat(kinds(incident)).containsExactly("received", "outcome");
    }

    @Test
    void aSilencedIncidentIsSuppressedAndTheHostIsNeverContacted() throws Exception {
        JsonNode incident = await().atMost(DECIDED_WITHIN).until(
                () -> incident(fire("acme", "maint-1", "disk_usage", Map.of())),
                i -> i.path("state").asText().equals("SUPPRESSED"));
        String id = incident.path("id").asText();
        incident = incident(id);

        assertThat(incident.path("outcomeReason").asText())
                .startsWith("suppressed by silence maint-window until 2099-01-01T00:00:00Z (定期メンテナンス)");
        assertThat(kinds(incident)).containsExactly("received", "suppressed");
        assertThat(entries(incident, "suppressed").get(0).path("detail").path("silence").asText())
                .isEqualTo("maint-window");
        assertThat(HOSTS.get("maint-1").sessionsCreated()).isZero();
    }

    // ---- SSH failures ----------------------------------------------------------------------------------------

    @Test
    void aCommandThatHangsIsGivenUpAfterTheCommandTimeoutAndEscalates() throws Exception {
        try (SimulatedHost.Hold hang = HOSTS.get("hang-1").hold(line -> line.startsWith("df "))) {
            JsonNode incident = decided(fire("acme", "hang-1", "disk_usage", Map.of()));

            assertThat(incident.path("outcome").asText()).isEqualTo("ESCALATED");
            assertThat(incident.path("outcomeReason").asText()).isEqualTo("command disk_usage.usage timed out after "
                    + "5 s on host hang-1: the host is not answering normally and what the command did is unknown");
            assertThat(kinds(incident)).containsExactly("received", "scenario_started", "ssh", "outcome");
            JsonNode ssh = entries(incident, "ssh").get(0).path("detail");
            assertThat(ssh.path("command").asText()).isEqualTo("df -P '/'");
            assertThat(ssh.path("timedOut").asBoolean()).isTrue();
            // about the 5 s timeout (the duration is counted from a slightly later start and cut to whole ms), not
            // waiting for the held command, which the host never answers
            assertThat(ssh.path("durationMs").asLong()).isBetween(4_900L, 15_000L);
            assertThat(hang.arrived()).isEqualTo(1);
            // the hub closed the channel: the host saw the command end without an answer, and nothing after it
            await().atMost(DECIDED_WITHIN).untilAsserted(() -> assertThat(HOSTS.get("hang-1").received())
                    .extracting(SimulatedHost.ReceivedCommand::line, SimulatedHost.ReceivedCommand::exitCode)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("df -P '/'", SimulatedHost.ABANDONED)));
        }
    }

    @Test
    void aChangedHostKeyEscalatesAndTheHostNeverReceivesACommand() throws Exception {
        JsonNode incident = decided(fire("acme", "keychg-1", "disk_usage", Map.of()));

        assertThat(incident.path("outcome").asText()).isEqualTo("ESCALATED");
        assertThat(incident.path("outcomeReason").asText())
                .startsWith("host key changed: host key changed for host \"keychg-1\"");
        assertThat(kinds(incident)).containsExactly("received", "scenario_started", "ssh_failed", "outcome");
        JsonNode failed = entries(incident, "ssh_failed").get(0).path("detail");
        assertThat(failed.path("failure").asText()).isEqualTo("HOST_KEY_CHANGED");
        assertThat(failed.path("command").asText()).isEqualTo("df -P '/'");
        assertThat(received("keychg-1")).isEmpty();
    }

    @Test
    void aHostThatDoesNotAcceptTheHubsKeyEscalatesAsALoginFailure() throws Exception {
        JsonNode incident = decided(fire("acme", "auth-1", "disk_usage", Map.of()));

        assertThat(incident.path("outcome").asText()).isEqualTo("ESCALATED");
        assertThat(incident.path("outcomeReason").asText()).startsWith("ssh login refused: ");
        assertThat(entries(incident, "ssh_failed").get(0).path("detail").path("failure").asText())
                .isEqualTo("AUTH_FAILED");
        assertThat(HOSTS.get("auth-1").sessionsCreated()).isEqualTo(1);
        assertThat(received("auth-1")).isEmpty();
    }

    @Test
    void aClosedSshPortEscalatesAsConnectFailed() throws Exception {
        JsonNode incident = decided(fire("acme", "refused-1", "disk_usage", Map.of()));

        assertThat(incident.path("outcome").asText()).isEqualTo("ESCALATED");
        assertThat(incident.path("outcomeReason").asText()).startsWith("cannot reach the host over ssh: ");
        assertThat(kinds(incident)).containsExactly("received", "scenario_started", "ssh_failed", "outcome");
        assertThat(entries(incident, "ssh_failed").get(0).path("detail").path("failure").asText())
                .isEqualTo("CONNECT_FAILED");
    }

    // ---- safety ----------------------------------------------------------------------------------------------

    @Test
    void theThirdRestartOnOneHostWithinTheWindowIsARestartLoopAndIsNotRun() throws Exception {
        SimulatedHost host = HOSTS.get("loop-1");
        for (int i = 0; i < 2; i++) {
            assertThat(decided(fire("acme", "loop-1", "process_down", Map.of("unit", "app"))).path("outcome").asText())
                    .isEqualTo("RESOLVED");
            host.reset(); // the unit crashes again
        }

        JsonNode third = decided(fire("acme", "loop-1", "process_down", Map.of("unit", "app")));

        assertThat(third.path("outcome").asText()).isEqualTo("ESCALATED");
        assertThat(third.path("outcomeReason").asText()).startsWith("restart loop: 2 remediations of process_down on "
                + "loop-1 within 1h (limit 2); not trying again\n");
        assertThat(kinds(third)).containsExactly("received", "scenario_started", "ssh", "ssh", "ssh",
                "remediation_refused", "outcome");
        assertThat(host.receivedLines()).filteredOn(line -> line.contains("restart"))
                .containsExactly("sudo -n systemctl restart 'app'", "sudo -n systemctl restart 'app'");
        assertThat(host.state().unitActive("app")).isFalse();
    }

    @Test
    void theHubWideDryRunSwitchRunsChecksButOnlyRecordsTheCleaning() throws Exception {
        assertThat(switches(true, true).path("dryRun").asBoolean()).isTrue();
        try {
            assertDryRun("acme", "dryh-1");
        } finally {
            assertThat(switches(true, false).path("dryRun").asBoolean()).isFalse();
        }
    }

    @Test
    void aCustomersDryRunRunsChecksButOnlyRecordsTheCleaning() throws Exception {
        assertDryRun("dryco", "dryc-1");
    }

    @Test
    void aBindingsDryRunRunsChecksButOnlyRecordsTheCleaning() throws Exception {
        assertDryRun("acme", "dryb-1");
    }

    void assertDryRun(String customer, String host) throws Exception {
        JsonNode incident = decided(fire(customer, host, "disk_usage", Map.of()));

        assertThat(incident.path("outcome").asText()).isEqualTo("HANDED_OVER");
        assertThat(incident.path("outcomeReason").asText())
                .startsWith("dry-run: remediation recorded as \"would run\", not run\n")
                .contains("- dry-run: would run find '/var/log/app' -xdev -type f -mtime +'7' -print -delete")
                .contains("Left for you:\n- clean files older than 7 days in /var/log/app (dry-run: the hub only "
                        + "recorded it)");
        assertThat(entries(incident, "scenario_started").get(0).path("detail").path("dryRun").asBoolean()).isTrue();
        assertThat(kinds(incident)).containsExactly("received", "scenario_started", "ssh", "ssh", "ssh", "would_run",
                "outcome");
        assertThat(commands(incident, "would_run"))
                .containsExactly("find '/var/log/app' -xdev -type f -mtime +'7' -print -delete");
        assertThat(received(host)).containsExactly("df -P '/'", "timeout 20 du -x -k -d 1 '/'",
                "du -x -k -s '/var/log/app'");
        assertThat(HOSTS.get(host).state().diskUsagePercent()).isEqualTo(93);
    }

    @Test
    void theKillSwitchEscalatesAtOnceWithoutTouchingTheHost() throws Exception {
        assertThat(switches(false, false).path("enabled").asBoolean()).isFalse();
        JsonNode incident;
        try {
            incident = decided(fire("acme", "kill-1", "disk_usage", Map.of()));
        } finally {
            assertThat(switches(true, false).path("enabled").asBoolean()).isTrue();
        }

        assertThat(incident.path("outcome").asText()).isEqualTo("ESCALATED");
        assertThat(incident.path("outcomeReason").asText())
                .isEqualTo("automation is switched off (hub-wide kill switch): no scenario ran");
        assertThat(kinds(incident)).containsExactly("received", "outcome");
        assertThat(HOSTS.get("kill-1").sessionsCreated()).isZero();
    }

    @Test
    void aCustomerWithAutomationSwitchedOffEscalatesAtOnceWithoutTouchingTheHost() throws Exception {
        JsonNode incident = decided(fire("offco", "off-1", "disk_usage", Map.of()));

        assertThat(incident.path("outcome").asText()).isEqualTo("ESCALATED");
        assertThat(incident.path("outcomeReason").asText()).isEqualTo("automation is switched off "
                + "(customers/offco/customer.yaml scenarios.enabled): no scenario ran");
        assertThat(HOSTS.get("off-1").sessionsCreated()).isZero();
    }

    @Test
    void anIncidentAcknowledgedWhileTheScenarioGathersGetsNoRemediation() throws Exception {
        SimulatedHost host = HOSTS.get("ack-1");
        try (SimulatedHost.Hold gathering = host.hold(line -> line.startsWith("du -x -k -s "))) {
            String id = fire("acme", "ack-1", "disk_usage", Map.of());
            await().atMost(DECIDED_WITHIN).until(gathering::arrived, n -> n == 1);

            HttpResponse<String> ack = send(HttpRequest.newBuilder(url("/api/v1/incidents/" + id + "/ack"))
                    .POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
            gathering.release();
            JsonNode incident = decided(id);

            assertThat(incident.path("state").asText()).isEqualTo("ACKNOWLEDGED");
            assertThat(incident.path("acknowledgedBy").asText()).isEqualTo("demo");
            assertThat(incident.path("outcome").asText()).isEqualTo("HANDED_OVER");
            assertThat(incident.path("outcomeReason").asText()).startsWith("the incident became ACKNOWLEDGED (by demo) "
                    + "while the scenario ran: remediation left to a person\n");
            assertThat(kinds(incident)).containsSubsequence("acknowledged", "ssh", "remediation_skipped", "outcome")
                    .doesNotContain("would_run");
            assertThat(received("ack-1")).containsExactly("df -P '/'", "timeout 20 du -x -k -d 1 '/'",
                    "du -x -k -s '/var/log/app'");
            assertThat(host.state().diskUsagePercent()).isEqualTo(93);
        }
    }

    @Test
    void anIncidentTheSourceResolvesWhileTheScenarioGathersGetsNoRemediation() throws Exception {
        SimulatedHost host = HOSTS.get("res-1");
        try (SimulatedHost.Hold gathering = host.hold(line -> line.startsWith("du -x -k -s "))) {
            String name = "Disk usage high #" + ALERTS.incrementAndGet();
            String id = incidentOf(post("acme", alert("firing", name, "res-1", "disk_usage", Map.of())));
            await().atMost(DECIDED_WITHIN).until(gathering::arrived, n -> n == 1);

            assertThat(incidentOf(post("acme", alert("resolved", name, "res-1", "disk_usage", Map.of()))))
                    .isEqualTo(id);
            gathering.release();
            JsonNode incident = decided(id);

            assertThat(incident.path("state").asText()).isEqualTo("RESOLVED");
            assertThat(incident.path("sourceStatus").asText()).isEqualTo("resolved");
            assertThat(incident.path("outcome").asText()).isEqualTo("HANDED_OVER");
            assertThat(incident.path("outcomeReason").asText()).startsWith("the source resolved the alert while the "
                    + "scenario ran: remediation stopped, nothing changed\n");
            assertThat(kinds(incident)).containsSubsequence("resolved_by_source", "ssh", "remediation_skipped",
                    "outcome");
            assertThat(received("res-1")).noneMatch(line -> line.startsWith("find "));
            assertThat(host.state().diskUsagePercent()).isEqualTo(93);
        }
    }

    // ---- hostile alert values --------------------------------------------------------------------------------

    static Stream<String> hostileValues() {
        return HOSTILE_VALUES.stream();
    }

    @ParameterizedTest
    @MethodSource("hostileValues")
    void aHostileAlertValueIsNeverSentAndTheIncidentEscalates(String value) throws Exception {
        String unitAlert = fire("acme", "hostile-1", "process_down", Map.of("unit", value));
        String mountpointAlert = fire("acme", "hostile-1", "disk_usage", Map.of("mountpoint", "/var/" + value));

        assertRefused(decided(unitAlert), "process_down.state", "unit");
        assertRefused(decided(mountpointAlert), "disk_usage.usage", "path");
        assertThat(HOSTS.get("hostile-1").sessionsCreated()).as("not even a connection").isZero();
        assertThat(HOSTS.get("hostile-1").receivedLines()).isEmpty();
    }

    static void assertRefused(JsonNode incident, String command, String parameter) {
        String refusal = "command \"" + command + "\": parameter \"" + parameter + "\": ";
        assertThat(incident.path("outcome").asText()).isEqualTo("ESCALATED");
        assertThat(incident.path("outcomeReason").asText()).startsWith("refused to run " + command + ": " + refusal);
        assertThat(kinds(incident)).containsExactly("received", "scenario_started", "ssh_refused", "outcome");
        JsonNode refused = entries(incident, "ssh_refused").get(0).path("detail");
        // the timeline names the value escaped and cut short: one line, no reordering characters, no 10 KB
        assertThat(refused.path("error").asText()).startsWith(refusal).doesNotContain("\n", "\u202E")
                .hasSizeLessThan(400);
    }

    @Test
    void aValidValueFromTheAlertIsSentSingleQuotedExactly() throws Exception {
        JsonNode incident = decided(fire("acme", "hostile-ok", "disk_usage", Map.of("mountpoint", "/home/hub")));

        assertThat(incident.path("outcome").asText()).isEqualTo("HANDED_OVER");
        assertThat(received("hostile-ok")).containsExactly("df -P '/home/hub'");
        assertThat(commands(incident, "ssh")).containsExactly("df -P '/home/hub'");
    }

    // ---- the templates the public rule sets need (customer "cov") --------------------------------------------

    @Test
    void timeSyncRestartsTheAllowListedTimeDaemonAndVerifiesTheClockSynchronised() throws Exception {
        JsonNode incident = decided(fire("cov", "time-1", "time_sync", Map.of()));

        assertThat(incident.path("outcome").asText()).as(incident.toString()).isEqualTo("RESOLVED");
        assertThat(incident.path("scenario").asText()).isEqualTo("cov.time");
        assertThat(incident.path("outcomeReason").asText())
                .startsWith("restarted chrony: the clock is synchronised again (offset -0.0 ms)\n")
                .contains("- clock synchronised: no", "- leap status: Not synchronised",
                        "- offset from NTP time: +2314.0 ms");
        assertThat(received("time-1")).containsExactly(
                "timedatectl show --property=NTPSynchronized --value",
                "chronyc -n tracking",
                "chronyc -n sources",
                "systemctl status --no-pager --lines=0 'chrony'",
                "journalctl -u 'chrony' -n '30' --no-pager",
                "sudo -n systemctl restart 'chrony'",
                "systemctl is-active 'chrony'",
                "timedatectl show --property=NTPSynchronized --value",
                "chronyc -n tracking");
        assertThat(HOSTS.get("time-1").state().clockSynchronisedNow()).isTrue();
    }

    @Test
    void timeSyncWithoutAnAllowListedDaemonIsHandedOverWithTheTrackingData() throws Exception {
        JsonNode incident = decided(fire("cov", "time-2", "time_sync", Map.of()));

        assertThat(incident.path("outcome").asText()).isEqualTo("HANDED_OVER");
        assertThat(incident.path("scenario").asText()).isEqualTo("cov.time-gather");
        assertThat(incident.path("outcomeReason").asText())
                .startsWith("unit chrony is not allow-listed for restart: status and journal gathered\n")
                .contains("- offset from NTP time: +2314.0 ms", "time sources:\n")
                .contains("- check the time daemon's servers and the firewall to them (UDP port 123)");
        assertThat(received("time-2")).noneMatch(line -> line.contains("restart"));
        assertThat(HOSTS.get("time-2").state().clockSynchronisedNow()).isFalse();
    }

    @Test
    void agentDownFindsTheAgentRestartsItAndVerifiesItActive() throws Exception {
        JsonNode incident = decided(fire("cov", "agent-1", "agent_down", Map.of()));

        assertThat(incident.path("outcome").asText()).as(incident.toString()).isEqualTo("RESOLVED");
        assertThat(incident.path("outcomeReason").asText())
                .startsWith("restarted the monitoring agent node_exporter.service: active again\n")
                .contains("- agent unit node_exporter.service: failed (failed)")
                .contains("- last journal line: ");
        assertThat(received("agent-1")).containsExactly(
                "systemctl list-units --all --plain --no-legend --no-pager node_exporter.service "
                        + "prometheus-node-exporter.service zabbix-agent2.service zabbix-agent.service",
                "systemctl is-active 'node_exporter.service'",
                "systemctl status --no-pager --lines=0 'node_exporter.service'",
                "journalctl -u 'node_exporter.service' -n '50' --no-pager",
                "sudo -n systemctl restart 'node_exporter.service'",
                "systemctl is-active 'node_exporter.service'");
        assertThat(HOSTS.get("agent-1").state().unitActive("node_exporter")).isTrue();
    }

    @Test
    void hostRestartedThatCameBackHealthyIsResolvedWithHowThePreviousBootEnded() throws Exception {
        JsonNode incident = decided(fire("cov", "boot-1", "host_restarted", Map.of()));

        assertThat(incident.path("outcome").asText()).isEqualTo("RESOLVED");
        assertThat(incident.path("outcomeReason").asText())
                .startsWith("the host restarted and came back healthy: no failed units\n")
                // up some minutes: the host came back 4 minutes before the hub started, the test runs later
                .containsPattern("- uptime: .* up 0 days,  [0-9]:[0-9]{2},")
                .contains("- the previous boot ended with: ", "Kernel panic - not syncing");
        assertThat(received("boot-1")).containsExactly("uptime", "journalctl --list-boots --no-pager",
                "journalctl -b -1 -n '30' --no-pager", "systemctl list-units --failed --plain --no-legend --no-pager");
    }

    @Test
    void hostRestartedWithAFailedUnitIsHandedOverNamingIt() throws Exception {
        JsonNode incident = decided(fire("cov", "boot-2", "host_restarted", Map.of()));

        assertThat(incident.path("outcome").asText()).isEqualTo("HANDED_OVER");
        assertThat(incident.path("outcomeReason").asText())
                .startsWith("the host restarted and 1 unit failed: app.service\n")
                .contains("- bring back the units that failed after the restart: app.service");
    }

    @Test
    void filesystemFaultHandsOverTheReadOnlyMountAndTheKernelErrors() throws Exception {
        JsonNode incident = decided(fire("cov", "rofs-1", "filesystem_fault", Map.of("mountpoint", "/")));

        assertThat(incident.path("outcome").asText()).isEqualTo("HANDED_OVER");
        assertThat(incident.path("outcomeReason").asText())
                .startsWith("filesystem fault on /: mount state and kernel errors gathered\n")
                .contains("- / is ext4 on /dev/vda1, mounted READ-ONLY (ro,relatime,errors=remount-ro)")
                .contains("3 filesystem or I/O error lines, last: ", "Remounting filesystem read-only")
                .contains("fsck and remount it read-write in a maintenance window");
        assertThat(received("rofs-1")).hasSize(2).first().isEqualTo("findmnt -n -o TARGET,SOURCE,FSTYPE,OPTIONS -T '/'");
    }

    @Test
    void diskIoHandsOverPressureIostatAndTheProcessesWaitingOnIo() throws Exception {
        JsonNode incident = decided(fire("cov", "io-1", "disk_io", Map.of("device", "vda")));

        assertThat(incident.path("outcome").asText()).isEqualTo("HANDED_OVER");
        assertThat(incident.path("outcomeReason").asText())
                .startsWith("disk I/O diagnostics gathered; the hub changes nothing for I/O load\n")
                .contains("- I/O pressure some avg10=78.41", "iostat:\nDevice ", "vda ")
                .contains("3 processes waiting on I/O: D    7311 backup   tar");
        assertThat(received("io-1")).containsExactly("cat /proc/pressure/io", "iostat -dxy 1 1",
                "ps -eo state,pid,user,comm --no-headers");
    }

    @Test
    void networkInterfaceHandsOverTheErrorCountersAndTheNegotiatedSpeed() throws Exception {
        JsonNode incident = decided(fire("cov", "nic-1", "network_interface", Map.of("device", "eth0")));

        assertThat(incident.path("outcome").asText()).isEqualTo("HANDED_OVER");
        assertThat(incident.path("outcomeReason").asText())
                .startsWith("network interface diagnostics gathered for eth0\n")
                .contains("- eth0 is UP (BROADCAST,MULTICAST,UP,LOWER_UP)", "- RX bytes 9876543210 packets 8765432 "
                        + "errors 48211 dropped 2410", "- eth0 speed: 100Mb/s");
        assertThat(received("nic-1")).containsExactly("ip -s -d link show dev 'eth0'", "ethtool 'eth0'");
    }

    @Test
    void kernelLimitHandsOverEachTablesUseAgainstItsLimit() throws Exception {
        JsonNode incident = decided(fire("cov", "fd-1", "kernel_limit", Map.of()));

        assertThat(incident.path("outcome").asText()).isEqualTo("HANDED_OVER");
        assertThat(incident.path("outcomeReason").asText())
                .startsWith("kernel limit usage gathered; the hub changes no kernel settings\n")
                .contains("- file descriptors: 761856 of 819200 (93 %)", "- conntrack entries: 212 of 262144 (0 %)",
                        "- threads: ", "most threads (threads pid user command):");
    }

    @Test
    void hardwareHandsOverTheDegradedArrayAndTheKernelsDiskErrors() throws Exception {
        JsonNode incident = decided(fire("cov", "raid-1", "hardware", Map.of("device", "md0")));

        assertThat(incident.path("outcome").asText()).isEqualTo("HANDED_OVER");
        assertThat(incident.path("outcomeReason").asText())
                .startsWith("hardware diagnostics gathered; a person takes the repair\n")
                .contains("- md0 (active raid1, a member failed): DEGRADED 1 of 2 members up [U_]")
                .contains("2 hardware error lines, last: ", "md/raid1:md0: Disk failure on vdc1")
                .contains("sensors is not installed on the host");
        assertThat(received("raid-1")).noneMatch(line -> line.contains("smartctl"));
    }

    @Test
    void anInodeAlertCountsInodesCleansTheAllowListedOldFilesAndIsResolved() throws Exception {
        String id = incidentOf(post("cov", named("NodeFilesystemAlmostOutOfFiles", "inode-1",
                Map.of("mountpoint", "/", "device", "/dev/vda1"))));
        JsonNode incident = decided(id);

        assertThat(incident.path("alertClass").asText()).isEqualTo("disk_usage");
        assertThat(incident.path("outcome").asText()).as(incident.toString()).isEqualTo("RESOLVED");
        assertThat(incident.path("outcomeReason").asText())
                .startsWith("cleaned /var/log/app, /var/spool/app/sessions: / went from 92 % to 36 % of inodes "
                        + "(threshold 90 %)\n")
                .contains("- / is 92 % of its inodes used (threshold 90 %)");
        assertThat(received("inode-1")).containsExactly(
                "df -P -i '/'",
                "timeout 20 du -x --inodes -d 1 '/'",
                "du -x --inodes -s '/var/log/app'",
                "du -x --inodes -s '/var/spool/app/sessions'",
                "find '/var/log/app' -xdev -type f -mtime +'7' -print -delete",
                "find '/var/spool/app/sessions' -xdev -type f -mtime +'7' -print -delete",
                "df -P -i '/'");
        assertThat(HOSTS.get("inode-1").state().inodeUsagePercent()).isEqualTo(36);
    }

    @Test
    void aZabbix7FilesystemTriggerIsClassifiedAsDiskUsageAndCleaned() throws Exception {
        HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(url("/api/v1/customers/cov/alerts/zabbix"))
                .header("Authorization", "Bearer " + token("cov")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"event_id\":\"cov-z-1\",\"event_status\":\"PROBLEM\","
                        + "\"trigger_name\":\"Linux: FS [/]: Space is critically low (used > 90%)\","
                        + "\"host\":\"zdisk-1\",\"severity\":\"High\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode incident = decided(incidentOf(accepted));

        assertThat(incident.path("alertClass").asText()).isEqualTo("disk_usage");
        assertThat(incident.path("outcome").asText()).isEqualTo("RESOLVED");
        assertThat(incident.path("outcomeReason").asText()).startsWith("cleaned /var/log/app, /var/spool/app/sessions: "
                + "/ went from 93 % to 41 % (threshold 90 %)\n");
    }

    @Test
    void againstRealOpenSshTheNewTemplatesReadTheRealSystem() throws Exception {
        Assumptions.assumeTrue(sshd != null, () -> "real OpenSSH test skipped: " + sshdProblem);

        JsonNode inodes = decided(incidentOf(post("cov", named("HostOutOfInodes", "openssh-1", Map.of()))));
        assertThat(inodes.path("scenario").asText()).isEqualTo("cov.disk-readonly");
        JsonNode df = entries(inodes, "ssh").get(0).path("detail");
        assertThat(df.path("command").asText()).isEqualTo("df -P -i '/'");
        assertThat(exitCode(df)).isZero();
        assertThat(df.path("stdout").asText()).startsWith("Filesystem").contains("IUse%");
        assertThat(inodes.path("outcomeReason").asText()).matches("(?s)/ is below the threshold now \\(\\d+ % of "
                + "inodes\\): nothing changed\n.*");

        JsonNode nic = decided(fire("cov", "openssh-1", "network_interface", Map.of("device", "lo")));
        JsonNode ip = entries(nic, "ssh").get(0).path("detail");
        assertThat(ip.path("command").asText()).isEqualTo("ip -s -d link show dev 'lo'");
        assertThat(exitCode(ip)).as(nic.toString()).isZero();
        assertThat(nic.path("outcomeReason").asText()).contains("- lo is UNKNOWN (LOOPBACK,UP,LOWER_UP)", "- RX bytes ");

        JsonNode time = decided(fire("cov", "openssh-1", "time_sync", Map.of()));
        JsonNode timedatectl = entries(time, "ssh").get(0).path("detail");
        assertThat(timedatectl.path("command").asText()).isEqualTo("timedatectl show --property=NTPSynchronized --value");
        // a container without systemd answers with an error the hand-over names; a real host says yes or no
        assertThat(time.path("outcome").asText()).isIn("HANDED_OVER", "ESCALATED");
        assertThat(time.path("outcomeReason").asText()).containsPattern("clock synchronised: (yes|no)|whether the "
                + "clock is synchronised: timedatectl (exit|is not installed)");
    }

    /** A firing generic alert called {@code name} on {@code host}, its class left to the hub's rules. */
    static Map<String, Object> named(String name, String host, Map<String, String> labels) {
        return Map.of("status", "firing", "name", name + " #" + ALERTS.incrementAndGet(),
                "resource", Map.of("host", host), "labels", labels);
    }

    // ---- real OpenSSH ----------------------------------------------------------------------------------------

    @Test
    void againstRealOpenSshTheChecksRunAndNothingIsChanged() throws Exception {
        Assumptions.assumeTrue(sshd != null, () -> "real OpenSSH test skipped: " + sshdProblem);

        JsonNode reachable = decided(fire("acme", "openssh-1", "host_unreachable", Map.of()));
        assertThat(reachable.path("outcome").asText()).isEqualTo("HANDED_OVER");
        assertThat(entries(reachable, "probe").get(0).path("detail").path("banner").asText())
                .startsWith("SSH-2.0-OpenSSH_");
        JsonNode uptime = entries(reachable, "ssh").get(0).path("detail");
        assertThat(uptime.path("command").asText()).isEqualTo("uptime");
        assertThat(exitCode(uptime)).as(reachable.toString()).isZero();
        assertThat(uptime.path("stdout").asText()).contains(" up ", "load average");

        JsonNode disk = decided(fire("acme", "openssh-1", "disk_usage", Map.of()));
        assertThat(disk.path("outcome").asText()).isEqualTo("HANDED_OVER");
        assertThat(disk.path("scenario").asText()).isEqualTo("acme.disk-readonly");
        JsonNode df = entries(disk, "ssh").get(0).path("detail");
        assertThat(df.path("command").asText()).isEqualTo("df -P '/'");
        assertThat(exitCode(df)).isZero();
        assertThat(df.path("stdout").asText()).startsWith("Filesystem").containsPattern("\\d+% /\\n");
        assertThat(disk.path("outcomeReason").asText()).matches("(?s)/ is below the threshold now \\(\\d+ %\\): "
                + "nothing changed\n.*");
    }

    /**
     * Starts Debian's sshd as the current user on a free loopback port with a generated host key and the hub's key
     * authorized, and returns its customer.yaml host entry; empty (with the reason kept) when it cannot start.
     */
    static String startOpenSsh() throws Exception {
        Path binary = Path.of("/usr/sbin/sshd");
        if (!Files.isExecutable(binary)) {
            sshdProblem = "/usr/sbin/sshd not found (Debian package openssh-server)";
            return "";
        }
        sshdDir = Files.createDirectories(tmp.resolve("openssh"));
        KeyPair hostKey = DemoFleetKeys.newClientKey();
        Path hostKeyFile = sshdDir.resolve("host_ed25519");
        Files.writeString(hostKeyFile, DemoFleetKeys.openSshPrivateKey(hostKey));
        Files.setPosixFilePermissions(hostKeyFile, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(sshdDir.resolve("authorized_keys"), DemoFleetKeys.publicKeyLine(HUB_KEY.getPublic()) + "\n");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String user = System.getProperty("user.name");
        Files.writeString(sshdDir.resolve("sshd_config"), String.join("\n",
                "ListenAddress 127.0.0.1",
                "Port " + port,
                "HostKey " + hostKeyFile,
                "AuthorizedKeysFile " + sshdDir.resolve("authorized_keys"),
                "AllowUsers " + user,
                "PidFile none",
                "UsePAM no",
                "StrictModes no",
                "PubkeyAuthentication yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PermitRootLogin prohibit-password",
                "PermitTTY no",
                "AllowTcpForwarding no",
                "X11Forwarding no",
                "LogLevel VERBOSE", ""));
        // sshd started as root insists on its privilege separation directory, which Debian's service unit creates
        Path privsep = Path.of("/run/sshd");
        if ("root".equals(user) && !Files.isDirectory(privsep)) {
            try {
                Files.createDirectories(privsep);
            } catch (IOException e) {
                sshdProblem = "sshd runs as root here and needs " + privsep + ", which cannot be created: " + e;
                return "";
            }
        }
        // -E, not -e: with -e the session child logs to its stderr, which becomes the channel's, and now and then an
        // exec never ends (seen here about once in 50 logins)
        Path log = sshdDir.resolve("sshd.log");
        Process process = new ProcessBuilder(binary.toString(), "-D", "-E", log.toString(), "-f",
                sshdDir.resolve("sshd_config").toString()).redirectErrorStream(true)
                .redirectOutput(sshdDir.resolve("sshd.out").toFile()).start();
        boolean listening = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!listening && process.isAlive() && System.nanoTime() < deadline) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                listening = true;
            } catch (IOException notYet) {
                process.waitFor(50, TimeUnit.MILLISECONDS);
            }
        }
        if (!listening) {
            process.destroy();
            sshdProblem = "sshd did not start: " + Files.readString(sshdDir.resolve("sshd.out")).strip()
                    + (Files.exists(log) ? " " + Files.readString(log).strip() : "");
            return "";
        }
        sshd = process;
        return hostYaml("openssh-1", port, user, DemoFleetKeys.publicKeyLine(hostKey.getPublic()));
    }

    // ---- talking to the hub ----------------------------------------------------------------------------------

    /** POSTs one firing alert of {@code alertClass} on {@code host} and returns its incident's id. */
    String fire(String customer, String host, String alertClass, Map<String, String> labels) throws Exception {
        return incidentOf(post(customer, alert("firing", alertClass + " alert #" + ALERTS.incrementAndGet(), host,
                alertClass, labels)));
    }

    static Map<String, Object> alert(String status, String name, String host, String alertClass,
                                     Map<String, String> labels) {
        return Map.of("status", status, "name", name, "alertClass", alertClass, "resource", Map.of("host", host),
                "labels", labels);
    }

    HttpResponse<String> post(String customer, Map<String, Object> alert) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(url("/api/v1/customers/" + customer
                        + "/alerts/generic")).header("Authorization", "Bearer " + token(customer))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(alert))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return r;
    }

    String incidentOf(HttpResponse<String> accepted) throws Exception {
        String alertId = json.readTree(accepted.body()).path("alertIds").get(0).asText();
        return getJson("/api/v1/alerts/" + alertId).path("incidentId").asText();
    }

    /** The incident once its scenario (or the dispatcher) decided. */
    JsonNode decided(String incidentId) {
        return await().atMost(DECIDED_WITHIN).until(() -> incident(incidentId), i -> i.hasNonNull("decidedAt")
                && kinds(i).contains("outcome"));
    }

    JsonNode incident(String id) throws Exception {
        return getJson("/api/v1/incidents/" + id);
    }

    JsonNode switches(boolean enabled, boolean dryRun) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(url("/api/v1/scenarios/switches"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"enabled\":" + enabled + ",\"dryRun\":" + dryRun + "}")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }

    JsonNode getJson(String path) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(url(path)).GET());
        assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }

    /** As operator "demo" (admin in the demo profile), with HTTP Basic like curl. */
    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        String basic = Base64.getEncoder().encodeToString("demo:demo".getBytes(StandardCharsets.UTF_8));
        return http.send(request.header("Authorization", "Basic " + basic).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    static List<String> kinds(JsonNode incident) {
        return stream(incident.path("timeline")).map(e -> e.path("kind").asText()).toList();
    }

    static List<JsonNode> entries(JsonNode incident, String kind) {
        return stream(incident.path("timeline")).filter(e -> e.path("kind").asText().equals(kind)).toList();
    }

    /** The command lines of the timeline entries of {@code kind}, exactly as recorded. */
    static List<String> commands(JsonNode incident, String kind) {
        return entries(incident, kind).stream().map(e -> e.path("detail").path("command").asText()).toList();
    }

    /** The exit code an ssh timeline entry recorded; null when there is none (timed out, killed by a signal). */
    static Integer exitCode(JsonNode detail) {
        return detail.path("exitCode").isInt() ? detail.get("exitCode").intValue() : null;
    }

    static List<String> received(String host) {
        return HOSTS.get(host).receivedLines();
    }

    static Stream<JsonNode> stream(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false);
    }
}
