package io.alerthub.scenario.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.alerthub.config.HostConfig;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/**
 * The SSH client against a real in-process SSH server: host keys always verified, one session reused for many
 * commands, per-command timeout, bounded output, a concurrency limit per host, and each failure classified.
 */
class SshExecutorIT {
    private static final CommandTemplate ECHO = CommandTemplate.builder("echo", "args {{text}}")
            .param("text", ParamType.text(100)).build();
    private static final CommandTemplate SLEEP = CommandTemplate.builder("sleep", "sleep {{seconds}}")
            .param("seconds", ParamType.INT).build();
    private static final CommandTemplate PRODUCE = CommandTemplate.builder("produce", "produce {{bytes}} {{stream}}")
            .param("bytes", ParamType.INT).param("stream", ParamType.oneOf("out", "err")).build();
    private static final CommandTemplate EXIT = CommandTemplate.builder("exit", "exit {{code}}")
            .param("code", ParamType.integer(0, 255)).build();
    private static final CommandTemplate HOLD = CommandTemplate.builder("hold", "hold").build();

    @TempDir
    Path customers;
    KeyPair clientKey;
    FakeSshHost server;
    final List<SshExecutor> executors = new ArrayList<>();
    final ExecutorService callers = Executors.newCachedThreadPool();

    @BeforeEach
    void startServer() throws Exception {
        clientKey = FakeSshHost.generate("ssh-ed25519");
        server = new FakeSshHost(clientKey.getPublic());
    }

    @AfterEach
    void stop() throws Exception {
        callers.shutdownNow();
        executors.forEach(SshExecutor::close);
        server.close();
    }

    SshExecutor executor(SshProperties properties) {
        SshExecutor executor = new SshExecutor(properties);
        executors.add(executor);
        return executor;
    }

    SshExecutor executor() {
        return executor(SshProperties.defaults());
    }

    HostConfig knownHost() throws Exception {
        return SshTestCustomer.host(customers, server.port(),
                FakeSshHost.publicKeyLine(server.hostKeys.get(0).getPublic()), clientKey);
    }

    static SshCommand echo(String text) {
        return ECHO.render(Map.of("text", text));
    }

    @Test
    void theRightHostKeyConnectsAndTheCommandArrivesExactlyAsRendered() throws Exception {
        SshResult result = executor().execute("acme", knownHost(), echo("hello"));

        assertThat(result.succeeded()).isTrue();
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).isEqualTo("[hello]\n");
        assertThat(result.stderr()).isEmpty();
        assertThat(result.command()).isEqualTo("args 'hello'");
        assertThat(result.timedOut()).isFalse();
        assertThat(result.duration()).isPositive();
        assertThat(server.received).containsExactly("args 'hello'");
    }

    @Test
    void aChangedHostKeyNeverLogsInAndSaysHostKeyChanged() throws Exception {
        KeyPair other = FakeSshHost.generate("ssh-ed25519");
        HostConfig host = SshTestCustomer.host(customers, server.port(), FakeSshHost.publicKeyLine(other.getPublic()),
                clientKey);

        assertThatThrownBy(() -> executor().execute("acme", host, echo("hello")))
                .isInstanceOfSatisfying(HostKeyMismatchException.class, e -> {
                    assertThat(e.failure()).isEqualTo(SshException.Failure.HOST_KEY_CHANGED);
                    assertThat(e.failure().retryable()).isFalse();
                    assertThat(e.getMessage()).startsWith("host key changed for host \"web-1\" (deploy@127.0.0.1:"
                                    + server.port() + "): expected " + io.alerthub.config.SshKeys.fingerprint(other.getPublic())
                                    + ", got ssh-ed25519 "
                                    + io.alerthub.config.SshKeys.fingerprint(server.hostKeys.get(0).getPublic()));
                });
        assertThat(server.authAttempts).as("the hub's key is never offered to an unverified host").hasValue(0);
        assertThat(server.received).isEmpty();
    }

    @Test
    void aHostWithoutKnownKeyIsNeverContacted() throws Exception {
        HostConfig known = knownHost();
        HostConfig unknown = new HostConfig(known.id(), known.address(), known.aliases(), known.sshPort(),
                known.sshUser(), null, known.privateKey());

        assertThatThrownBy(() -> executor().execute("acme", unknown, echo("hello")))
                .isInstanceOfSatisfying(HostKeyMismatchException.class, e -> {
                    assertThat(e.failure()).isEqualTo(SshException.Failure.UNKNOWN_HOST_KEY);
                    assertThat(e.getMessage()).isEqualTo("unknown host: host \"web-1\" of customer \"acme\" has no "
                            + "known host key (hosts[].hostKey in customer.yaml); refusing to connect");
                });
        assertThat(server.sessionsCreated).as("not even a TCP connection").hasValue(0);
    }

    @Test
    void aHostKnownByItsEd25519KeyIsVerifiedEvenWhenItAlsoOffersEcdsa() throws Exception {
        // a server offering ECDSA first would look "changed" to a client that takes whatever comes first
        KeyPair ecdsa = FakeSshHost.generate("ecdsa-sha2-nistp256");
        KeyPair ed25519 = FakeSshHost.generate("ssh-ed25519");
        server.close();
        server = new FakeSshHost(clientKey.getPublic(), List.of(ecdsa, ed25519));
        SshExecutor executor = executor();

        HostConfig byEd25519 = SshTestCustomer.host(customers, server.port(),
                FakeSshHost.publicKeyLine(ed25519.getPublic()), clientKey);
        assertThat(executor.execute("acme", byEd25519, echo("ed25519")).stdout()).isEqualTo("[ed25519]\n");

        // and an ECDSA known key works too (camel-ssh rejects ECDSA host keys, stack.md trap 4)
        HostConfig byEcdsa = SshTestCustomer.host(customers.resolve("second"), server.port(),
                FakeSshHost.publicKeyLine(ecdsa.getPublic()), clientKey);
        assertThat(executor.execute("acme", byEcdsa, echo("ecdsa")).stdout()).isEqualTo("[ecdsa]\n");
    }

    @Test
    void oneSessionServesManyCommandsSequentialAndConcurrent() throws Exception {
        SshExecutor executor = executor();
        HostConfig host = knownHost();
        for (int i = 0; i < 10; i++) {
            assertThat(executor.execute("acme", host, echo("n" + i)).stdout()).isEqualTo("[n" + i + "]\n");
        }
        List<CompletableFuture<SshResult>> parallel = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String text = "p" + i;
            parallel.add(CompletableFuture.supplyAsync(() -> call(executor, host, echo(text)), callers));
        }
        parallel.forEach(f -> assertThat(f.join().succeeded()).isTrue());

        assertThat(server.received).hasSize(18);
        assertThat(server.sessionsCreated).as("one SSH connection for all 18 commands").hasValue(1);
        assertThat(executor.openSessions()).isEqualTo(1);
    }

    @Test
    void aDroppedSessionIsReplacedOnTheNextCommand() throws Exception {
        SshExecutor executor = executor();
        HostConfig host = knownHost();
        executor.execute("acme", host, echo("before"));

        server.dropSessions();
        await().atMost(Duration.ofSeconds(5)).until(() -> executor.openSessions() == 0);

        assertThat(executor.execute("acme", host, echo("after")).stdout()).isEqualTo("[after]\n");
        assertThat(server.sessionsCreated).hasValue(2);
    }

    @Test
    void aCommandOverItsTimeoutIsClosedAndReportedAsTimedOut() throws Exception {
        SshExecutor executor = executor();
        HostConfig host = knownHost();
        SshTarget target = executor.target("acme", host);

        SshResult result = executor.execute(target, SLEEP.render(Map.of("seconds", "60")), Duration.ofMillis(300));

        assertThat(result.timedOut()).isTrue();
        assertThat(result.succeeded()).isFalse();
        assertThat(result.exitCode()).isNull();
        assertThat(result.command()).isEqualTo("sleep '60'");
        assertThat(result.duration()).isBetween(Duration.ofMillis(250), Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(server.destroyed).as("the server saw the channel closed").hasValue(1));
        // the session itself survives a timed-out command
        assertThat(executor.execute(target, echo("still here")).stdout()).isEqualTo("[still here]\n");
        assertThat(server.sessionsCreated).hasValue(1);
    }

    @Test
    void outputIsCappedAt64KiBByDefaultAndFlaggedPerStream() throws Exception {
        SshExecutor executor = executor();
        HostConfig host = knownHost();

        SshResult big = executor.execute("acme", host, PRODUCE.render(Map.of("bytes", "200000", "stream", "out")));
        assertThat(big.exitCode()).as("the command still runs to its end").isZero();
        assertThat(big.stdout()).hasSize(64 * 1024).matches("x+");
        assertThat(big.stdoutTruncated()).isTrue();
        assertThat(big.stderrTruncated()).isFalse();

        SshResult bigErr = executor.execute("acme", host, PRODUCE.render(Map.of("bytes", "70000", "stream", "err")));
        assertThat(bigErr.stderr()).hasSize(64 * 1024);
        assertThat(bigErr.stderrTruncated()).isTrue();
        assertThat(bigErr.stdoutTruncated()).isFalse();

        SshResult exact = executor.execute("acme", host, PRODUCE.render(Map.of("bytes", "65536", "stream", "out")));
        assertThat(exact.stdout()).hasSize(65536);
        assertThat(exact.stdoutTruncated()).as("exactly at the limit is not cut").isFalse();
    }

    @Test
    void theOutputCapIsConfigurable() throws Exception {
        SshExecutor executor = executor(new SshProperties(null, null, null, DataSize.ofBytes(1000), 4, null, null));

        SshResult result = executor.execute("acme", knownHost(),
                PRODUCE.render(Map.of("bytes", "5000", "stream", "out")));

        assertThat(result.stdout()).hasSize(1000);
        assertThat(result.stdoutTruncated()).isTrue();
    }

    @Test
    void exitCodeAndStderrOfAFailingCommandAreReported() throws Exception {
        SshResult result = executor().execute("acme", knownHost(), EXIT.render(Map.of("code", "3")));

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stderr()).isEqualTo("failing\n");
        assertThat(result.succeeded()).isFalse();
        assertThat(result.timedOut()).isFalse();
    }

    @Test
    void noMoreThanTheLimitRunAtOnceOnOneHostAndTheRestWait() throws Exception {
        SshExecutor executor = executor(new SshProperties(null, null, null, null, 2, Duration.ofSeconds(30), null));
        HostConfig host = knownHost();
        List<CompletableFuture<SshResult>> calls = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            calls.add(CompletableFuture.supplyAsync(() -> call(executor, host, HOLD.render()), callers));
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> server.running.get() == 2);
        assertThat(server.received).as("the other three wait on the hub, not on the host").hasSize(2);

        server.release(5);
        calls.forEach(c -> assertThat(c.join().stdout()).isEqualTo("released\n"));
        assertThat(server.received).hasSize(5);
        assertThat(server.maxRunning).hasValue(2);
    }

    @Test
    void aHostBusyForLongerThanThePermitTimeoutFailsAsBusy() throws Exception {
        SshExecutor executor = executor(new SshProperties(null, null, null, null, 1, Duration.ofMillis(200), null));
        HostConfig host = knownHost();
        CompletableFuture<SshResult> holding = CompletableFuture.supplyAsync(
                () -> call(executor, host, HOLD.render()), callers);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.running.get() == 1);

        assertThatThrownBy(() -> executor.execute("acme", host, echo("waiting")))
                .isInstanceOfSatisfying(SshException.class, e -> {
                    assertThat(e.failure()).isEqualTo(SshException.Failure.HOST_BUSY);
                    assertThat(e.failure().retryable()).isTrue();
                    assertThat(e.getMessage()).isEqualTo("host \"web-1\" (deploy@127.0.0.1:" + server.port()
                            + ") is busy: 1 commands running, none finished within 200 ms");
                });
        server.release(1);
        assertThat(holding.join().succeeded()).isTrue();
        assertThat(server.received).containsExactly("hold");
    }

    @Test
    void aKeyTheHostDoesNotAcceptFailsAsAuthFailed() throws Exception {
        KeyPair stranger = FakeSshHost.generate("ssh-ed25519");
        HostConfig host = SshTestCustomer.host(customers, server.port(),
                FakeSshHost.publicKeyLine(server.hostKeys.get(0).getPublic()), stranger);

        assertThatThrownBy(() -> executor().execute("acme", host, echo("hello")))
                .isInstanceOfSatisfying(SshException.class, e -> {
                    assertThat(e).isNotInstanceOf(HostKeyMismatchException.class);
                    assertThat(e.failure()).isEqualTo(SshException.Failure.AUTH_FAILED);
                    assertThat(e.getMessage()).startsWith("login refused by host \"web-1\" (deploy@127.0.0.1:"
                            + server.port() + ")");
                });
        assertThat(server.received).isEmpty();
    }

    @Test
    void aClosedPortFailsAsConnectFailedAndMayBeRetried() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        HostConfig host = SshTestCustomer.host(customers, closedPort,
                FakeSshHost.publicKeyLine(server.hostKeys.get(0).getPublic()), clientKey);

        assertThatThrownBy(() -> executor().execute("acme", host, echo("hello")))
                .isInstanceOfSatisfying(SshException.class, e -> {
                    assertThat(e.failure()).isEqualTo(SshException.Failure.CONNECT_FAILED);
                    assertThat(e.failure().retryable()).isTrue();
                    assertThat(e.getMessage()).isEqualTo("cannot connect to host \"web-1\" (deploy@127.0.0.1:"
                            + closedPort + ") (connection refused)");
                });
    }

    @Test
    void theTargetNeverPrintsItsKeys() throws Exception {
        SshTarget target = executor().target("acme", knownHost());

        assertThat(target.toString()).isEqualTo("SshTarget[acme/web-1 deploy@127.0.0.1:" + server.port() + "]");
        assertThat(knownHost().privateKey().toString()).isEqualTo("<secret>");
    }

    private static SshResult call(SshExecutor executor, HostConfig host, SshCommand command) {
        try {
            return executor.execute("acme", host, command);
        } catch (SshException e) {
            throw new IllegalStateException(e);
        }
    }
}
