package io.alerthub.notify;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Replay limits of PagerDuty webhooks in ({@code alerthub.pagerduty-webhook.*}): a delivery whose {@code occurred_at}
 * is older than {@code maxAge}, or further than {@code maxClockSkew} in the future, is refused; younger ones are
 * recognised by their event id.
 */
@ConfigurationProperties("alerthub.pagerduty-webhook")
public record PagerDutyWebhookProperties(Duration maxAge, Duration maxClockSkew) {
    public PagerDutyWebhookProperties {
        maxAge = maxAge == null ? Duration.ofHours(1) : maxAge;
        maxClockSkew = maxClockSkew == null ? Duration.ofMinutes(5) : maxClockSkew;
    }
}
