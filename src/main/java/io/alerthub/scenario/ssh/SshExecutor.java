package io.alerthub.scenario.ssh;

import io.alerthub.config.HostConfig;
import io.alerthub.config.SshKeys;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.net.ConnectException;
import java.security.PublicKey;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.future.AuthFuture;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.future.OpenFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.kex.KexProposalOption;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.core.CoreModuleProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs {@link SshCommand}s on customer hosts for the scenario stage over Apache MINA SSHD: one session per host and
 * login kept open and reused, the host key always checked against the host's known key, public-key login only,
 * connect, login and per-command timeouts, bounded output, and a limit on concurrent commands per host.
 * Why this and not camel-ssh: docs/ssh.md.
 */
@Component
public class SshExecutor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SshExecutor.class);
    private static final AttributeRepository.AttributeKey<HostKeyCheck> HOST_KEY_CHECK =
            new AttributeRepository.AttributeKey<>();
    private static final int TARGET_CACHE_LIMIT = 4096;

    private final SshProperties properties;
    private final SshClient client;
    private final ConcurrentMap<SshTarget.PoolKey, Slot> sessions = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Semaphore> hostPermits = new ConcurrentHashMap<>();
    private final ConcurrentMap<TargetKey, SshTarget> targets = new ConcurrentHashMap<>();

    public SshExecutor(SshProperties properties) {
        this.properties = properties;
        this.client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier((session, address, key) -> check(session).verify(key));
        // nothing from the hub's own ~/.ssh: no ssh_config rewriting host, port or user, no default identities
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        client.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
        client.addSessionListener(new OfferOnlyTheKnownKeyType());
        // without TCP_NODELAY every exec on an open session waits ~40 ms for Nagle's algorithm (stack.md trap 5)
        CoreModuleProperties.TCP_NODELAY.set(client, true);
        CoreModuleProperties.IO_CONNECT_TIMEOUT.set(client, properties.connectTimeout());
        CoreModuleProperties.AUTH_TIMEOUT.set(client, properties.authTimeout());
        CoreModuleProperties.IDLE_TIMEOUT.set(client, properties.idleTimeout());
        client.start();
    }

    /** Runs {@code command} on {@code host} of customer {@code customerId} within the default command timeout. */
    public SshResult execute(String customerId, HostConfig host, SshCommand command) throws SshException {
        return execute(target(customerId, host), command, properties.commandTimeout());
    }

    /** Runs {@code command} on {@code target} within the default command timeout. */
    public SshResult execute(SshTarget target, SshCommand command) throws SshException {
        return execute(target, command, properties.commandTimeout());
    }

    /**
     * Runs {@code command} on {@code target}; after {@code timeout} the channel is closed and the result says
     * {@code timedOut}. Waits at most the permit timeout for a free slot on the host.
     *
     * @throws SshException when nothing could be run: host key unknown or changed, login refused, connection failed,
     *                      host busy
     */
    public SshResult execute(SshTarget target, SshCommand command, Duration timeout) throws SshException {
        Semaphore permits = hostPermits.computeIfAbsent(target.hostSlot(),
                slot -> new Semaphore(properties.maxConcurrentPerHost(), true));
        try {
            if (!permits.tryAcquire(properties.permitTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
                throw new SshException(SshException.Failure.HOST_BUSY, target.describe() + " is busy: "
                        + properties.maxConcurrentPerHost() + " commands running, none finished within "
                        + properties.permitTimeout().toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SshException(SshException.Failure.INTERRUPTED, "interrupted waiting for " + target.describe());
        }
        try {
            return run(target, command, timeout);
        } finally {
            permits.release();
        }
    }

    /** The target for a host configuration, read once per configuration (keys parsed) and then reused. */
    public SshTarget target(String customerId, HostConfig host) throws SshException {
        TargetKey key = new TargetKey(customerId, host);
        SshTarget cached = targets.get(key);
        if (cached != null) {
            return cached;
        }
        SshTarget target = SshTarget.of(customerId, host);
        if (targets.size() >= TARGET_CACHE_LIMIT) {
            targets.clear(); // configurations change rarely; a full cache means stale entries, not a hot set
        }
        targets.put(key, target);
        return target;
    }

    /** Open sessions right now, for metrics and tests. */
    public int openSessions() {
        return (int) sessions.values().stream().filter(slot -> usable(slot.session)).count();
    }

    @PreDestroy
    @Override
    public void close() {
        sessions.values().forEach(slot -> {
            ClientSession session = slot.session;
            if (session != null) {
                session.close(true);
            }
        });
        sessions.clear();
        client.stop();
    }

    // ---- one command ----------------------------------------------------------------------------------------------

    private SshResult run(SshTarget target, SshCommand command, Duration timeout) throws SshException {
        for (int attempt = 1; ; attempt++) {
            ClientSession session = session(target);
            ChannelExec channel;
            try {
                channel = session.createExecChannel(command.text());
            } catch (IOException e) {
                if (attempt == 1 && !usable(session)) {
                    continue; // the pooled session died since it was last used; nothing was sent yet
                }
                throw new SshException(SshException.Failure.CONNECT_FAILED, "cannot open a channel to "
                        + target.describe() + " (" + reason(e) + ")", e);
            }
            CappedOutput stdout = new CappedOutput((int) properties.maxOutput().toBytes());
            CappedOutput stderr = new CappedOutput((int) properties.maxOutput().toBytes());
            channel.setOut(stdout);
            channel.setErr(stderr);
            long started = System.nanoTime();
            try {
                OpenFuture opened = channel.open();
                if (!opened.await(properties.connectTimeout()) || !opened.isOpened()) {
                    channel.close(true);
                    if (attempt == 1 && !usable(session)) {
                        continue; // the exec request goes out only after the channel is open: safe to retry
                    }
                    throw new SshException(SshException.Failure.CONNECT_FAILED, "cannot open a channel to "
                            + target.describe() + " (" + (opened.getException() == null ? "timed out"
                            : reason(opened.getException())) + ")", opened.getException());
                }
                // no input: the command sees end of file at once instead of waiting for the timeout
                channel.getInvertedIn().close();
                Duration left = timeout.minusNanos(System.nanoTime() - started);
                Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED),
                        left.isNegative() ? Duration.ZERO : left);
                boolean timedOut = !events.contains(ClientChannelEvent.CLOSED);
                if (timedOut) {
                    // graceful: tells the host to close its side (an immediate close only drops ours), without waiting
                    channel.close(false);
                }
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                SshResult result = new SshResult(command.text(), timedOut ? null : channel.getExitStatus(),
                        timedOut ? null : channel.getExitSignal(), stdout.text(), stderr.text(), stdout.truncated(),
                        stderr.truncated(), took, timedOut);
                LOG.debug("{} on {}: exit {} in {} ms{}", command.template(), target.describe(), result.exitCode(),
                        took.toMillis(), timedOut ? " (timed out)" : "");
                return result;
            } catch (IOException e) {
                channel.close(true);
                throw new SshException(SshException.Failure.CONNECT_FAILED, "session to " + target.describe()
                        + " failed while running " + CommandParameterException.quote(command.template()) + " ("
                        + reason(e) + ")", e);
            }
        }
    }

    // ---- sessions -------------------------------------------------------------------------------------------------

    /** One pooled session; the lock makes concurrent first commands to a host share one connection attempt. */
    private static final class Slot {
        final ReentrantLock lock = new ReentrantLock();
        volatile ClientSession session;
    }

    private ClientSession session(SshTarget target) throws SshException {
        Slot slot = sessions.computeIfAbsent(target.poolKey(), key -> new Slot());
        ClientSession session = slot.session;
        if (usable(session)) {
            return session;
        }
        try {
            Duration wait = properties.connectTimeout().plus(properties.authTimeout());
            if (!slot.lock.tryLock(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new SshException(SshException.Failure.CONNECT_FAILED, "timed out waiting for another "
                        + "connection attempt to " + target.describe());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SshException(SshException.Failure.INTERRUPTED, "interrupted connecting to " + target.describe());
        }
        try {
            session = slot.session;
            if (usable(session)) {
                return session;
            }
            if (session != null) {
                session.close(true); // evict the dead one
                slot.session = null;
            }
            ClientSession fresh = connect(target);
            fresh.addCloseFutureListener(closed -> {
                if (slot.session == fresh) {
                    slot.session = null;
                }
            });
            slot.session = fresh;
            return fresh;
        } finally {
            slot.lock.unlock();
        }
    }

    private static boolean usable(ClientSession session) {
        return session != null && session.isOpen() && !session.isClosing();
    }

    private ClientSession connect(SshTarget target) throws SshException {
        HostKeyCheck check = new HostKeyCheck(target.hostKey());
        ClientSession session = null;
        try {
            ConnectFuture connected = client.connect(target.user(), target.address(), target.port(),
                    AttributeRepository.ofKeyValuePair(HOST_KEY_CHECK, check), null);
            if (!connected.await(properties.connectTimeout())) {
                connected.cancel();
                throw new SshException(SshException.Failure.CONNECT_FAILED, "cannot connect to "
                        + target.describe() + " (timed out after " + properties.connectTimeout().toMillis() + " ms)");
            }
            if (connected.getException() != null) {
                throw new SshException(SshException.Failure.CONNECT_FAILED, "cannot connect to "
                        + target.describe() + " (" + reason(connected.getException()) + ")", connected.getException());
            }
            session = connected.getSession();
            session.addPublicKeyIdentity(target.identity());
            AuthFuture auth = session.auth();
            boolean done = auth.await(properties.authTimeout());
            if (check.mismatch() != null) {
                throw new HostKeyMismatchException(SshException.Failure.HOST_KEY_CHANGED, "host key changed for "
                        + target.describe() + ": expected " + SshKeys.fingerprint(target.hostKey()) + ", got "
                        + check.mismatch() + "; refusing to connect (update hosts[].hostKey only after checking "
                        + "the host)");
            }
            if (!done) {
                throw new SshException(SshException.Failure.CONNECT_FAILED, "no login to " + target.describe()
                        + " within " + properties.authTimeout().toMillis() + " ms");
            }
            if (!auth.isSuccess()) {
                boolean kexDone = check.verified();
                throw new SshException(kexDone ? SshException.Failure.AUTH_FAILED : SshException.Failure.CONNECT_FAILED,
                        (kexDone ? "login refused by " : "cannot connect to ") + target.describe() + " ("
                                + reason(auth.getException()) + ")", auth.getException());
            }
            LOG.debug("connected to {}", target.describe());
            ClientSession ready = session;
            session = null;
            return ready;
        } catch (IOException e) {
            throw new SshException(SshException.Failure.CONNECT_FAILED, "cannot connect to " + target.describe()
                    + " (" + reason(e) + ")", e);
        } finally {
            if (session != null) {
                session.close(true); // any failure: never leave a half-open session behind
            }
        }
    }

    private static String reason(Throwable e) {
        if (e == null) {
            return "no reason given";
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof ConnectException) {
            return "connection refused";
        }
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message;
    }

    private static HostKeyCheck check(ClientSession session) {
        AttributeRepository context = session.getConnectionContext();
        HostKeyCheck check = context == null ? null : context.getAttribute(HOST_KEY_CHECK);
        // a session this executor did not open has nothing to be verified against: refuse it
        return check == null ? HostKeyCheck.REFUSE : check;
    }

    /** The known key of one connection attempt and what the host actually presented. */
    private static final class HostKeyCheck {
        static final HostKeyCheck REFUSE = new HostKeyCheck(null);
        private final PublicKey expected;
        private volatile String mismatch;
        private volatile boolean verified;

        HostKeyCheck(PublicKey expected) {
            this.expected = expected;
        }

        boolean verify(PublicKey presented) {
            if (expected != null && KeyUtils.compareKeys(expected, presented)) {
                verified = true;
                return true;
            }
            mismatch = presented == null ? "no key" : KeyUtils.getKeyType(presented) + " "
                    + SshKeys.fingerprint(presented);
            return false;
        }

        String mismatch() {
            return this == REFUSE ? null : mismatch;
        }

        boolean verified() {
            return verified;
        }

        /** The host key algorithms to offer: only those of the known key's type, in the client's order. */
        String algorithms(List<String> supported) {
            String type = KeyUtils.getKeyType(expected);
            return supported.stream()
                    .filter(name -> type.equals(KeyUtils.getCanonicalKeyType(name)))
                    .collect(Collectors.joining(","));
        }
    }

    /**
     * Offers the host only the algorithms of its known key's type, as OpenSSH does for hosts in known_hosts: a host
     * with ECDSA and Ed25519 keys, known by its Ed25519 key, would otherwise present ECDSA and look "changed".
     */
    private static final class OfferOnlyTheKnownKeyType implements SessionListener {
        @Override
        public void sessionNegotiationOptionsCreated(Session session, Map<KexProposalOption, String> proposal) {
            if (!(session instanceof ClientSession client)) {
                return;
            }
            HostKeyCheck check = check(client);
            if (check == HostKeyCheck.REFUSE || check.expected == null) {
                return;
            }
            List<String> supported = NamedResource.getNameList(client.getSignatureFactories());
            String algorithms = check.algorithms(supported);
            if (!algorithms.isEmpty()) {
                proposal.put(KexProposalOption.SERVERKEYS, algorithms);
            }
        }
    }

    /** A host configuration as seen by one customer; {@link HostConfig#equals} includes the resolved private key. */
    private record TargetKey(String customerId, HostConfig host) {
    }
}
