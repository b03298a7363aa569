package io.alerthub.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The correlation keys each incident was reported under, per channel (cross-channel correlation, V17). */
@Repository
public class CorrelationStore {
    private final JdbcTemplate jdbc;

    public CorrelationStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** One channel's earlier report of a key: the incident it went to, that channel and its format. */
    public record Sighting(String incidentId, String channel, String format, Instant seenAt) {
    }

    /**
     * The newest incident reported under one of {@code keys} by a channel other than {@code channel}, last seen at or
     * after {@code notBefore}; with {@code openOnly} only an incident that is still open.
     */
    public Optional<Sighting> find(String customerId, Collection<String> keys, String channel, Instant notBefore,
                                   boolean openOnly) {
        if (keys.isEmpty()) {
            return Optional.empty();
        }
        List<Object> args = new ArrayList<>();
        args.add(customerId);
        args.addAll(keys);
        args.add(channel);
        args.add(Sql.ts(notBefore));
        String sql = "SELECT c.incident_id, c.channel, c.format, c.seen_at FROM incident_correlation c"
                + (openOnly ? " JOIN incidents i ON i.id = c.incident_id AND i.open_fingerprint IS NOT NULL" : "")
                + " WHERE c.customer_id = ? AND c.correlation_key IN ("
                + String.join(", ", java.util.Collections.nCopies(keys.size(), "?"))
                + ") AND c.channel <> ? AND c.seen_at >= ? ORDER BY c.seen_at DESC, c.incident_id DESC LIMIT 1";
        return jdbc.query(sql, (rs, n) -> new Sighting(rs.getString("incident_id"), rs.getString("channel"),
                rs.getString("format"), Sql.instant(rs, "seen_at")), args.toArray()).stream().findFirst();
    }

    /** The channel other than {@code channel} that first reported a key of the incident, if any. */
    public Optional<Sighting> reportedBy(String incidentId, String channel) {
        return jdbc.query("SELECT incident_id, channel, format, seen_at FROM incident_correlation WHERE incident_id = ?"
                + " AND channel <> ? ORDER BY seen_at LIMIT 1", (rs, n) -> new Sighting(rs.getString("incident_id"),
                rs.getString("channel"), rs.getString("format"), Sql.instant(rs, "seen_at")), incidentId, channel)
                .stream().findFirst();
    }

    /**
     * Notes that {@code channel} reported {@code key} (at most 600 characters) for the incident at {@code at}, in
     * {@code format}; runs inside the fold's transaction.
     */
    public void remember(String incidentId, String customerId, String key, String channel, String format, Instant at) {
        int updated = jdbc.update("UPDATE incident_correlation SET seen_at = ? WHERE incident_id = ? AND correlation_key = ?"
                + " AND channel = ? AND seen_at < ?", Sql.ts(at), incidentId, key, channel, Sql.ts(at));
        if (updated == 0) {
            // no row, or one already as new: insert only when absent (portable; the intake writer retries a conflict)
            Integer present = jdbc.queryForObject("SELECT COUNT(*) FROM incident_correlation WHERE incident_id = ?"
                    + " AND correlation_key = ? AND channel = ?", Integer.class, incidentId, key, channel);
            if (present == null || present == 0) {
                jdbc.update("INSERT INTO incident_correlation (incident_id, customer_id, correlation_key, channel,"
                        + " format, seen_at) VALUES (?, ?, ?, ?, ?, ?)", incidentId, customerId, key, channel,
                        Sql.truncate(format, 64), Sql.ts(at));
            }
        }
    }
}
