package io.alerthub.analytics;

import java.time.Instant;
import java.util.List;

/** The answer of {@code GET /api/v1/stats}: one row per group, and the same figures over every group together. */
public record Stats(Instant from, Instant to, String groupBy, List<StatsRow> items, StatsRow totals) {
}
