package io.alerthub.scenario.library;

import io.alerthub.config.HostConfig;
import io.alerthub.scenario.ScenarioRun;
import io.alerthub.scenario.Scenarios;
import io.alerthub.scenario.ssh.CommandTemplate;
import io.alerthub.scenario.ssh.SshResult;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The steps of the {@code host_unreachable} template: a TCP connect to the host's ssh port from the hub and its
 * banner, then an ssh login running {@code uptime}. Nothing is fixed, so never RESOLVED: reachable now is handed
 * over with the evidence, unreachable escalates with it.
 */
@Component("hostUnreachableScenario")
public class HostUnreachableScenario {
    static final CommandTemplate UPTIME = CommandTemplate.builder("host_unreachable.uptime", "uptime").build();
    private static final int BANNER_MAX = 255;

    private final Scenarios scenarios;

    public HostUnreachableScenario(Scenarios scenarios) {
        this.scenarios = scenarios;
    }

    public void check(ScenarioRun run) {
        run.params(HostUnreachableParams::read).ifPresent(p -> {
            HostConfig host = run.host().orElse(null);
            if (host == null) {
                run.escalate(run.text("unreachable.host-unlisted", "host", run.incident().host()));
                return;
            }
            int port = p.port() == null ? host.sshPort() : p.port();
            String target = host.sshAddress() + ":" + port;
            Map<String, Object> result = connect(host.sshAddress(), port, (int) p.connectTimeout().toMillis());
            scenarios.probe(run, "check", "tcp", target, result);
            run.checked(run.text("unreachable.checked.connect", "target", target));
            if (Boolean.TRUE.equals(result.get("connected"))) {
                run.found(result.get("banner") == null
                        ? run.text("unreachable.found.connected", "target", target, "ms", result.get("durationMs"))
                        : run.text("unreachable.found.connected.banner", "target", target, "ms",
                        result.get("durationMs"), "banner", result.get("banner")));
            } else {
                run.found(run.text("unreachable.found.failed", "target", target, "error", result.get("error"),
                        "ms", result.get("durationMs")));
                run.leftForYou(run.text("unreachable.left.find", "host", host.id()));
                run.escalate(run.text("unreachable.escalated", "host", host.id(), "error", result.get("error"),
                        "target", target));
            }
        });
    }

    public void gather(ScenarioRun run) {
        SshResult uptime = scenarios.ssh(run, "gather", UPTIME, Map.of());
        if (uptime == null) {
            return;
        }
        run.checked(run.text("unreachable.checked.login"));
        run.found(run.text("unreachable.found.uptime", "uptime", uptime.stdout().strip()));
        run.leftForYou(run.text("unreachable.left.monitoring"));
        run.handOver(run.text("unreachable.reachable", "host", run.incident().host()));
    }

    /** A TCP connect and the first line the server sends (an SSH banner), bounded in time and size. */
    static Map<String, Object> connect(String address, int port, int timeoutMs) {
        Map<String, Object> result = new LinkedHashMap<>();
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), timeoutMs);
            result.put("connected", true);
            socket.setSoTimeout(timeoutMs);
            result.put("banner", banner(socket.getInputStream()));
        } catch (IOException e) {
            result.putIfAbsent("connected", false);
            result.put("error", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().toLowerCase());
        }
        result.put("durationMs", (System.nanoTime() - start) / 1_000_000);
        return result;
    }

    private static String banner(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while (line.length() < BANNER_MAX && (c = in.read()) >= 0 && c != '\n') {
            if (c != '\r' && c >= 0x20 && c < 0x7f) {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
