package io.alerthub.demo;

import java.io.IOException;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The demo customer's simulated hosts, in process: {@value #WEB} (its {@code /} 93 % full of old application logs),
 * {@value #APP} (its unit {@value #APP_UNIT} crashed, port {@value #APP_PORT} closed) and {@value #DB}, which is never
 * started, so its port refuses connections. Each runs its own SSH server and lets in user {@value #USER} with the
 * hub's public key only. Usable without Spring (tests, benchmarks); the demo profile starts it through
 * {@link DemoFleetConfiguration}.
 */
public final class DemoFleet implements AutoCloseable {
    public static final String WEB = "demo-web-1";
    public static final String APP = "demo-app-1";
    public static final String DB = "demo-db-1";
    public static final String USER = "hub";
    public static final String APP_UNIT = "app";
    public static final int APP_PORT = 8080;

    private final Map<String, SimulatedHost> hosts = new LinkedHashMap<>();

    private DemoFleet() {
    }

    /**
     * Starts {@value #WEB} and {@value #APP} on {@code bind} at the given ports (0: any free port), letting in
     * {@code hubKey}; a command that changes a host's state puts its scripted problem back after
     * {@code resetAfter} (zero: never).
     */
    public static DemoFleet start(String bind, int webPort, int appPort, PublicKey hubKey, Duration resetAfter,
                                  Clock clock) throws IOException {
        DemoFleet fleet = new DemoFleet();
        try {
            fleet.add(HostState.diskFull(WEB, clock), hubKey, clock, resetAfter).start(bind, webPort);
            fleet.add(HostState.unitDown(APP, APP_UNIT, APP_PORT, clock), hubKey, clock, resetAfter).start(bind, appPort);
        } catch (IOException | RuntimeException e) {
            fleet.close();
            throw e;
        }
        return fleet;
    }

    private SimulatedHost add(HostState state, PublicKey hubKey, Clock clock, Duration resetAfter) {
        SimulatedHost host = new SimulatedHost(state.hostname(), state, DemoFleetKeys.hostKey(state.hostname()), hubKey,
                USER, clock).resetAfterChange(resetAfter);
        hosts.put(state.hostname(), host);
        return host;
    }

    /** The running host {@code id}. */
    public SimulatedHost host(String id) {
        SimulatedHost host = hosts.get(id);
        if (host == null) {
            throw new NoSuchElementException("no running demo host \"" + id + "\" (running: "
                    + String.join(", ", hosts.keySet()) + ")");
        }
        return host;
    }

    /** The running hosts, {@value #WEB} first. */
    public List<SimulatedHost> hosts() {
        return new ArrayList<>(hosts.values());
    }

    /** Puts every host's scripted problem back. */
    public void reset() {
        hosts.values().forEach(SimulatedHost::reset);
    }

    @Override
    public void close() {
        hosts.values().forEach(SimulatedHost::close);
    }
}
