package io.alerthub.analytics;

import java.time.Instant;

/**
 * A stats request: optional customer and department filters, the period of the incidents' first alert
 * ({@code from} inclusive, {@code to} exclusive; null for the default window ending now) and the grouping.
 */
public record StatsQuery(String customer, String department, Instant from, Instant to, StatsGroup groupBy) {
    public StatsQuery {
        groupBy = groupBy == null ? StatsGroup.ALERT_CLASS : groupBy;
    }
}
