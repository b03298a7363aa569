package io.alerthub.store;

import io.alerthub.model.AlertStatus;
import io.alerthub.model.Incident;
import io.alerthub.model.IncidentState;
import io.alerthub.model.Outcome;
import io.alerthub.model.Severity;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Incidents: one row per folded {@code (customerId, fingerprint)} episode, at most one open per key. */
@Repository
public class IncidentStore {
    private static final String COLUMNS = "id, customer_id, fingerprint, state, outcome, source_status, name, alert_class,"
            + " severity, host, summary, alert_count, first_seen, last_seen, resolved_at";
    private static final String ALL_COLUMNS = COLUMNS + ", scenario, outcome_reason, automation_started_at, decided_at,"
            + " acknowledged_at, acknowledged_by";
    private final JdbcTemplate jdbc;

    public IncidentStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Incident> find(String id) {
        return jdbc.query("SELECT " + ALL_COLUMNS + " FROM incidents WHERE id = ?", IncidentStore::row, id).stream().findFirst();
    }

    /**
     * The open incident of a key, if there is one, locked until the caller's transaction ends: two hub instances
     * folding into the same incident then take turns instead of losing each other's update.
     */
    public Optional<Incident> findOpen(String customerId, String fingerprint) {
        return jdbc.query("SELECT " + ALL_COLUMNS + " FROM incidents WHERE customer_id = ? AND open_fingerprint = ? FOR UPDATE",
                IncidentStore::row, customerId, fingerprint).stream().findFirst();
    }

    /** The newest incident of a key, open or not, locked like {@link #findOpen}. */
    public Optional<Incident> findLatest(String customerId, String fingerprint) {
        return jdbc.query("SELECT " + ALL_COLUMNS + " FROM incidents WHERE customer_id = ? AND fingerprint = ?"
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

    /**
     * Hands an {@code OPEN} incident to a scenario: true for exactly one caller (another thread or hub instance
     * that tries at the same time gets false), which then owns the automation.
     */
    public boolean claim(String id, String scenario, Instant now) {
        return jdbc.update("UPDATE incidents SET state = 'AUTOMATING', scenario = ?, automation_started_at = ?"
                + " WHERE id = ? AND state = 'OPEN'", scenario, Sql.ts(now), id) == 1;
    }

    /**
     * Records a scenario's verdict. The state follows the outcome only while the incident is still {@code OPEN} or
     * {@code AUTOMATING}: when the source resolved it, or a person acknowledged it meanwhile, that state stays.
     */
    public void decide(String id, Outcome outcome, String reason, Instant now) {
        jdbc.update("UPDATE incidents SET outcome = ?, outcome_reason = ?, decided_at = ?,"
                        + " state = CASE WHEN state IN ('OPEN', 'AUTOMATING') THEN ? ELSE state END WHERE id = ?",
                outcome.name(), Sql.truncate(reason, 4000), Sql.ts(now), outcome.name(), id);
    }

    /** Marks an incident suppressed (a silence matched) unless it is already resolved or closed. */
    public boolean suppress(String id, String reason, Instant now) {
        return jdbc.update("UPDATE incidents SET state = 'SUPPRESSED', outcome_reason = ?, decided_at = ?"
                + " WHERE id = ? AND state = 'OPEN'", Sql.truncate(reason, 4000), Sql.ts(now), id) == 1;
    }

    /** Back from {@code SUPPRESSED} to {@code OPEN} (its silence ended); true when this call changed it. */
    public boolean unsuppress(String id) {
        return jdbc.update("UPDATE incidents SET state = 'OPEN', outcome_reason = NULL, decided_at = NULL"
                + " WHERE id = ? AND state = 'SUPPRESSED'", id) == 1;
    }

    /**
     * A person took the incident: true when this call acknowledged it (false when it was already acknowledged,
     * resolved or closed).
     */
    public boolean acknowledge(String id, String by, Instant now) {
        return jdbc.update("UPDATE incidents SET state = 'ACKNOWLEDGED', acknowledged_at = ?, acknowledged_by = ?"
                + " WHERE id = ? AND state NOT IN ('ACKNOWLEDGED', 'RESOLVED', 'CLOSED')", Sql.ts(now),
                Sql.truncate(by, 128), id) == 1;
    }

    /** Ids of incidents in {@code state} last seen before {@code before}, oldest first (the recovery sweep). */
    public List<String> idsInState(IncidentState state, Instant before, int limit) {
        return jdbc.queryForList("SELECT id FROM incidents WHERE state = ? AND last_seen < ? ORDER BY last_seen LIMIT ?",
                String.class, state.name(), Sql.ts(before), limit);
    }

    /** Ids of incidents automating since before {@code before} (a scenario that never finished). */
    public List<String> idsAutomatingSince(Instant before, int limit) {
        return jdbc.queryForList("SELECT id FROM incidents WHERE state = 'AUTOMATING' AND automation_started_at < ?"
                + " ORDER BY automation_started_at LIMIT ?", String.class, Sql.ts(before), limit);
    }

    public Page<Incident> list(String customerId, IncidentState state, String cursor, int limit) {
        return list(customerId, null, state, cursor, limit);
    }

    /**
     * Incidents newest first; {@code within} (null: every customer) is the caller's customer scope, applied on top of
     * the {@code customerId} filter, so a filter naming a customer outside it finds nothing.
     */
    public Page<Incident> list(String customerId, Collection<String> within, IncidentState state, String cursor,
                               int limit) {
        Sql.Where where = new Sql.Where()
                .and("customer_id = ?", customerId)
                .in("customer_id", within)
                .and("state = ?", state == null ? null : state.name())
                .and("id < ?", cursor);
        return Page.of(jdbc.query("SELECT " + ALL_COLUMNS + " FROM incidents" + where.sql() + " ORDER BY id DESC LIMIT ?",
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
                Sql.instant(rs, "resolved_at"), rs.getString("scenario"), rs.getString("outcome_reason"),
                Sql.instant(rs, "automation_started_at"), Sql.instant(rs, "decided_at"),
                Sql.instant(rs, "acknowledged_at"), rs.getString("acknowledged_by"));
    }
}
