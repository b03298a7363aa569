package io.alerthub.ingest.sns;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the SNS endpoint ({@code alerthub.sns.*}): which hosts may serve signing certificates and
 * subscription URLs, the directory of pre-provisioned certificates for hubs without internet access, the trust
 * store fetched certificates must chain to (the JVM's when unset), and the limits of every outbound request.
 *
 * @param allowedHosts       regular expression the whole authority ({@code host[:port]}) of a SigningCertURL or
 *                           SubscribeURL must match
 * @param certificateDir     directory of {@code SimpleNotificationService-<id>.pem} files, looked up by the cert
 *                           URL's file name before anything is fetched; null for none
 * @param trustStore         PKCS12/JKS file of trust anchors for fetched certificates and for TLS; null for the
 *                           JVM's
 * @param maxClockSkew       how far a message's Timestamp may lie in the future of the hub's clock
 * @param maxMessageAge      how far a message delivered to the HTTPS endpoint may lie in the past (SNS stops retrying
 *                           an HTTP/S delivery after at most 3,600 s); older ones are refused as replays
 */
@ConfigurationProperties("alerthub.sns")
public record SnsProperties(String allowedHosts, Path certificateDir, Path trustStore, String trustStorePassword,
                            String trustStoreType, Duration connectTimeout, Duration requestTimeout,
                            Integer maxCertificateBytes, Integer certificateCacheSize, Duration maxClockSkew,
                            Duration maxMessageAge) {
    /** AWS's SNS endpoints: {@code sns.<region>.amazonaws.com}, and {@code .amazonaws.com.cn} in the China partition. */
    public static final String AWS_HOSTS = "sns\\.[a-z]{2}(-gov)?-[a-z]+-\\d\\.amazonaws\\.com(\\.cn)?";

    public SnsProperties {
        allowedHosts = allowedHosts == null || allowedHosts.isBlank() ? AWS_HOSTS : allowedHosts;
        trustStoreType = trustStoreType == null ? "PKCS12" : trustStoreType;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(10) : requestTimeout;
        maxCertificateBytes = maxCertificateBytes == null ? 64 * 1024 : maxCertificateBytes;
        certificateCacheSize = certificateCacheSize == null ? 64 : certificateCacheSize;
        maxClockSkew = maxClockSkew == null ? Duration.ofMinutes(15) : maxClockSkew;
        maxMessageAge = maxMessageAge == null ? Duration.ofHours(1) : maxMessageAge;
    }
}
