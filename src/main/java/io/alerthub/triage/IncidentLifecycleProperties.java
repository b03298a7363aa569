package io.alerthub.triage;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The hub's defaults for the incident lifecycle ({@code alerthub.incidents.*}); a customer's {@code incidents:}
 * section (per customer and alert class) wins over them.
 *
 * @param resolveTimeout an incident that has had no firing alert for this long is resolved by the hub (default 24h,
 *                       for sources that never send a recovery); 0 = never
 * @param refireAfter    a firing alert that folds into an incident a person owns tells that person again when it
 *                       comes this long after the person took it or last heard of it (default 4h); 0 = never
 * @param sweepInterval  how often the resolve-timeout sweep runs (route {@code triage.resolve-timeout})
 * @param batchSize      incidents one sweep resolves at most per customer and timeout, in one transaction
 */
@ConfigurationProperties("alerthub.incidents")
public record IncidentLifecycleProperties(Duration resolveTimeout, Duration refireAfter, Duration sweepInterval,
                                          Integer batchSize) {

    public IncidentLifecycleProperties {
        resolveTimeout = resolveTimeout == null ? Duration.ofHours(24) : resolveTimeout;
        refireAfter = refireAfter == null ? Duration.ofHours(4) : refireAfter;
        sweepInterval = sweepInterval == null ? Duration.ofMinutes(1) : sweepInterval;
        batchSize = batchSize == null ? 500 : batchSize;
        if (resolveTimeout.isNegative()) {
            throw new IllegalArgumentException("alerthub.incidents.resolve-timeout: invalid value \"" + resolveTimeout
                    + "\" (valid: 0 for never, or a positive duration such as 24h)");
        }
        if (refireAfter.isNegative()) {
            throw new IllegalArgumentException("alerthub.incidents.refire-after: invalid value \"" + refireAfter
                    + "\" (valid: 0 for never, or a positive duration such as 4h)");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("alerthub.incidents.batch-size: invalid value " + batchSize
                    + " (valid: 1 or more)");
        }
    }
}
