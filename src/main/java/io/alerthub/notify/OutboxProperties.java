package io.alerthub.notify;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the outbox is worked off ({@code alerthub.outbox.*}): how often it is polled when nothing wakes it, how long
 * a sender owns an entry, how often and how patiently a failing delivery is retried, how many deliveries run at
 * once, and where incident links point.
 *
 * @param enabled        false: notifications wait in the outbox, nothing is sent (a hub that must stay silent)
 * @param pollInterval   the longest a due entry waits when no event woke the sender
 * @param lease          how long a sender owns an entry; a sender that died frees it after this
 * @param maxAttempts    deliveries tried before the channel counts as failed (then the fallback, else dead letter)
 * @param initialBackoff the wait after the first failure; doubled per attempt, at least what Retry-After asks
 * @param maxBackoff     the longest wait between two attempts
 * @param senders        deliveries running at once
 * @param publicUrl      the hub's URL as people reach it (links in messages)
 */
@ConfigurationProperties("alerthub.outbox")
public record OutboxProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("60s") Duration lease,
        @DefaultValue("6") int maxAttempts,
        @DefaultValue("2s") Duration initialBackoff,
        @DefaultValue("5m") Duration maxBackoff,
        @DefaultValue("4") int senders,
        @DefaultValue("http://localhost:8080") String publicUrl) {

    public OutboxProperties {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("alerthub.outbox.max-attempts: invalid value " + maxAttempts
                    + " (valid: 1 or more)");
        }
        if (senders < 1) {
            throw new IllegalArgumentException("alerthub.outbox.senders: invalid value " + senders
                    + " (valid: 1 or more)");
        }
        publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    /** The wait before attempt {@code attempts + 1}: doubling from the initial backoff, capped, never below
     * what the receiver asked for. */
    public Duration backoff(int attempts, Duration retryAfter) {
        Duration wait = initialBackoff.multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 20));
        if (wait.compareTo(maxBackoff) > 0) {
            wait = maxBackoff;
        }
        return retryAfter != null && retryAfter.compareTo(wait) > 0 ? retryAfter : wait;
    }
}
