package io.alerthub.model;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One delivery exactly as it arrived (the inbox record): which customer, channel ({@code webhook}, {@code mail},
 * {@code sns}…) and format, when, and the bytes. Its {@code id} is assigned on arrival and becomes each alert's
 * {@code rawRef}.
 */
public record RawPayload(String id, String customerId, String channel, String format, String contentType,
                         Instant receivedAt, byte[] body) {

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
