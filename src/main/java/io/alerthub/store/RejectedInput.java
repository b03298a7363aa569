package io.alerthub.store;

import java.time.Instant;

/** An input the hub refused: who sent it, why, and the first 64 KiB of what was sent, for an operator to inspect. */
public record RejectedInput(String id, String customerId, String channel, String format, String reason, int status,
                            String detail, Instant receivedAt, long bodySize, String bodyExcerpt) {
}
