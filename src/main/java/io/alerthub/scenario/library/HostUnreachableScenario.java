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
                run.escalate("host " + run.incident().host() + " is not in customer.yaml: the hub probes only "
                        + "listed hosts");
                return;
            }
            int port = p.port() == null ? host.sshPort() : p.port();
            String target = host.sshAddress() + ":" + port;
            Map<String, Object> result = connect(host.sshAddress(), port, (int) p.connectTimeout().toMillis());
            scenarios.probe(run, "check", "tcp", target, result);
            run.checked("TCP connect from the hub to " + target);
            if (Boolean.TRUE.equals(result.get("connected"))) {
                run.found(target + " accepts connections (" + result.get("durationMs") + " ms)"
                        + (result.get("banner") == null ? "" : ", banner " + result.get("banner")));
            } else {
                run.found(target + ": " + result.get("error") + " after " + result.get("durationMs") + " ms");
                run.leftForYou("find out why " + host.id() + " is unreachable (console, hypervisor, network)");
                run.escalate("host " + host.id() + " is unreachable from the hub: " + result.get("error") + " on "
                        + target);
            }
        });
    }

    public void gather(ScenarioRun run) {
        SshResult uptime = scenarios.ssh(run, "gather", UPTIME, Map.of());
        if (uptime == null) {
            return;
        }
        run.checked("ssh login and uptime");
        run.found("uptime: " + uptime.stdout().strip());
        run.leftForYou("the host answers from the hub now: check the monitoring side's path to it");
        run.handOver("host " + run.incident().host() + " is reachable from the hub now (ssh login worked); "
                + "nothing was changed");
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
