package io.alerthub.normalize.mail;

/**
 * A mail the normalize stage will not decode because it is beyond a {@link MimeLimits} bound, too large to fetch, or
 * cannot be scanned; {@code reason} is a short code for metrics and labels ({@code mime_depth}, {@code mime_parts},
 * {@code decode_budget}, {@code mime_malformed}), the message says it for a person.
 */
public class UnsafeMailException extends Exception {
    private final String reason;

    public UnsafeMailException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
