package io.alerthub.scenario.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * A real SSH server (Apache MINA SSHD) on a random loopback port for the SSH tests: generated host keys, one
 * authorized client key, and a fake command set instead of a shell. It records every command line exactly as
 * received and never runs one in a shell.
 *
 * <p>Commands: {@code args …} prints each word as the POSIX shell would split it, one {@code [word]} per line, and
 * fails with exit 2 on any unquoted shell metacharacter; {@code sleep N} sleeps N seconds unless destroyed;
 * {@code produce N [err]} writes N bytes to stdout (or stderr); {@code exit N} writes "failing" to stderr and exits N;
 * {@code hold} blocks until {@link #release(int)}; anything else exits 127.
 */
final class FakeSshHost implements AutoCloseable {
    final List<KeyPair> hostKeys;
    final List<String> received = new CopyOnWriteArrayList<>();
    final AtomicInteger sessionsCreated = new AtomicInteger();
    final AtomicInteger authAttempts = new AtomicInteger();
    final AtomicInteger destroyed = new AtomicInteger();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger maxRunning = new AtomicInteger();
    private final Semaphore holds = new Semaphore(0);
    private final SshServer server;
    private final ExecutorService commands = Executors.newCachedThreadPool();

    /** A host with one Ed25519 host key that lets in {@code authorized}. */
    FakeSshHost(PublicKey authorized) throws Exception {
        this(authorized, List.of(generate("ssh-ed25519")));
    }

    FakeSshHost(PublicKey authorized, List<KeyPair> hostKeys) throws Exception {
        this.hostKeys = hostKeys;
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKeys));
        server.setPublickeyAuthenticator((username, key, session) -> {
            authAttempts.incrementAndGet();
            return "deploy".equals(username) && KeyUtils.compareKeys(authorized, key);
        });
        server.addSessionListener(new SessionListener() {
            @Override
            public void sessionCreated(Session session) {
                sessionsCreated.incrementAndGet();
            }
        });
        server.setCommandFactory((channel, command) -> {
            received.add(command);
            return new FakeCommand(command);
        });
        server.start();
    }

    static KeyPair generate(String type) throws Exception {
        return KeyUtils.generateKeyPair(type, type.startsWith("ecdsa") ? 256 : type.equals("ssh-rsa") ? 2048 : 256);
    }

    /** The OpenSSH public key line of a key, as customer.yaml's hostKey holds it. */
    static String publicKeyLine(PublicKey key) {
        return PublicKeyEntry.toString(key);
    }

    int port() {
        return server.getPort();
    }

    /** Lets {@code count} waiting (or future) {@code hold} commands finish. */
    void release(int count) {
        holds.release(count);
    }

    /** Closes every server-side session, as a rebooted host or a dropped connection would. */
    void dropSessions() {
        server.getActiveSessions().forEach(session -> session.close(true));
    }

    @Override
    public void close() throws IOException {
        holds.release(1000);
        server.stop(true);
        commands.shutdownNow();
    }

    /** The words a POSIX shell would make of {@code line}, or null when it holds an unquoted metacharacter. */
    static List<String> shellWords(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    return null;
                }
                word = word == null ? new StringBuilder() : word;
                word.append(line, i + 1, end);
                i = end;
            } else if (c == '\\' && i + 1 < line.length()) {
                word = word == null ? new StringBuilder() : word;
                word.append(line.charAt(++i));
            } else if (c == ' ' || c == '\t') {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else if ("|&;<>()$`\"*?[]#~{}\n".indexOf(c) >= 0) {
                return null;
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    private final class FakeCommand implements Command {
        private final String line;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;
        private Future<?> task;

        FakeCommand(String line) {
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
            destroyed.incrementAndGet();
            if (task != null) {
                task.cancel(true);
            }
        }

        private void run() {
            int now = running.incrementAndGet();
            maxRunning.accumulateAndGet(now, Math::max);
            int code;
            try {
                code = respond();
            } catch (InterruptedException e) {
                return; // destroyed: the client closed the channel
            } catch (IOException e) {
                code = 255;
            } finally {
                running.decrementAndGet();
            }
            exit.onExit(code);
        }

        private int respond() throws IOException, InterruptedException {
            List<String> words = shellWords(line);
            if (words == null || words.isEmpty()) {
                write(err, "unquoted shell metacharacter in: " + line + "\n");
                return 2;
            }
            List<String> args = words.subList(1, words.size());
            switch (words.get(0)) {
                case "args" -> {
                    StringBuilder text = new StringBuilder();
                    args.forEach(arg -> text.append('[').append(arg).append("]\n"));
                    write(out, text.toString());
                    return 0;
                }
                case "sleep" -> {
                    // a latch nobody releases: waits the full time unless the client closes the channel
                    new Semaphore(0).tryAcquire(Long.parseLong(args.get(0)), TimeUnit.SECONDS);
                    return 0;
                }
                case "produce" -> {
                    byte[] chunk = new byte[8192];
                    Arrays.fill(chunk, (byte) 'x');
                    OutputStream target = args.size() > 1 && args.get(1).equals("err") ? err : out;
                    long left = Long.parseLong(args.get(0));
                    while (left > 0) {
                        int n = (int) Math.min(left, chunk.length);
                        target.write(chunk, 0, n);
                        left -= n;
                    }
                    target.flush();
                    return 0;
                }
                case "exit" -> {
                    write(err, "failing\n");
                    return Integer.parseInt(args.get(0));
                }
                case "hold" -> {
                    holds.acquire();
                    write(out, "released\n");
                    return 0;
                }
                default -> {
                    write(err, words.get(0) + ": command not found\n");
                    return 127;
                }
            }
        }

        private void write(OutputStream stream, String text) throws IOException {
            stream.write(text.getBytes(StandardCharsets.UTF_8));
            stream.flush();
        }
    }
}
