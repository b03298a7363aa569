package io.alerthub.scenario.ssh;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of the scenario stage's SSH client ({@code alerthub.ssh.*}): how long to wait for a connection, a login, a
 * command and a free slot on a busy host, how much output to keep, and how long an unused session stays open.
 */
@ConfigurationProperties("alerthub.ssh")
public record SshProperties(
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("10s") Duration authTimeout,
        @DefaultValue("30s") Duration commandTimeout,
        @DefaultValue("64KB") DataSize maxOutput,
        @DefaultValue("4") int maxConcurrentPerHost,
        @DefaultValue("10s") Duration permitTimeout,
        @DefaultValue("10m") Duration idleTimeout) {

    public SshProperties {
        connectTimeout = positive(connectTimeout, Duration.ofSeconds(5), "connect-timeout");
        authTimeout = positive(authTimeout, Duration.ofSeconds(10), "auth-timeout");
        commandTimeout = positive(commandTimeout, Duration.ofSeconds(30), "command-timeout");
        maxOutput = maxOutput == null ? DataSize.ofKilobytes(64) : maxOutput;
        if (maxOutput.toBytes() < 1 || maxOutput.toBytes() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("alerthub.ssh.max-output: invalid size " + maxOutput
                    + " (valid: 1B to 2GB)");
        }
        if (maxConcurrentPerHost < 1) {
            throw new IllegalArgumentException("alerthub.ssh.max-concurrent-per-host: invalid value "
                    + maxConcurrentPerHost + " (valid: 1 or more)");
        }
        permitTimeout = positive(permitTimeout, Duration.ofSeconds(10), "permit-timeout");
        idleTimeout = positive(idleTimeout, Duration.ofMinutes(10), "idle-timeout");
    }

    /** The defaults, for code that runs without Spring (tests, tools). */
    public static SshProperties defaults() {
        return new SshProperties(null, null, null, null, 4, null, null);
    }

    private static Duration positive(Duration value, Duration fallback, String name) {
        if (value == null) {
            return fallback;
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("alerthub.ssh." + name + ": invalid duration " + value
                    + " (valid: more than zero)");
        }
        return value;
    }
}
