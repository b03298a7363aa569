package io.alerthub.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.alerthub.config.CustomerConfig;
import io.alerthub.config.CustomerRegistry;
import io.alerthub.config.CustomerRegistryProperties;
import io.alerthub.config.HostConfig;
import io.alerthub.scenario.ssh.CommandTemplate;
import io.alerthub.scenario.ssh.ParamType;
import io.alerthub.scenario.ssh.SshException;
import io.alerthub.scenario.ssh.SshExecutor;
import io.alerthub.scenario.ssh.SshProperties;
import io.alerthub.scenario.ssh.SshResult;
import java.net.ServerSocket;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The demo fleet over real SSH, driven the way scenarios drive it: the hub's {@link SshExecutor} logs in with the
 * demo customer's own host settings (customers/demo/customer.yaml, host keys verified) and sends command lines
 * rendered by {@link CommandTemplate}s shaped like the scenario templates'.
 */
class DemoFleetIT {
    private static final CommandTemplate DF = CommandTemplate.builder("usage", "df -P {{path}}")
            .param("path", ParamType.PATH).build();
    private static final CommandTemplate DU_TOP = CommandTemplate.builder("biggest_dirs",
            "timeout 20 du -x -k -d 1 {{path}}").param("path", ParamType.PATH).build();
    private static final CommandTemplate CLEAN = CommandTemplate.builder("clean",
            "find {{dir}} -xdev -type f -mtime +{{days}} -print -delete")
            .param("dir", ParamType.PATH).param("days", ParamType.integer(1, 3650)).build();
    private static final CommandTemplate IS_ACTIVE = CommandTemplate.builder("state", "systemctl is-active {{unit}}")
            .param("unit", ParamType.UNIT_NAME).build();
    private static final CommandTemplate RESTART = CommandTemplate.builder("restart",
            "sudo -n systemctl restart {{unit}}").param("unit", ParamType.UNIT_NAME).build();
    private static final CommandTemplate PORT = CommandTemplate.builder("port", "ss -Hltn sport = :{{port}}")
            .param("port", ParamType.PORT).build();
    private static final CommandTemplate JOURNAL = CommandTemplate.builder("journal",
            "journalctl -u {{unit}} -n {{lines}} --no-pager")
            .param("unit", ParamType.UNIT_NAME).param("lines", ParamType.integer(1, 1000)).build();
    private static final CommandTemplate GREP = CommandTemplate.builder("grep", "grep -r {{text}} /var/log/app")
            .param("text", ParamType.text(200)).build();

    KeyPair hubKey;
    DemoFleet fleet;
    SshExecutor ssh;
    CustomerConfig demo;

    @BeforeEach
    void start() throws Exception {
        hubKey = DemoFleetKeys.newClientKey();
        fleet = DemoFleet.start("127.0.0.1", 0, 0, hubKey.getPublic(), Duration.ZERO, Clock.systemUTC());
        ssh = new SshExecutor(SshProperties.defaults());
        CustomerRegistry registry = new CustomerRegistry(new CustomerRegistryProperties("customers", Duration.ZERO),
                DemoEnvironment.mock(hubKey), null, null);
        demo = registry.find("demo").orElseThrow();
    }

    @AfterEach
    void stop() {
        ssh.close();
        fleet.close();
    }

    /** The demo customer's host as configured, pointed at the port the test's fleet got. */
    HostConfig host(String id, int port) {
        HostConfig configured = demo.host(id).orElseThrow();
        return new HostConfig(configured.id(), configured.address(), configured.aliases(), port,
                configured.sshUser(), configured.hostKey(), configured.privateKey());
    }

    HostConfig host(String id) {
        return host(id, fleet.host(id).port());
    }

    SshResult run(String hostId, CommandTemplate template, Map<String, String> values) throws SshException {
        return ssh.execute("demo", host(hostId), template.render(values));
    }

    @Test
    void aFullDiskIsCleanedFrom93To41PercentAndEveryLineIsRecorded() throws Exception {
        SshResult before = run(DemoFleet.WEB, DF, Map.of("path", "/"));
        assertThat(before.exitCode()).isZero();
        assertThat(before.stdout()).contains(" 93% /");

        SshResult biggest = run(DemoFleet.WEB, DU_TOP, Map.of("path", "/"));
        assertThat(biggest.stdout()).contains("\t/var\n").endsWith("38272044\t/\n");

        SshResult clean = run(DemoFleet.WEB, CLEAN, Map.of("dir", "/var/log/app", "days", "7"));
        assertThat(clean.succeeded()).isTrue();
        assertThat(clean.stdout().lines()).hasSize(38).allMatch(line -> line.startsWith("/var/log/app/app-"));

        assertThat(run(DemoFleet.WEB, DF, Map.of("path", "/")).stdout()).contains(" 41% /");
        assertThat(fleet.host(DemoFleet.WEB).receivedLines()).containsExactly(
                "df -P '/'",
                "timeout 20 du -x -k -d 1 '/'",
                "find '/var/log/app' -xdev -type f -mtime +'7' -print -delete",
                "df -P '/'");
        assertThat(fleet.host(DemoFleet.WEB).received()).extracting(SimulatedHost.ReceivedCommand::exitCode)
                .containsExactly(0, 0, 0, 0);
    }

    @Test
    void anInactiveUnitComesBackAfterARestartWithItsPortListening() throws Exception {
        SshResult state = run(DemoFleet.APP, IS_ACTIVE, Map.of("unit", "app"));
        assertThat(state.exitCode()).isEqualTo(3);
        assertThat(state.stdout()).isEqualTo("inactive\n");
        assertThat(run(DemoFleet.APP, PORT, Map.of("port", "8080")).stdout()).isEmpty();
        assertThat(run(DemoFleet.APP, JOURNAL, Map.of("unit", "app", "lines", "50")).stdout())
                .contains("java.lang.OutOfMemoryError: Java heap space");

        assertThat(run(DemoFleet.APP, RESTART, Map.of("unit", "app")).succeeded()).isTrue();

        SshResult after = run(DemoFleet.APP, IS_ACTIVE, Map.of("unit", "app"));
        assertThat(after.exitCode()).isZero();
        assertThat(after.stdout()).isEqualTo("active\n");
        assertThat(run(DemoFleet.APP, PORT, Map.of("port", "8080")).stdout()).startsWith("LISTEN ").contains(":8080");
        assertThat(fleet.host(DemoFleet.APP).receivedLines()).contains("sudo -n systemctl restart 'app'");
    }

    @Test
    void anUnknownCommandExits127() throws Exception {
        SshResult result = run(DemoFleet.WEB, GREP, Map.of("text", "ERROR"));

        assertThat(result.exitCode()).isEqualTo(127);
        assertThat(result.stderr()).isEqualTo("bash: grep: command not found\n");
        assertThat(fleet.host(DemoFleet.WEB).receivedLines()).containsExactly("grep -r 'ERROR' /var/log/app");
    }

    @Test
    void aHostileArgumentArrivesAsOneLiteralWordAndIsNeverInterpreted() throws Exception {
        String hostile = "x'; find /var/log/app -delete; systemctl restart app; $(reboot) `id` #";
        CommandTemplate status = CommandTemplate.builder("status", "systemctl status --no-pager --lines=0 {{name}}")
                .param("name", ParamType.text(200)).build();

        SshResult web = run(DemoFleet.WEB, status, Map.of("name", hostile));
        SshResult app = run(DemoFleet.APP, status, Map.of("name", hostile));

        assertThat(web.exitCode()).isEqualTo(4);
        assertThat(web.stderr()).isEqualTo("Unit " + hostile + ".service could not be found.\n");
        assertThat(app.exitCode()).isEqualTo(4);
        assertThat(fleet.host(DemoFleet.WEB).state().diskUsagePercent()).isEqualTo(93);
        assertThat(fleet.host(DemoFleet.APP).state().unitActive("app")).isFalse();
        assertThat(fleet.host(DemoFleet.WEB).receivedLines()).containsExactly("systemctl status --no-pager --lines=0 "
                + "'x'\\''; find /var/log/app -delete; systemctl restart app; $(reboot) `id` #'");
    }

    @Test
    void theDerivedHostKeysAreStableAcrossRestartsAndMatchCustomerYaml() throws Exception {
        String webKey = fleet.host(DemoFleet.WEB).hostKeyLine();
        assertThat(webKey).isEqualTo(demo.host(DemoFleet.WEB).orElseThrow().hostKey())
                .isEqualTo("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILhOR+YU7wn0yAw5C9EPdDAh3J7C/0LAYD6hKJB2QbSG");
        assertThat(fleet.host(DemoFleet.APP).hostKeyLine()).isEqualTo(demo.host(DemoFleet.APP).orElseThrow().hostKey());
        assertThat(DemoFleetKeys.hostKeyLine(DemoFleet.DB)).isEqualTo(demo.host(DemoFleet.DB).orElseThrow().hostKey());
        assertThat(run(DemoFleet.WEB, DF, Map.of("path", "/")).succeeded()).isTrue();

        fleet.close();
        ssh.close();
        fleet = DemoFleet.start("127.0.0.1", 0, 0, hubKey.getPublic(), Duration.ZERO, Clock.systemUTC());
        ssh = new SshExecutor(SshProperties.defaults());

        assertThat(fleet.host(DemoFleet.WEB).hostKeyLine()).isEqualTo(webKey);
        assertThat(run(DemoFleet.WEB, DF, Map.of("path", "/")).stdout()).as("a fresh start is broken again")
                .contains(" 93% /");
    }

    @Test
    void onlyTheHubsKeyGetsIn() throws Exception {
        KeyPair stranger = DemoFleetKeys.newClientKey();
        CustomerRegistry registry = new CustomerRegistry(new CustomerRegistryProperties("customers", Duration.ZERO),
                DemoEnvironment.mock(stranger), null, null);
        HostConfig configured = registry.find("demo").orElseThrow().host(DemoFleet.WEB).orElseThrow();
        HostConfig withStranger = new HostConfig(configured.id(), configured.address(), configured.aliases(),
                fleet.host(DemoFleet.WEB).port(), configured.sshUser(), configured.hostKey(), configured.privateKey());

        assertThatThrownBy(() -> ssh.execute("demo", withStranger, DF.render(Map.of("path", "/"))))
                .isInstanceOfSatisfying(SshException.class,
                        e -> assertThat(e.failure()).isEqualTo(SshException.Failure.AUTH_FAILED));
        assertThat(fleet.host(DemoFleet.WEB).received()).isEmpty();
    }

    @Test
    void theDbHostIsNotStartedSoItsPortRefusesConnections() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        assertThatThrownBy(() -> fleet.host(DemoFleet.DB)).hasMessage("no running demo host \"demo-db-1\" "
                + "(running: demo-web-1, demo-app-1)");

        assertThatThrownBy(() -> ssh.execute("demo", host(DemoFleet.DB, closed), DF.render(Map.of("path", "/"))))
                .isInstanceOfSatisfying(SshException.class,
                        e -> assertThat(e.failure()).isEqualTo(SshException.Failure.CONNECT_FAILED));
    }

    @Test
    void aFixedHostBreaksAgainAfterResetAfter() throws Exception {
        fleet.close();
        fleet = DemoFleet.start("127.0.0.1", 0, 0, hubKey.getPublic(), Duration.ofMillis(300), Clock.systemUTC());

        long appVersion = fleet.host(DemoFleet.APP).state().version();
        long webVersion = fleet.host(DemoFleet.WEB).state().version();

        assertThat(run(DemoFleet.APP, RESTART, Map.of("unit", "app")).succeeded()).isTrue();
        assertThat(run(DemoFleet.WEB, CLEAN, Map.of("dir", "/var/log/app", "days", "7")).stdout().lines()).hasSize(38);

        // timing-free: the fix and the reset each count one change, whichever the test sees first
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(fleet.host(DemoFleet.APP).state().version()).isEqualTo(appVersion + 2);
            assertThat(fleet.host(DemoFleet.WEB).state().version()).isEqualTo(webVersion + 2);
        });
        assertThat(run(DemoFleet.APP, IS_ACTIVE, Map.of("unit", "app")).stdout()).isEqualTo("inactive\n");
        assertThat(run(DemoFleet.WEB, DF, Map.of("path", "/")).stdout()).contains(" 93% /");
    }

    @Test
    void resetPutsEveryHostBackAtOnce() throws Exception {
        run(DemoFleet.APP, RESTART, Map.of("unit", "app"));
        run(DemoFleet.WEB, CLEAN, Map.of("dir", "/var/log/app", "days", "7"));

        fleet.reset();

        assertThat(run(DemoFleet.APP, IS_ACTIVE, Map.of("unit", "app")).exitCode()).isEqualTo(3);
        assertThat(run(DemoFleet.WEB, DF, Map.of("path", "/")).stdout()).contains(" 93% /");
        assertThat(fleet.hosts()).extracting(SimulatedHost::id).containsExactly(DemoFleet.WEB, DemoFleet.APP);
        assertThat(fleet.host(DemoFleet.WEB).sessionsCreated()).as("one pooled session").isEqualTo(1);
    }
}
