package io.alerthub.scenario.library;

import io.alerthub.scenario.ParamValues;
import java.time.Duration;

/**
 * The typed parameters of the {@code host_unreachable} template (routes/scenario/templates/host_unreachable.camel.yaml).
 *
 * @param port           the TCP port to try, or null for the host's sshPort
 * @param connectTimeout how long the connect and the banner may take
 */
public record HostUnreachableParams(Integer port, Duration connectTimeout) {

    static HostUnreachableParams read(ParamValues values) {
        int port = values.integer("port", 1, 65535, 0);
        return new HostUnreachableParams(port == 0 ? null : port,
                values.duration("connectTimeout", Duration.ofSeconds(5)));
    }
}
