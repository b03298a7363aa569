package io.alerthub.store;

import io.alerthub.model.AlertStatus;
import io.alerthub.model.Incident;
import io.alerthub.model.IncidentState;
import io.alerthub.model.Outcome;
import io.alerthub.model.Severity;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Incidents: one row per folded {@code (customerId, fingerprint)} episode, at most one open per key. */
@Repository
public class IncidentStore {
    private static final String COLUMNS = "id, customer_id, fingerprint, state, outcome, source_status, name, alert_class,"
            + " severity, host, summary, alert_count, first_seen, last_seen, resolved_at";
    private final JdbcTemplate jdbc;

    public IncidentStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Incident> find(String id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM incidents WHERE id = ?", IncidentStore::row, id).stream().findFirst();
    }

    /**
     * The open incident of a key, if there is one, locked until the caller's transaction ends: two hub instances
     * folding into the same incident then take turns instead of losing each other's update.
     */
    public Optional<Incident> findOpen(String customerId, String fingerprint) {
        return jdbc.query("SELECT " + COLUMNS + " FROM incidents WHERE customer_id = ? AND open_fingerprint = ? FOR UPDATE",
                IncidentStore::row, customerId, fingerprint).stream().findFirst();
    }

    /** The newest incident of a key, open or not, locked like {@link #findOpen}. */
    public Optional<Incident> findLatest(String customerId, String fingerprint) {
        return jdbc.query("SELECT " + COLUMNS + " FROM incidents WHERE customer_id = ? AND fingerprint = ?"
                        + " ORDER BY id DESC LIMIT 1 FOR UPDATE", IncidentStore::row, customerId, fingerprint).stream().findFirst();
    }

    public void insert(Incident i) {
        jdbc.update("INSERT INTO incidents (" + COLUMNS + ", open_fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                i.id(), i.customerId(), i.fingerprint(), i.state().name(), name(i.outcome()), i.sourceStatus().json(),
                i.name(), i.alertClass(), i.severity() == null ? null : i.severity().json(), i.host(), i.summary(),
                i.alertCount(), Sql.ts(i.firstSeen()), Sql.ts(i.lastSeen()), Sql.ts(i.resolvedAt()),
                i.state().isOpen() ? i.fingerprint() : null);
    }

    /** Writes back the mutable part of an incident (state, outcome, counts, times, what the source says). */
    public void update(Incident i) {
        jdbc.update("UPDATE incidents SET state = ?, outcome = ?, source_status = ?, severity = ?, summary = ?,"
                        + " alert_count = ?, last_seen = ?, resolved_at = ?, open_fingerprint = ? WHERE id = ?",
                i.state().name(), name(i.outcome()), i.sourceStatus().json(),
                i.severity() == null ? null : i.severity().json(), i.summary(), i.alertCount(), Sql.ts(i.lastSeen()),
                Sql.ts(i.resolvedAt()), i.state().isOpen() ? i.fingerprint() : null, i.id());
    }

    public Page<Incident> list(String customerId, IncidentState state, String cursor, int limit) {
        Sql.Where where = new Sql.Where()
                .and("customer_id = ?", customerId)
                .and("state = ?", state == null ? null : state.name())
                .and("id < ?", cursor);
        return Page.of(jdbc.query("SELECT " + COLUMNS + " FROM incidents" + where.sql() + " ORDER BY id DESC LIMIT ?",
                IncidentStore::row, where.args(limit + 1)), limit, Incident::id);
    }

    private static String name(Enum<?> e) {
        return e == null ? null : e.name();
    }

    private static Incident row(ResultSet rs, int n) throws SQLException {
        String outcome = rs.getString("outcome");
        String severity = rs.getString("severity");
        return new Incident(rs.getString("id"), rs.getString("customer_id"), rs.getString("fingerprint"),
                IncidentState.valueOf(rs.getString("state")), outcome == null ? null : Outcome.valueOf(outcome),
                AlertStatus.fromJson(rs.getString("source_status")), rs.getString("name"), rs.getString("alert_class"),
                severity == null ? null : Severity.fromJson(severity), rs.getString("host"), rs.getString("summary"),
                rs.getInt("alert_count"), Sql.instant(rs, "first_seen"), Sql.instant(rs, "last_seen"),
                Sql.instant(rs, "resolved_at"));
    }
}
