package io.alerthub.store;

import java.time.Duration;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How long the hub keeps what grows without bound ({@code alerthub.retention.*}): raw inbox bodies, rejected input,
 * the output of scenario steps on the timeline, sent notifications and remembered PagerDuty deliveries. A period of
 * 0 or none keeps that data forever. The purge runs every {@code interval}, in batches of {@code batchSize} rows,
 * at most {@code maxBatches} batches per table and run.
 */
@ConfigurationProperties("alerthub.retention")
public record RetentionProperties(Duration interval, Integer batchSize, Integer maxBatches, Duration inboxBodies,
                                  Duration rejected, Duration timelineOutput, Duration sentNotifications,
                                  Duration pagerdutyDeliveries) {
    public RetentionProperties {
        interval = interval == null ? Duration.ofHours(1) : interval;
        batchSize = batchSize == null ? 500 : batchSize;
        maxBatches = maxBatches == null ? 100 : maxBatches;
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("alerthub.retention.interval: must be positive, got \"" + interval + "\"");
        }
        if (batchSize < 1 || maxBatches < 1) {
            throw new IllegalArgumentException("alerthub.retention.batch-size and max-batches: must be positive, got "
                    + batchSize + " and " + maxBatches);
        }
    }

    /** The period, when data of this kind is purged at all. */
    static Optional<Duration> keep(Duration period) {
        return period == null || period.isZero() || period.isNegative() ? Optional.empty() : Optional.of(period);
    }
}
