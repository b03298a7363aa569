package io.alerthub.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alerthub.model.TimelineEntry;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Each incident's timeline: an append-only list of what happened, in order. */
@Repository
public class TimelineStore {
    private static final TypeReference<Map<String, Object>> DETAIL = new TypeReference<>() { };
    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public TimelineStore(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public void append(String incidentId, TimelineEntry entry) {
        try {
            jdbc.update("INSERT INTO timeline (incident_id, occurred_at, actor, kind, detail) VALUES (?, ?, ?, ?, ?)",
                    incidentId, Sql.ts(entry.at()), entry.actor(), entry.kind(), json.writeValueAsString(entry.detail()));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<TimelineEntry> list(String incidentId) {
        return jdbc.query("SELECT occurred_at, actor, kind, detail FROM timeline WHERE incident_id = ? ORDER BY id",
                (rs, n) -> {
                    try {
                        return new TimelineEntry(Sql.instant(rs, "occurred_at"), rs.getString("actor"),
                                rs.getString("kind"), json.readValue(rs.getString("detail"), DETAIL));
                    } catch (JsonProcessingException e) {
                        throw new UncheckedIOException(e);
                    }
                }, incidentId);
    }
}
