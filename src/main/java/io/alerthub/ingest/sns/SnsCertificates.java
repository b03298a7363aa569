package io.alerthub.ingest.sns;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Where SNS signing certificates come from: a SigningCertURL is used only when it is https on an allowed host with a
 * plain {@code /<name>.pem} path; its certificate is taken from the pre-provisioned directory when present there
 * (trusted as placed by the operator), otherwise fetched once, its chain validated (PKIX) to {@link SnsTrust}'s
 * anchors, and cached.
 */
@Component
public class SnsCertificates {
    private static final Logger LOG = LoggerFactory.getLogger(SnsCertificates.class);
    private static final Pattern PEM_PATH = Pattern.compile("/[A-Za-z0-9._-]{1,200}\\.pem");
    private final SnsProperties properties;
    private final Pattern allowedHosts;
    private final SnsTrust trust;
    private final SnsHttp http;
    private final Clock clock;
    private final Map<String, X509Certificate> cache;

    public SnsCertificates(SnsProperties properties, SnsTrust trust, SnsHttp http, Clock clock) {
        this.properties = properties;
        this.allowedHosts = Pattern.compile(properties.allowedHosts(), Pattern.CASE_INSENSITIVE);
        this.trust = trust;
        this.http = http;
        this.clock = clock;
        int size = properties.certificateCacheSize();
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, X509Certificate> eldest) {
                return size() > size;
            }
        };
    }

    /**
     * The signing certificate a SigningCertURL names.
     *
     * @throws SnsRejection          when the URL breaks the rules or the certificate is not trusted
     * @throws SnsUnavailableException when the certificate could not be fetched (the sender should retry)
     */
    public X509Certificate certificateFor(String signingCertUrl) {
        URI uri = checkUrl(signingCertUrl, "SigningCertURL", "sns_cert_url_rejected");
        if (!PEM_PATH.matcher(uri.getRawPath()).matches() || uri.getRawQuery() != null) {
            throw new SnsRejection("sns_cert_url_rejected", "SigningCertURL " + quote(signingCertUrl)
                    + " does not name a .pem file");
        }
        String fileName = uri.getRawPath().substring(1);
        synchronized (cache) {
            X509Certificate cached = cache.get(uri.toString());
            if (cached != null) {
                return cached;
            }
        }
        X509Certificate certificate = provisioned(fileName);
        if (certificate == null) {
            certificate = fetch(uri);
        }
        synchronized (cache) {
            cache.put(uri.toString(), certificate);
        }
        return certificate;
    }

    /**
     * Checks that a URL taken from an SNS message may be contacted: https, an allowed host, no user info or fragment.
     *
     * @param field  the message field it came from, for the message
     * @param reason the rejection reason to use
     */
    URI checkUrl(String url, String field, String reason) {
        if (url == null || url.isBlank()) {
            throw new SnsRejection(reason, field + " is missing");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new SnsRejection(reason, field + " " + quote(url) + " is not a valid URL");
        }
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            throw new SnsRejection(reason, field + " " + quote(url) + " is not https");
        }
        if (uri.getRawUserInfo() != null || uri.getRawFragment() != null || uri.getHost() == null
                || !allowedHosts.matcher(uri.getRawAuthority()).matches()) {
            throw new SnsRejection(reason, field + " " + quote(url) + " is not on an allowed SNS host (allowed: "
                    + quote(properties.allowedHosts()) + ")");
        }
        return uri;
    }

    private X509Certificate provisioned(String fileName) {
        Path dir = properties.certificateDir();
        if (dir == null) {
            return null;
        }
        Path file = dir.resolve(fileName);
        if (!file.normalize().startsWith(dir.normalize()) || !Files.isRegularFile(file)) {
            return null;
        }
        try {
            return parse(Files.readAllBytes(file)).get(0);
        } catch (IOException | GeneralSecurityException | IndexOutOfBoundsException e) {
            throw new SnsRejection("sns_certificate_invalid", "pre-provisioned certificate " + quote(fileName)
                    + " cannot be read: " + e.getMessage());
        }
    }

    private X509Certificate fetch(URI uri) {
        SnsHttp.Answer answer;
        try {
            answer = http.get(uri, properties.maxCertificateBytes());
        } catch (IOException e) {
            LOG.warn("cannot fetch SNS signing certificate {}: {}", uri, e.toString());
            throw new SnsUnavailableException("signing certificate " + quote(uri) + " could not be fetched: "
                    + e.getMessage());
        }
        if (answer.status() != 200) {
            throw new SnsRejection("sns_certificate_invalid", "signing certificate " + quote(uri) + " answered HTTP "
                    + answer.status());
        }
        List<X509Certificate> chain;
        try {
            chain = parse(answer.body());
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new SnsRejection("sns_certificate_invalid", "signing certificate " + quote(uri) + " is not a PEM"
                    + " certificate");
        }
        if (chain.isEmpty()) {
            throw new SnsRejection("sns_certificate_invalid", "signing certificate " + quote(uri) + " is empty");
        }
        validateChain(chain, uri);
        LOG.info("fetched SNS signing certificate {} ({}, valid until {})", uri,
                chain.get(0).getSubjectX500Principal().getName(), chain.get(0).getNotAfter().toInstant());
        return chain.get(0);
    }

    /** PKIX: the leaf, helped by any intermediates in the same file, must chain to a trust anchor. */
    private void validateChain(List<X509Certificate> chain, URI uri) {
        X509Certificate leaf = chain.get(0);
        if (trust.isAnchor(leaf)) {
            return;
        }
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(leaf);
            PKIXBuilderParameters parameters = new PKIXBuilderParameters(trust.anchors(), target);
            parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(chain)));
            // revocation would need OCSP/CRL traffic to third parties on every fetch; certificates are short-lived
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(clock.instant()));
            CertPathBuilder.getInstance("PKIX").build(parameters);
        } catch (GeneralSecurityException e) {
            throw new SnsRejection("sns_certificate_untrusted", "signing certificate " + quote(uri)
                    + " does not chain to a trusted authority: " + e.getMessage());
        }
    }

    private static List<X509Certificate> parse(byte[] pem) throws GeneralSecurityException {
        Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem));
        List<X509Certificate> list = new ArrayList<>();
        for (Certificate c : certificates) {
            list.add((X509Certificate) c);
        }
        return list;
    }

    static String quote(Object value) {
        return "\"" + value + "\"";
    }
}
