package io.alerthub.console;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alerthub.model.Incident;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * An incident's fields by their API names ({@code GET /api/v1/incidents/{id}}), so the console shows fields the
 * incident gains later ({@code assignee}, {@code resolvedBy}, {@code snoozedUntil}…) without code of its own.
 */
@Component
public class IncidentFields {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };
    private final ObjectMapper json;

    public IncidentFields(ObjectMapper json) {
        this.json = json;
    }

    /** The incident as the API writes it (null fields left out). */
    public Map<String, Object> of(Incident incident) {
        return json.convertValue(incident, MAP);
    }

    /** Who works on the incident now: its assignee, else who acknowledged it; null when nobody does. */
    public static String assignee(Map<String, Object> fields) {
        Object assignee = fields.get("assignee");
        if (assignee == null) {
            assignee = fields.get("acknowledgedBy");
        }
        return assignee == null ? null : String.valueOf(assignee);
    }
}
