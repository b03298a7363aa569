package io.alerthub.ingest.sns;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away PKI for SNS tests: a test CA, leaf certificates it (or nobody) issues, SNS-style signing of messages,
 * a PKCS12 trust store holding the CA, and an HTTPS stand-in that serves files and counts every request.
 */
final class TestPki {
    private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());
    final KeyPair caKeys = keys();
    final X509Certificate ca = certificate("CN=AlertHub Test CA", caKeys, "CN=AlertHub Test CA", caKeys.getPrivate(),
            Instant.now().minusSeconds(86_400), Instant.now().plusSeconds(86_400 * 365), true, false);

    /** A key pair and its certificate. */
    record Leaf(KeyPair keys, X509Certificate certificate) {
        String pem() {
            return TestPki.pem(certificate);
        }
    }

    Leaf leaf(String subject, Instant notBefore, Instant notAfter) {
        KeyPair keys = keys();
        return new Leaf(keys, certificate(subject, keys, "CN=AlertHub Test CA", caKeys.getPrivate(), notBefore, notAfter,
                false, false));
    }

    /** A leaf that signs itself: no chain to any anchor. */
    static Leaf selfSigned(String subject, Instant notBefore, Instant notAfter) {
        KeyPair keys = keys();
        return new Leaf(keys, certificate(subject, keys, subject, keys.getPrivate(), notBefore, notAfter, false, false));
    }

    /** A PKCS12 trust store file with the test CA, password "changeit". */
    Path trustStore(Path dir) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("test-ca", ca);
        Path file = dir.resolve("truststore.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, "changeit".toCharArray());
        }
        return file;
    }

    /** Signs an SNS message as AWS does: the Signature field over {@link SnsMessage#stringToSign()}. */
    static String sign(SnsMessage m, PrivateKey key) {
        try {
            Signature s = Signature.getInstance("2".equals(m.signatureVersion()) ? "SHA256withRSA" : "SHA1withRSA");
            s.initSign(key);
            s.update(m.stringToSign());
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An HTTPS server on a random port, TLS certificate for localhost issued by the test CA. */
    StandIn standIn() throws IOException, GeneralSecurityException {
        KeyPair keys = keys();
        X509Certificate tls = certificate("CN=localhost", keys, "CN=AlertHub Test CA", caKeys.getPrivate(),
                Instant.now().minusSeconds(3600), Instant.now().plusSeconds(86_400), false, true);
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("tls", keys.getPrivate(), "changeit".toCharArray(), new Certificate[] {tls, ca});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        StandIn standIn = new StandIn(server);
        server.createContext("/", exchange -> {
            standIn.requests.add(exchange.getRequestURI().toString());
            byte[] body = standIn.files.get(exchange.getRequestURI().getPath());
            exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            if (body != null) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        return standIn;
    }

    /** The running stand-in: files it serves by path, every request it saw. */
    static final class StandIn implements AutoCloseable {
        final HttpsServer server;
        final Map<String, byte[]> files = new ConcurrentHashMap<>();
        final List<String> requests = new CopyOnWriteArrayList<>();

        StandIn(HttpsServer server) {
            this.server = server;
        }

        String url(String path) {
            return "https://localhost:" + server.getAddress().getPort() + path;
        }

        void serve(String path, String text) {
            files.put(path, text.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    static String pem(X509Certificate certificate) {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair keys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate certificate(String subject, KeyPair keys, String issuer, PrivateKey issuerKey,
                                               Instant notBefore, Instant notAfter, boolean ca, boolean localhost) {
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                    BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(notBefore), Date.from(notAfter),
                    new X500Name(subject), keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            builder.addExtension(Extension.keyUsage, true, ca ? new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)
                    : new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            if (localhost) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.dNSName, "localhost"),
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
            }
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
