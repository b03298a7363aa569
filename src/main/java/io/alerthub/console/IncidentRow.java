package io.alerthub.console;

import io.alerthub.model.Incident;

/** One line of the console's incident list: the incident and who works on it (see {@link IncidentFields}). */
public record IncidentRow(Incident incident, String assignee) {
}
