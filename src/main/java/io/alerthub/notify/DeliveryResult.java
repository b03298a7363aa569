package io.alerthub.notify;

import java.time.Duration;

/**
 * What one delivery attempt came to: sent (with the channel's reference for it), worth retrying (with the wait the
 * receiver asked for, if any) or failed for good.
 *
 * @param retryAfter  the wait the receiver asked for ({@code Retry-After}); null when it named none
 * @param externalRef the channel's reference: Slack {@code ts}, PagerDuty {@code dedup_key}, e-mail
 *                    {@code Message-ID}
 * @param detail      why, for the timeline and the dead letter; never contains a secret
 */
public record DeliveryResult(Status status, Duration retryAfter, String externalRef, String detail) {

    /** How the outbox treats an attempt. */
    public enum Status { SENT, RETRY, FAILED /* permanent */ }

    public static DeliveryResult sent(String externalRef, String detail) {
        return new DeliveryResult(Status.SENT, null, externalRef, detail);
    }

    public static DeliveryResult retry(Duration retryAfter, String detail) {
        return new DeliveryResult(Status.RETRY, retryAfter, null, detail);
    }

    public static DeliveryResult failed(String detail) {
        return new DeliveryResult(Status.FAILED, null, null, detail);
    }
}
