package io.alerthub.triage;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Group commit of the intake writer ({@code alerthub.intake.*}): the most deliveries per transaction, how many may
 * wait, and how long a request waits for its commit before it is answered 503.
 */
@ConfigurationProperties("alerthub.intake")
public record IntakeProperties(Integer maxBatch, Integer queueCapacity, Duration commitTimeout) {
    public IntakeProperties {
        maxBatch = maxBatch == null ? 256 : maxBatch;
        queueCapacity = queueCapacity == null ? 10_000 : queueCapacity;
        commitTimeout = commitTimeout == null ? Duration.ofSeconds(30) : commitTimeout;
    }
}
