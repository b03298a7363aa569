package io.alerthub.analytics;

import java.time.Instant;
import java.util.List;

/**
 * Noisy and slow ({@code GET /api/v1/stats/noisy}): the top fingerprints and alert classes in the chosen order, the
 * slowest scenarios by p90 duration, and the high-severity share overall and per customer.
 */
public record NoiseReport(Instant from, Instant to, String orderBy, List<NoisyAlert> fingerprints,
                          List<NoisyAlert> classes, List<SlowScenario> slowScenarios, SeverityShare highSeverity,
                          List<SeverityShare> highSeverityByCustomer) {
}
