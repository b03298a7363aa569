package io.alerthub.scenario.library;

import io.alerthub.scenario.ParamValues;
import java.time.Duration;

/**
 * The typed parameters of the {@code cert_expiry} template (routes/scenario/templates/cert_expiry.camel.yaml).
 *
 * @param port       the TLS port on the incident's host
 * @param serverName the name sent as SNI and checked against the certificate, or null for the host's id
 * @param warnDays   fewer days left than this is what a person must act on
 * @param timeout    connect and handshake timeout
 */
public record CertExpiryParams(int port, String serverName, int warnDays, Duration timeout) {

    static CertExpiryParams read(ParamValues values) {
        String serverName = values.text("serverName");
        if (serverName != null && !serverName.matches("[A-Za-z0-9*]([A-Za-z0-9.-]{0,252})")) {
            throw ParamValues.invalid("serverName", serverName, "a dns name");
        }
        return new CertExpiryParams(values.integer("port", 1, 65535, 443), serverName,
                values.integer("warnDays", 0, 3650, 14),
                values.duration("timeout", Duration.ofSeconds(10)));
    }
}
