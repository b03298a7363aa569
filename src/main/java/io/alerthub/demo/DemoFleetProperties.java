package io.alerthub.demo;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the demo profile's simulated hosts ({@code alerthub.demo-fleet.*}): whether they run, the loopback port
 * of each (they must match customers/demo/customer.yaml), and how long after a scenario fixed a host its scripted
 * problem comes back so the demo can be repeated (zero: never).
 */
@ConfigurationProperties("alerthub.demo-fleet")
public record DemoFleetProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("2221") int webPort,
        @DefaultValue("2222") int appPort,
        @DefaultValue("2223") int dbPort,
        @DefaultValue("2m") Duration resetAfter) {

    public DemoFleetProperties {
        port(webPort, "web-port");
        port(appPort, "app-port");
        port(dbPort, "db-port");
        resetAfter = resetAfter == null ? Duration.ofMinutes(2) : resetAfter;
        if (resetAfter.isNegative()) {
            throw new IllegalArgumentException("alerthub.demo-fleet.reset-after: invalid duration " + resetAfter
                    + " (valid: zero for never, or more)");
        }
    }

    private static void port(int port, String name) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("alerthub.demo-fleet." + name + ": invalid port " + port
                    + " (valid: 0 for any free port, 1 to 65535)");
        }
    }
}
