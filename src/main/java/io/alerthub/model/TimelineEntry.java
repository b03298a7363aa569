package io.alerthub.model;

import java.time.Instant;
import java.util.Map;

/**
 * One event on an incident's timeline: when, who ({@code hub}, a person, or a source such as
 * {@code alertmanager}), what kind ({@code received}, {@code duplicate}, {@code resolved_by_source}, scenario steps,
 * notifications…) and the details.
 */
public record TimelineEntry(Instant at, String actor, String kind, Map<String, Object> detail) {
    public TimelineEntry {
        detail = detail == null ? Map.of() : detail;
    }
}
