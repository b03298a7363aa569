package io.alerthub.scenario.library;

import io.alerthub.config.HostConfig;
import io.alerthub.scenario.ScenarioRun;
import io.alerthub.scenario.Scenarios;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.springframework.stereotype.Component;

/**
 * The step of the {@code cert_expiry} template: a TLS handshake from the hub to the host, reading the certificate
 * it presents (subject, issuer, end date, days left, whether the JVM's trust store accepts the chain). Nothing can
 * be renewed from here, so the result is always handed over; a host that cannot be reached escalates.
 */
@Component("certExpiryScenario")
public class CertExpiryScenario {
    private final Scenarios scenarios;
    private final Clock clock;

    public CertExpiryScenario(Scenarios scenarios, Clock clock) {
        this.scenarios = scenarios;
        this.clock = clock;
    }

    public void check(ScenarioRun run) {
        run.params(CertExpiryParams::read).ifPresent(p -> {
            HostConfig host = run.host().orElse(null);
            if (host == null) {
                run.escalate(run.text("cert.host-unlisted", "host", run.incident().host()));
                return;
            }
            String serverName = p.serverName() == null ? host.id() : p.serverName();
            String target = host.sshAddress() + ":" + p.port();
            Map<String, Object> result = handshake(host.sshAddress(), p.port(), serverName, (int) p.timeout().toMillis(),
                    clock.instant());
            scenarios.probe(run, "check", "tls", target + " (" + serverName + ")", result);
            run.checked(run.text("cert.checked", "target", target, "serverName", serverName));
            if (result.containsKey("error")) {
                run.escalate(run.text("cert.no-handshake", "target", target, "error", result.get("error")));
                return;
            }
            long days = (long) result.get("daysLeft");
            run.found(run.text("cert.found", "subject", result.get("subject"), "issuer", result.get("issuer"),
                    "notAfter", result.get("notAfter"), "days", days, "trust", Boolean.TRUE.equals(result.get("trusted"))
                    ? "" : run.text("cert.untrusted", "error", result.get("trustError"))));
            if (days < p.warnDays()) {
                run.leftForYou(run.text("cert.left.renew", "serverName", serverName, "days", days));
                run.handOver(run.text("cert.ends-soon", "serverName", serverName, "days", days));
            } else {
                run.handOver(run.text("cert.renewed", "serverName", serverName, "days", days,
                        "warnDays", p.warnDays()));
            }
        });
    }

    /** Reads the presented chain without trusting it, then asks the JVM's trust store about it separately. */
    static Map<String, Object> handshake(String address, int port, String serverName, int timeoutMs, Instant now) {
        Map<String, Object> result = new LinkedHashMap<>();
        long start = System.nanoTime();
        X509Certificate[][] seen = new X509Certificate[1][];
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {new Recording(seen)}, null);
            try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket()) {
                socket.connect(new InetSocketAddress(address, port), timeoutMs);
                socket.setSoTimeout(timeoutMs);
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setServerNames(List.of(new SNIHostName(serverName)));
                socket.setSSLParameters(parameters);
                socket.startHandshake();
                result.put("tlsProtocol", socket.getSession().getProtocol());
            }
            X509Certificate leaf = seen[0][0];
            result.put("subject", leaf.getSubjectX500Principal().getName());
            result.put("issuer", leaf.getIssuerX500Principal().getName());
            result.put("notAfter", leaf.getNotAfter().toInstant().toString());
            result.put("daysLeft", Duration.between(now, leaf.getNotAfter().toInstant()).toDays());
            try {
                defaultTrust().checkServerTrusted(seen[0], "UNKNOWN");
                result.put("trusted", true);
            } catch (CertificateException e) {
                result.put("trusted", false);
                result.put("trustError", e.getMessage());
            }
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            result.put("error", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        result.put("durationMs", (System.nanoTime() - start) / 1_000_000);
        return result;
    }

    private static X509TrustManager defaultTrust() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X509 trust manager in the JVM");
    }

    /** Accepts any chain, only to read it: nothing is sent over this connection. */
    private record Recording(X509Certificate[][] seen) implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            seen[0] = chain;
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
