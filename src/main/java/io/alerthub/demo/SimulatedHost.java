package io.alerthub.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One host of the demo fleet: a real SSH server (Apache MINA SSHD) on its own port that lets in one user with one
 * public key, offers no shell, no subsystem and no forwarding, and answers exec requests from its {@link HostState}.
 * It records every command line received (and logs it at INFO with the host id); after a command changed the state
 * it can put the scripted problem back after a delay, so the demo can be repeated. Usable without Spring.
 */
public final class SimulatedHost implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedHost.class);
    /** How many received commands are kept: enough for a demo session and any test, bounded for a long-running demo. */
    static final int RECEIVED_LIMIT = 1000;
    /** The exit code recorded for a command whose channel the client closed before it ended. */
    public static final int ABANDONED = -1;

    /**
     * One command line as the host received it, with its exit code ({@value #ABANDONED} when the client closed the
     * channel before the command ended, e.g. on its timeout while the command was held).
     */
    public record ReceivedCommand(Instant at, String host, String line, int exitCode) {
    }

    /**
     * Told of each exec request the moment it arrives and again once its answer and exit status are sent, with
     * {@link System#nanoTime()} stamps (the recorded {@link ReceivedCommand#at()} is taken after the answer is
     * computed): for benchmarks that time a hub's commands from the host's side. Called on the server's threads, so
     * it must return quickly.
     */
    public interface CommandListener {
        void received(String host, String line, long nanoTime);

        default void answered(String host, String line, int exitCode, long nanoTime) {
        }
    }

    private static final CommandListener NO_LISTENER = (host, line, nanoTime) -> { };

    private final String id;
    private final HostState state;
    private final KeyPair hostKey;
    private final PublicKey authorizedKey;
    private final String user;
    private final Clock clock;
    private final Deque<ReceivedCommand> received = new ArrayDeque<>();
    private final AtomicInteger sessions = new AtomicInteger();
    private final List<Hold> holds = new CopyOnWriteArrayList<>();
    private Duration resetAfter = Duration.ZERO;
    private volatile CommandListener listener = NO_LISTENER;
    private SshServer server;
    private ExecutorService commands;
    private ScheduledExecutorService resets;
    private ScheduledFuture<?> pendingReset;

    /**
     * A host named {@code id} answering from {@code state}, presenting {@code hostKey}, letting in {@code user} with
     * {@code authorizedKey} only. Nothing listens until {@link #start}.
     */
    public SimulatedHost(String id, HostState state, KeyPair hostKey, PublicKey authorizedKey, String user,
                         Clock clock) {
        this.id = id;
        this.state = state;
        this.hostKey = hostKey;
        this.authorizedKey = authorizedKey;
        this.user = user;
        this.clock = clock;
    }

    /** After a command changed the state, {@link #reset()} it this long after the last change; zero: never. */
    public synchronized SimulatedHost resetAfterChange(Duration delay) {
        this.resetAfter = delay == null ? Duration.ZERO : delay;
        return this;
    }

    /** Tells {@code commandListener} of every command from now on (null: nobody). */
    public SimulatedHost listener(CommandListener commandListener) {
        this.listener = commandListener == null ? NO_LISTENER : commandListener;
        return this;
    }

    /** Starts listening on {@code bind}:{@code port} (0: any free port). */
    public synchronized SimulatedHost start(String bind, int port) throws IOException {
        if (server != null) {
            throw new IllegalStateException("demo host \"" + id + "\" is already started");
        }
        commands = Executors.newCachedThreadPool(daemon("demo-fleet-" + id));
        resets = Executors.newSingleThreadScheduledExecutor(daemon("demo-fleet-reset-" + id));
        SshServer ssh = SshServer.setUpDefaultServer();
        ssh.setHost(bind);
        ssh.setPort(port);
        ssh.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        ssh.setPublickeyAuthenticator((username, key, session) ->
                user.equals(username) && KeyUtils.compareKeys(authorizedKey, key));
        ssh.setPasswordAuthenticator(null);
        ssh.setKeyboardInteractiveAuthenticator(null);
        ssh.setGSSAuthenticator(null);
        ssh.setHostBasedAuthenticator(null);
        ssh.setShellFactory(null); // exec requests only: there is no shell to open, simulated or real
        ssh.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
        CoreModuleProperties.TCP_NODELAY.set(ssh, true);
        ssh.addSessionListener(new SessionListener() {
            @Override
            public void sessionCreated(Session session) {
                sessions.incrementAndGet();
            }
        });
        ssh.setCommandFactory((channel, line) -> {
            listener.received(id, line, System.nanoTime());
            return new SimulatedCommand(line);
        });
        try {
            ssh.start();
        } catch (IOException e) {
            commands.shutdownNow();
            resets.shutdownNow();
            throw new IOException("demo host \"" + id + "\" cannot listen on " + bind + ":" + port + ": "
                    + e.getMessage(), e);
        }
        server = ssh;
        LOG.info("demo fleet: {} listening on {}:{} (user {}, host key {})", id, bind, ssh.getPort(), user,
                KeyUtils.getFingerPrint(hostKey.getPublic()));
        return this;
    }

    public String id() {
        return id;
    }

    public HostState state() {
        return state;
    }

    /** The port it listens on (the chosen one when started on port 0). */
    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("demo host \"" + id + "\" is not started");
        }
        return server.getPort();
    }

    /** The public key line of its host key, as customer.yaml lists it. */
    public String hostKeyLine() {
        return DemoFleetKeys.publicKeyLine(hostKey.getPublic());
    }

    /** SSH connections accepted so far (before login). */
    public int sessionsCreated() {
        return sessions.get();
    }

    /** The last {@value #RECEIVED_LIMIT} commands received, oldest first. */
    public List<ReceivedCommand> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** Just the command lines of {@link #received()}, exactly as they arrived. */
    public List<String> receivedLines() {
        return received().stream().map(ReceivedCommand::line).toList();
    }

    /**
     * From now on, every command line matching {@code lines} waits before it is answered until the hold is released
     * (or the client closes the channel): lets a test stop a scenario at a known step without sleeping, or make a
     * command hang past the client's timeout.
     */
    public Hold hold(Predicate<String> lines) {
        Hold hold = new Hold(lines);
        holds.add(hold);
        return hold;
    }

    /** Commands held by {@link #hold}: how many arrived, and the release that lets them (and later ones) through. */
    public final class Hold implements AutoCloseable {
        private final Predicate<String> lines;
        private final CountDownLatch released = new CountDownLatch(1);
        private final AtomicInteger arrived = new AtomicInteger();

        private Hold(Predicate<String> lines) {
            this.lines = lines;
        }

        /** Matching commands received so far, waiting or not. */
        public int arrived() {
            return arrived.get();
        }

        /** Lets every waiting and future matching command through. */
        public void release() {
            released.countDown();
        }

        /** Releases and forgets the hold. */
        @Override
        public void close() {
            release();
            holds.remove(this);
        }

        private void await(String line) throws InterruptedException {
            if (lines.test(line)) {
                arrived.incrementAndGet();
                released.await();
            }
        }
    }

    /** Puts the scripted problem back now and forgets a pending automatic reset. */
    public synchronized void reset() {
        if (pendingReset != null) {
            pendingReset.cancel(false);
            pendingReset = null;
        }
        state.reset();
        LOG.info("demo fleet: {} is back to its scripted problem", id);
    }

    private synchronized void changed() {
        if (resetAfter.isZero() || resets == null) {
            return;
        }
        if (pendingReset != null) {
            pendingReset.cancel(false);
        }
        pendingReset = resets.schedule(this::scheduledReset, resetAfter.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("demo fleet: {} changed; its scripted problem returns in {}", id, describe(resetAfter));
    }

    private synchronized void scheduledReset() {
        pendingReset = null;
        state.reset();
        LOG.info("demo fleet: {} is back to its scripted problem (reset-after {})", id, describe(resetAfter));
    }

    /** Stops listening and closes every session. */
    @Override
    public synchronized void close() {
        holds.forEach(Hold::release);
        if (server != null) {
            try {
                server.stop(true);
            } catch (IOException e) {
                LOG.warn("demo fleet: {} did not stop cleanly: {}", id, e.toString());
            }
            server = null;
        }
        if (commands != null) {
            commands.shutdownNow();
            resets.shutdownNow();
        }
    }

    private void record(String line, int exitCode) {
        synchronized (received) {
            if (received.size() == RECEIVED_LIMIT) {
                received.removeFirst();
            }
            received.addLast(new ReceivedCommand(clock.instant(), id, line, exitCode));
        }
        LOG.info("demo fleet: {} <- {} (exit {})", id, printable(line), exitCode);
    }

    /** {@code 2m}, {@code 90s} or {@code 300ms}, as the property would be written. */
    static String describe(Duration duration) {
        long millis = duration.toMillis();
        return millis % 60_000 == 0 ? millis / 60_000 + "m" : millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    /** The line with control characters escaped, so a log line stays one line. */
    private static String printable(String line) {
        StringBuilder out = new StringBuilder(line.length());
        line.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** One exec request: answered from the state on a worker thread, never by a process. */
    private final class SimulatedCommand implements Command {
        private final String line;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;
        private Future<?> task;

        SimulatedCommand(String line) {
            this.line = line;
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            this.exit = callback;
        }

        @Override
        public void setInputStream(InputStream in) {
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void start(ChannelSession channel, Environment env) {
            task = commands.submit(this::run);
        }

        @Override
        public void destroy(ChannelSession channel) {
            if (task != null) {
                task.cancel(true);
            }
        }

        private void run() {
            try {
                for (Hold hold : holds) {
                    hold.await(line);
                }
            } catch (InterruptedException e) {
                // the client closed the channel (its timeout): the line was received, the command never ended
                record(line, ABANDONED);
                return;
            }
            CommandReply reply;
            boolean changed;
            synchronized (state) { // the state's own lock: no other command runs between the two version reads
                long before = state.version();
                reply = state.answer(line);
                changed = state.version() != before;
            }
            record(line, reply.exitCode());
            if (changed) {
                changed();
            }
            try {
                write(out, reply.stdout());
                write(err, reply.stderr());
                exit.onExit(reply.exitCode());
                listener.answered(id, line, reply.exitCode(), System.nanoTime());
            } catch (IOException e) {
                // the client went away mid-answer: nothing left to tell it
                exit.onExit(255, e.getMessage());
            }
        }

        private void write(OutputStream stream, String text) throws IOException {
            if (!text.isEmpty()) {
                stream.write(text.getBytes(StandardCharsets.UTF_8));
                stream.flush();
            }
        }
    }
}
