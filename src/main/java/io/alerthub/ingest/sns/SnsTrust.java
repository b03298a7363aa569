package io.alerthub.ingest.sns;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.springframework.stereotype.Component;

/**
 * The trust anchors of the SNS endpoint: the JVM's trust store, or the one {@code alerthub.sns.trust-store} names.
 * Fetched signing certificates must chain to them, and the HTTPS connections that fetch certificates and confirm
 * subscriptions are verified against them.
 */
@Component
public class SnsTrust {
    private final Set<TrustAnchor> anchors;
    private final SSLContext sslContext;

    public SnsTrust(SnsProperties properties) {
        try {
            KeyStore store = null;
            if (properties.trustStore() != null) {
                store = KeyStore.getInstance(properties.trustStoreType());
                char[] password = properties.trustStorePassword() == null ? null : properties.trustStorePassword().toCharArray();
                try (InputStream in = Files.newInputStream(properties.trustStore())) {
                    store.load(in, password);
                }
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            TrustManager[] managers = factory.getTrustManagers();
            X509TrustManager x509 = Arrays.stream(managers).filter(X509TrustManager.class::isInstance)
                    .map(X509TrustManager.class::cast).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no X.509 trust manager"));
            this.anchors = Arrays.stream(x509.getAcceptedIssuers()).map(c -> new TrustAnchor(c, null))
                    .collect(Collectors.toUnmodifiableSet());
            this.sslContext = SSLContext.getInstance("TLS");
            sslContext.init(null, managers, null);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load alerthub.sns.trust-store \"" + properties.trustStore() + "\": " + e, e);
        }
    }

    public Set<TrustAnchor> anchors() {
        return anchors;
    }

    public SSLContext sslContext() {
        return sslContext;
    }

    /** True when {@code certificate} is itself one of the anchors. */
    boolean isAnchor(X509Certificate certificate) {
        return anchors.stream().anyMatch(a -> certificate.equals(a.getTrustedCert()));
    }
}
