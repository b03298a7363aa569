package io.alerthub.analytics;

import java.time.Instant;
import java.util.List;

/** Automation coverage per customer and the ranked "automate next" list ({@code GET /api/v1/stats/coverage}). */
public record CoverageReport(Instant from, Instant to, List<Coverage> coverage, List<AutomateNext> automateNext) {
}
