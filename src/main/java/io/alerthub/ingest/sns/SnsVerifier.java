package io.alerthub.ingest.sns;

import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Date;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.springframework.stereotype.Component;

/**
 * Proves an SNS message came from AWS: SignatureVersion 1 (SHA1withRSA) or 2 (SHA256withRSA) over AWS's string to
 * sign, with the certificate its SigningCertURL names ({@link SnsCertificates}), whose subject must be
 * {@code sns.amazonaws.com} and which must be valid both at the message's Timestamp and now.
 */
@Component
public class SnsVerifier {
    static final String SNS_SUBJECT = "sns.amazonaws.com";
    private final SnsCertificates certificates;
    private final SnsProperties properties;
    private final Clock clock;

    public SnsVerifier(SnsCertificates certificates, SnsProperties properties, Clock clock) {
        this.certificates = certificates;
        this.properties = properties;
        this.clock = clock;
    }

    /** Returns normally only when every check passed; otherwise throws {@link SnsRejection} naming the check. */
    public void verify(SnsMessage message) {
        String algorithm = switch (message.signatureVersion() == null ? "" : message.signatureVersion()) {
            case "1" -> "SHA1withRSA";
            case "2" -> "SHA256withRSA";
            default -> throw new SnsRejection("sns_signature_invalid", "unsupported SignatureVersion "
                    + SnsCertificates.quote(message.signatureVersion()) + " (supported: \"1\", \"2\")");
        };
        byte[] signed = message.stringToSign();
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(message.signature() == null ? "" : message.signature());
        } catch (IllegalArgumentException e) {
            throw new SnsRejection("sns_signature_invalid", "Signature is not base64");
        }
        if (signature.length == 0) {
            throw new SnsRejection("sns_signature_invalid", "Signature is missing");
        }
        Instant timestamp = timestamp(message.timestamp());
        Instant now = clock.instant();
        if (timestamp.isAfter(now.plus(properties.maxClockSkew()))) {
            throw new SnsRejection("sns_timestamp_invalid", "Timestamp " + SnsCertificates.quote(message.timestamp())
                    + " lies more than " + properties.maxClockSkew() + " in the future");
        }
        X509Certificate certificate = certificates.certificateFor(message.signingCertUrl());
        checkCertificate(certificate, timestamp, now);
        try {
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(signed);
            if (!verifier.verify(signature)) {
                throw new SnsRejection("sns_signature_invalid", "Signature does not match the message");
            }
        } catch (GeneralSecurityException e) {
            throw new SnsRejection("sns_signature_invalid", "Signature cannot be checked: " + e.getMessage());
        }
    }

    private static Instant timestamp(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException | NullPointerException e) {
            throw new SnsRejection("sns_timestamp_invalid", "Timestamp " + SnsCertificates.quote(text)
                    + " is not an ISO-8601 instant");
        }
    }

    private static void checkCertificate(X509Certificate certificate, Instant timestamp, Instant now) {
        String cn = commonName(certificate);
        if (!SNS_SUBJECT.equals(cn)) {
            throw new SnsRejection("sns_certificate_invalid", "signing certificate subject CN "
                    + SnsCertificates.quote(cn) + " is not " + SnsCertificates.quote(SNS_SUBJECT));
        }
        for (Instant at : new Instant[] {timestamp, now}) {
            try {
                certificate.checkValidity(Date.from(at));
            } catch (CertificateExpiredException | CertificateNotYetValidException e) {
                throw new SnsRejection("sns_certificate_invalid", "signing certificate (valid "
                        + certificate.getNotBefore().toInstant() + " to " + certificate.getNotAfter().toInstant()
                        + ") is not valid at " + (at == now ? "the hub's time " : "the message's Timestamp ") + at);
            }
        }
    }

    private static String commonName(X509Certificate certificate) {
        try {
            LdapName name = new LdapName(certificate.getSubjectX500Principal().getName());
            String cn = null;
            for (Rdn rdn : name.getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    if (cn != null) {
                        return null; // two CNs: ambiguous, refuse
                    }
                    cn = rdn.getValue().toString();
                }
            }
            return cn;
        } catch (InvalidNameException e) {
            return null;
        }
    }
}
