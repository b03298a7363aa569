package io.alerthub.config;

import jakarta.validation.constraints.NotNull;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A silence or maintenance window ({@code silences:} in customer.yaml; the API adds more at runtime): while it
 * lasts, new incidents on the matching hosts and alert classes are {@code SUPPRESSED} — no scenario runs and nobody
 * is notified — and the timeline says which silence did it. An empty list matches everything.
 */
public record SilenceConfig(
        String id,
        List<String> hosts,
        List<String> alertClasses,
        @NotNull(message = "is required") OffsetDateTime startsAt,
        @NotNull(message = "is required") OffsetDateTime endsAt,
        String comment) {

    public SilenceConfig {
        hosts = CustomerConfig.immutable(hosts);
        alertClasses = CustomerConfig.immutable(alertClasses);
    }
}
