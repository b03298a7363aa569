package io.alerthub.ingest.sns;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the SQS ingest ({@code alerthub.sqs.*}): whether customer queues are polled at all, how a failing
 * queue backs off (skip this many poll intervals after a failed poll), how often a queue whose URL could not be looked
 * up yet is tried again, and the connect timeout towards SQS.
 */
@ConfigurationProperties("alerthub.sqs")
public record SqsProperties(Boolean enabled, Integer backoffMultiplier, Duration retryInterval,
                            Duration connectTimeout) {
    public SqsProperties {
        enabled = enabled == null || enabled;
        backoffMultiplier = backoffMultiplier == null ? 30 : backoffMultiplier;
        retryInterval = retryInterval == null ? Duration.ofMinutes(1) : retryInterval;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
    }
}
