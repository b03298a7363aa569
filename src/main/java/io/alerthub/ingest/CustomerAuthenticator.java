package io.alerthub.ingest;

import io.alerthub.config.BearerCredential;
import io.alerthub.config.CustomerConfig;
import io.alerthub.config.CustomerRegistry;
import io.alerthub.config.HmacCredential;
import io.alerthub.config.IngestCredential;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Ingest stage check that a request carries one of the credentials of the customer named in its path (bearer token
 * or timestamped HMAC-SHA256 signature, see {@code ingest.auth} in customer.yaml); another customer's credential
 * never passes, secrets are compared in constant time, an HMAC signature passes once (a replay inside the clock-skew
 * window is refused), and why a request failed is logged, never returned.
 */
@Component
public class CustomerAuthenticator {
    static final String AUTHORIZATION = "Authorization";
    private static final Logger LOG = LoggerFactory.getLogger(CustomerAuthenticator.class);
    private static final Pattern UNIX_SECONDS = Pattern.compile("\\d{1,12}");
    private static final Pattern SAFE_ID = Pattern.compile(CustomerConfig.ID);
    private static final String SHA256_PREFIX = "sha256=";

    private final CustomerRegistry registry;
    private final Clock clock;
    private final Duration maxClockSkew;
    private final HmacReplays replays;

    public CustomerAuthenticator(CustomerRegistry registry, Clock clock, IngestAuthProperties properties,
                                 HmacReplays replays) {
        this.registry = registry;
        this.clock = clock;
        this.maxClockSkew = properties.maxClockSkew();
        this.replays = replays;
    }

    /**
     * Passes when any credential of {@code customerId} matches the request.
     *
     * @param header the request's header by name (null when absent); callers look names up ignoring case
     * @param body   the raw request body, exactly as received (the HMAC covers these bytes)
     * @return the replay key an HMAC signature claimed ({@link HmacReplays#release} it if the request is not
     *         accepted after all), or null when a bearer token passed
     * @throws UnauthorizedException for an unknown customer, when no credential matches, or for a replayed signature
     */
    public String authenticate(String customerId, Function<String, String> header, byte[] body) {
        Optional<CustomerConfig> customer = registry.find(customerId);
        if (customer.isEmpty()) {
            throw reject(customerId, "unknown customer");
        }
        byte[] content = body == null ? new byte[0] : body;
        List<IngestCredential> credentials = customer.get().ingest().auth();
        List<String> reasons = new ArrayList<>(credentials.size());
        for (int i = 0; i < credentials.size(); i++) {
            IngestCredential credential = credentials.get(i);
            String failure;
            if (credential instanceof BearerCredential bearer) {
                failure = checkBearer(bearer, header);
                if (failure == null) {
                    return null;
                }
            } else {
                HmacCredential hmac = (HmacCredential) credential;
                failure = checkHmac(hmac, header, content);
                if (failure == null) {
                    // the decoded signature, so "sha256=" or upper-case hex do not make a replay look new
                    String replayKey = customerId + ":" + i + ":"
                            + HexFormat.of().formatHex(decodeHex(header.apply(hmac.header())));
                    if (replays.claim(replayKey)) {
                        return replayKey;
                    }
                    failure = "signature already used (a replay inside the " + maxClockSkew.toSeconds() + " s window)";
                }
            }
            reasons.add("ingest.auth[" + i + "] " + credential.type() + ": " + failure);
        }
        throw reject(customerId, String.join("; ", reasons));
    }

    /** What a request's headers alone show, before its body is read (see {@link #presented}). */
    public enum Presented { NONE, BODY_NEEDED, AUTHENTICATED }

    /**
     * Looks at the headers only, so the ingest guard can refuse before reading a body: {@code AUTHENTICATED} when a
     * bearer token of the customer matches, {@code BODY_NEEDED} when the headers of one of its HMAC credentials are
     * present (the signature covers the body; {@link #authenticate} decides), otherwise {@code NONE}.
     */
    public Presented presented(String customerId, Function<String, String> header) {
        Optional<CustomerConfig> customer = registry.find(customerId);
        if (customer.isEmpty()) {
            return Presented.NONE;
        }
        Presented result = Presented.NONE;
        for (IngestCredential credential : customer.get().ingest().auth()) {
            if (credential instanceof BearerCredential bearer && checkBearer(bearer, header) == null) {
                return Presented.AUTHENTICATED;
            }
            if (credential instanceof HmacCredential hmac && header.apply(hmac.header()) != null
                    && header.apply(hmac.timestampHeader()) != null) {
                result = Presented.BODY_NEEDED;
            }
        }
        return result;
    }

    private static String checkBearer(BearerCredential bearer, Function<String, String> header) {
        String authorization = header.apply(AUTHORIZATION);
        if (authorization == null) {
            return "no Authorization header";
        }
        // the scheme name is case-insensitive (RFC 9110 11.1)
        if (authorization.length() < 7 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return "Authorization header is not a bearer token";
        }
        return bearer.token().matches(authorization.substring(7).trim()) ? null : "token does not match";
    }

    private String checkHmac(HmacCredential hmac, Function<String, String> header, byte[] body) {
        String signature = header.apply(hmac.header());
        String timestamp = header.apply(hmac.timestampHeader());
        if (signature == null || timestamp == null) {
            return "no " + (signature == null ? hmac.header() : hmac.timestampHeader()) + " header";
        }
        if (!UNIX_SECONDS.matcher(timestamp).matches()) {
            return hmac.timestampHeader() + " is not unix seconds";
        }
        long skew = Long.parseLong(timestamp) - clock.instant().getEpochSecond();
        if (Math.abs(skew) > maxClockSkew.toSeconds()) {
            return "timestamp is " + Math.abs(skew) + " s in the " + (skew < 0 ? "past" : "future")
                    + " (allowed: " + maxClockSkew.toSeconds() + " s)";
        }
        byte[] presented = decodeHex(signature);
        if (presented == null) {
            return hmac.header() + " is not a hex HMAC-SHA256";
        }
        return MessageDigest.isEqual(sign(hmac, timestamp, body), presented) ? null : "signature does not match";
    }

    /** HMAC-SHA256 over {@code timestamp + "." + body}. */
    static byte[] sign(HmacCredential hmac, String timestamp, byte[] body) {
        byte[] key = hmac.secret().bytes();
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '.');
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private static byte[] decodeHex(String signature) {
        String hex = signature.trim();
        if (hex.regionMatches(true, 0, SHA256_PREFIX, 0, SHA256_PREFIX.length())) {
            hex = hex.substring(SHA256_PREFIX.length());
        }
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static UnauthorizedException reject(String customerId, String why) {
        // the id comes from the request path: log it only when it looks like an id, so nothing forges log lines
        String who = customerId != null && SAFE_ID.matcher(customerId).matches() ? "\"" + customerId + "\""
                : "(malformed id)";
        LOG.info("ingest authentication failed for customer {}: {}", who, why);
        return new UnauthorizedException();
    }
}
