package io.alerthub.notify.slack;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Slack's request signing (notify stage, interactive buttons): {@code X-Slack-Signature} is {@code v0=} and the hex
 * HMAC-SHA256, keyed with the app's signing secret, of {@code v0:<X-Slack-Request-Timestamp>:<raw body>}; a timestamp
 * further than {@code maxAge} from now either way is refused, so a captured request is only good for that long (the
 * replay table covers the rest). Comparison is constant time.
 */
public final class SlackRequestSigning {
    /** The headers Slack signs in. */
    public static final String SIGNATURE_HEADER = "X-Slack-Signature";
    public static final String TIMESTAMP_HEADER = "X-Slack-Request-Timestamp";
    private static final String VERSION = "v0";
    private final SecretKeySpec key;
    private final Duration maxAge;

    /** Why a request was refused, as a log line tells it (the caller is told less). */
    public enum Verdict {
        VALID(null),
        MISSING("missing X-Slack-Signature or X-Slack-Request-Timestamp header"),
        STALE("X-Slack-Request-Timestamp outside the accepted window"),
        BAD_SIGNATURE("X-Slack-Signature does not match"),
        REPLAYED("X-Slack-Signature already used (a replayed request)");

        private final String reason;

        Verdict(String reason) {
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    public SlackRequestSigning(byte[] signingSecret, Duration maxAge) {
        if (signingSecret == null || signingSecret.length == 0) {
            throw new IllegalArgumentException("slack signing secret is empty");
        }
        this.key = new SecretKeySpec(signingSecret, "HmacSHA256");
        this.maxAge = maxAge;
    }

    /** Checks one request as received: its two headers and the body bytes exactly as sent. */
    public Verdict verify(String timestamp, String signature, byte[] body, Instant now) {
        if (timestamp == null || signature == null || timestamp.isBlank() || signature.isBlank()) {
            return Verdict.MISSING;
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return Verdict.STALE;
        }
        if (Math.abs(now.getEpochSecond() - seconds) > maxAge.toSeconds()) {
            return Verdict.STALE;
        }
        byte[] expected = (VERSION + "=" + HexFormat.of().formatHex(hmac(key, timestamp.trim(), body)))
                .getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.trim().getBytes(StandardCharsets.US_ASCII)) ? Verdict.VALID
                : Verdict.BAD_SIGNATURE;
    }

    /** The {@code X-Slack-Signature} value Slack sends for {@code body} at {@code timestamp} (demo and tests). */
    public static String sign(byte[] signingSecret, String timestamp, byte[] body) {
        return VERSION + "=" + HexFormat.of().formatHex(hmac(new SecretKeySpec(signingSecret, "HmacSHA256"),
                timestamp, body));
    }

    private static byte[] hmac(SecretKeySpec key, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update((VERSION + ":" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }
}
