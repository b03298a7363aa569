package io.alerthub.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks and reads PagerDuty v3 webhooks (the way acknowledgements and resolutions made in PagerDuty come back):
 * {@code X-PagerDuty-Signature} carries one or more comma-separated {@code v1=<hex HMAC-SHA256 of the raw body>}
 * signatures, one per signing secret PagerDuty holds; the delivery is authentic when any of them matches any secret
 * configured here (several while a secret is rotated). Comparison is constant time. Only
 * {@code incident.acknowledged} and {@code incident.resolved} are read; other event types are authentic but of no
 * interest. The HTTP endpoint is not part of this class: it must hand over the body bytes exactly as received.
 */
public final class PagerDutyWebhookVerifier {
    /** The header PagerDuty signs deliveries in. */
    public static final String SIGNATURE_HEADER = "X-PagerDuty-Signature";
    /** More signatures than this in one header is not PagerDuty: bounds the work an attacker can cause. */
    static final int MAX_SIGNATURES = 10;
    private static final String VERSION_PREFIX = "v1=";
    private static final int HMAC_SHA256_BYTES = 32;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final List<SecretKeySpec> keys;

    /** An acknowledgement or resolution done in PagerDuty, for the incident whose dedup key (our id) it names. */
    public record Event(String eventId, Type type, String incidentKey, String pagerDutyIncidentId, String who,
            Instant occurredAt) {
    }

    /** The event types that change an incident here. */
    public enum Type {
        ACKNOWLEDGED("incident.acknowledged"), RESOLVED("incident.resolved");

        private final String eventType;

        Type(String eventType) {
            this.eventType = eventType;
        }

        public String eventType() {
            return eventType;
        }

        static Optional<Type> of(String eventType) {
            for (Type type : values()) {
                if (type.eventType.equals(eventType)) {
                    return Optional.of(type);
                }
            }
            return Optional.empty();
        }
    }

    /** Why a delivery was refused; the endpoint answers 401 for signatures and 400 for a malformed body. */
    public static final class Rejected extends Exception {
        private final boolean badSignature;

        Rejected(boolean badSignature, String message) {
            super(message, null, false, false);
            this.badSignature = badSignature;
        }

        /** True for a missing or wrong signature, false for a body that is not a v3 webhook. */
        public boolean badSignature() {
            return badSignature;
        }
    }

    /** @param secrets the webhook subscription's signing secrets, current and (while rotating) previous */
    public PagerDutyWebhookVerifier(List<byte[]> secrets) {
        if (secrets == null || secrets.isEmpty()) {
            throw new IllegalArgumentException("pagerduty webhook verifier needs at least one signing secret");
        }
        List<SecretKeySpec> specs = new ArrayList<>();
        for (byte[] secret : secrets) {
            if (secret == null || secret.length == 0) {
                throw new IllegalArgumentException("pagerduty webhook signing secret is empty");
            }
            specs.add(new SecretKeySpec(secret, "HmacSHA256"));
        }
        this.keys = List.copyOf(specs);
    }

    /** True when {@code signatureHeader} holds a v1 signature of {@code rawBody} by one of the configured secrets. */
    public boolean verify(byte[] rawBody, String signatureHeader) {
        if (rawBody == null || signatureHeader == null) {
            return false;
        }
        List<byte[]> candidates = signatures(signatureHeader);
        boolean match = false;
        for (SecretKeySpec key : keys) {
            byte[] expected = hmac(key, rawBody);
            for (byte[] candidate : candidates) {
                // no early exit: the time taken does not tell which secret or which signature matched
                match |= MessageDigest.isEqual(expected, candidate);
            }
        }
        return match;
    }

    /**
     * Verifies and reads one delivery: the acknowledgement or resolution it reports, or empty for any other
     * (authentic) event type, such as {@code incident.triggered} or PagerDuty's {@code pagey.ping}.
     */
    public Optional<Event> verifyAndParse(byte[] rawBody, String signatureHeader) throws Rejected {
        if (signatureHeader == null || signatureHeader.isBlank()) {
            throw new Rejected(true, "missing " + SIGNATURE_HEADER + " header");
        }
        if (!verify(rawBody, signatureHeader)) {
            throw new Rejected(true, "no valid signature in " + SIGNATURE_HEADER);
        }
        return parse(rawBody);
    }

    /** Reads an (already verified) delivery; see {@link #verifyAndParse}. */
    public static Optional<Event> parse(byte[] rawBody) throws Rejected {
        JsonNode root;
        try {
            root = rawBody == null ? null : MAPPER.readTree(rawBody);
        } catch (IOException e) {
            throw new Rejected(false, "body is not json");
        }
        JsonNode event = root == null ? null : root.get("event");
        if (event == null || !event.isObject()) {
            throw new Rejected(false, "missing key \"event\"");
        }
        String eventType = text(event, "event_type");
        if (eventType == null) {
            throw new Rejected(false, "missing key \"event.event_type\"");
        }
        Optional<Type> type = Type.of(eventType);
        if (type.isEmpty()) {
            return Optional.empty();
        }
        JsonNode data = event.path("data");
        String incidentKey = text(data, "incident_key");
        if (incidentKey == null) {
            throw new Rejected(false, "missing key \"event.data.incident_key\" in " + eventType);
        }
        JsonNode agent = event.path("agent");
        String who = agent.isObject() ? firstText(agent, "summary", "id") : null;
        return Optional.of(new Event(text(event, "id"), type.get(), incidentKey, text(data, "id"),
                who != null ? who : "pagerduty", instant(text(event, "occurred_at"))));
    }

    private static List<byte[]> signatures(String header) {
        List<byte[]> signatures = new ArrayList<>();
        for (String part : header.split(",", MAX_SIGNATURES + 1)) {
            if (signatures.size() == MAX_SIGNATURES) {
                break;
            }
            String signature = part.trim();
            if (!signature.startsWith(VERSION_PREFIX)) {
                continue;
            }
            String hex = signature.substring(VERSION_PREFIX.length());
            if (hex.length() != HMAC_SHA256_BYTES * 2) {
                continue;
            }
            try {
                signatures.add(HexFormat.of().parseHex(hex));
            } catch (IllegalArgumentException e) {
                // not hex: cannot match, skip like any unknown signature
            }
        }
        return signatures;
    }

    private static byte[] hmac(SecretKeySpec key, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }

    private static String firstText(JsonNode node, String... names) {
        for (String name : names) {
            String value = text(node, name);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static Instant instant(String value) {
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
