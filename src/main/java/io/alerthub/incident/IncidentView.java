package io.alerthub.incident;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.alerthub.model.Incident;
import io.alerthub.model.TimelineEntry;
import java.util.List;

/** An incident as {@code GET /api/v1/incidents/{id}} shows it: its fields, its alert ids and its timeline. */
public record IncidentView(@JsonUnwrapped Incident incident, List<String> alertIds, List<TimelineEntry> timeline) {
}
