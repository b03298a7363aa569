package io.alerthub.store;

import io.alerthub.model.AlertStatus;
import io.alerthub.model.Incident;
import io.alerthub.model.IncidentState;
import io.alerthub.model.Outcome;
import io.alerthub.model.Severity;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
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
            + " acknowledged_at, acknowledged_by, assignee, resolved_by, snoozed_until, flapping, inhibited_by";
    /** The change mark of the stats' day rollups, for an incident first seen before the job's threshold (V18). */
    static final String MARK_CHANGED = "INSERT INTO stats_rollup_dirty (incident_id) SELECT i.id FROM incidents i"
            + " JOIN stats_rollup_state s ON s.id = 1 WHERE i.id = ? AND i.first_seen < s.mark_before";
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
        changed(1, i.id());
    }

    /** Writes back the mutable part of an incident (state, outcome, counts, times, what the source says). */
    public void update(Incident i) {
        jdbc.update("UPDATE incidents SET state = ?, outcome = ?, source_status = ?, severity = ?, summary = ?,"
                        + " alert_count = ?, last_seen = ?, resolved_at = ?, open_fingerprint = ? WHERE id = ?",
                i.state().name(), name(i.outcome()), i.sourceStatus().json(),
                i.severity() == null ? null : i.severity().json(), i.summary(), i.alertCount(), Sql.ts(i.lastSeen()),
                Sql.ts(i.resolvedAt()), i.state().isOpen() ? i.fingerprint() : null, i.id());
        changed(1, i.id());
    }

    /**
     * Hands an {@code OPEN} incident to a scenario: true for exactly one caller (another thread or hub instance
     * that tries at the same time gets false), which then owns the automation.
     */
    public boolean claim(String id, String scenario, Instant now) {
        return changed(jdbc.update("UPDATE incidents SET state = 'AUTOMATING', scenario = ?, automation_started_at = ?"
                + " WHERE id = ? AND state = 'OPEN'", scenario, Sql.ts(now), id), id) == 1;
    }

    /**
     * Records a scenario's verdict. The state follows the outcome only while the incident is still {@code OPEN} or
     * {@code AUTOMATING}: when the source resolved it, or a person acknowledged it meanwhile, that state stays.
     */
    public void decide(String id, Outcome outcome, String reason, Instant now) {
        // first_outcome/first_decided_at keep the first verdict: the first-line response analytics measures
        jdbc.update("UPDATE incidents SET outcome = ?, outcome_reason = ?, decided_at = ?,"
                        + " first_outcome = COALESCE(first_outcome, ?), first_decided_at = COALESCE(first_decided_at, ?),"
                        + " state = CASE WHEN state IN ('OPEN', 'AUTOMATING') THEN ? ELSE state END WHERE id = ?",
                outcome.name(), Sql.truncate(reason, 4000), Sql.ts(now), outcome.name(), Sql.ts(now), outcome.name(), id);
        changed(1, id);
    }

    /** Marks an incident suppressed (a silence matched) unless it is already resolved or closed. */
    public boolean suppress(String id, String reason, Instant now) {
        return changed(jdbc.update("UPDATE incidents SET state = 'SUPPRESSED', outcome_reason = ?, decided_at = ?"
                + " WHERE id = ? AND state = 'OPEN'", Sql.truncate(reason, 4000), Sql.ts(now), id), id) == 1;
    }

    /** Back from {@code SUPPRESSED} to {@code OPEN} (its silence ended); true when this call changed it. */
    public boolean unsuppress(String id) {
        return changed(jdbc.update("UPDATE incidents SET state = 'OPEN', outcome_reason = NULL, decided_at = NULL"
                + " WHERE id = ? AND state = 'SUPPRESSED'", id), id) == 1;
    }

    /**
     * A person took the incident: true when this call acknowledged it (false when it was already acknowledged,
     * resolved or closed).
     */
    public boolean acknowledge(String id, String by, Instant now) {
        return changed(jdbc.update("UPDATE incidents SET state = 'ACKNOWLEDGED', acknowledged_at = ?, acknowledged_by = ?"
                + " WHERE id = ? AND state NOT IN ('ACKNOWLEDGED', 'RESOLVED', 'CLOSED')", Sql.ts(now),
                Sql.truncate(by, 128), id), id) == 1;
    }

    /** The incident, locked until the caller's transaction ends: a person's action reads, checks and writes it. */
    public Optional<Incident> lock(String id) {
        return jdbc.query("SELECT " + ALL_COLUMNS + " FROM incidents WHERE id = ? FOR UPDATE", IncidentStore::row, id)
                .stream().findFirst();
    }

    /**
     * Writes what a person's action changes: state (and with it whether the incident is the open one of its key),
     * resolution time, acknowledgement, assignee, who resolved it, snooze. Fails with a duplicate key when re-opening
     * it while another incident of the same key is open.
     */
    public void writePeople(Incident i) {
        jdbc.update("UPDATE incidents SET state = ?, resolved_at = ?, open_fingerprint = ?, acknowledged_at = ?,"
                        + " acknowledged_by = ?, assignee = ?, resolved_by = ?, snoozed_until = ? WHERE id = ?",
                i.state().name(), Sql.ts(i.resolvedAt()), i.state().isOpen() ? i.fingerprint() : null,
                Sql.ts(i.acknowledgedAt()), Sql.truncate(i.acknowledgedBy(), 128), Sql.truncate(i.assignee(), 128),
                Sql.truncate(i.resolvedBy(), 128), Sql.ts(i.snoozedUntil()), i.id());
        changed(1, i.id());
    }

    /**
     * Puts the incident back to {@code OPEN} for the dispatcher to run its scenario again (a person asked for it),
     * forgetting the previous claim; {@code dryRun} makes that run record remediations as "would run" only.
     */
    public void requestRerun(String id, boolean dryRun) {
        jdbc.update("UPDATE incidents SET state = 'OPEN', open_fingerprint = fingerprint, scenario = NULL,"
                + " automation_started_at = NULL, rerun_dry_run = ? WHERE id = ?", dryRun, id);
        changed(1, id);
    }

    /** True when a person asked for the incident's next scenario run to be a dry run. */
    public boolean rerunDryRun(String id) {
        return Boolean.TRUE.equals(jdbc.query("SELECT rerun_dry_run FROM incidents WHERE id = ?",
                (rs, n) -> rs.getBoolean(1), id).stream().findFirst().orElse(false));
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

    /**
     * Notes that a person is told of a re-fire at {@code now}: true for exactly one caller, and only when no re-fire
     * notice went out after {@code notBefore} (the incident's re-fire interval ago). The folding writer holds the row.
     */
    public boolean markRefired(String id, Instant now, Instant notBefore) {
        return jdbc.update("UPDATE incidents SET refired_at = ? WHERE id = ? AND (refired_at IS NULL OR refired_at <= ?)",
                Sql.ts(now), id, Sql.ts(notBefore)) == 1;
    }

    /** When a person was last told that the incident fired again, if ever. */
    public Optional<Instant> refiredAt(String id) {
        return jdbc.query("SELECT refired_at FROM incidents WHERE id = ?", (rs, n) -> Sql.instant(rs, "refired_at"), id)
                .stream().filter(java.util.Objects::nonNull).findFirst();
    }

    /**
     * A customer's incidents in one of {@code states} whose last firing alert came before {@code before}, oldest first
     * (the resolve-timeout sweep): of {@code alertClass} when given, else of every class except {@code except}.
     */
    public List<Incident> quietSince(String customerId, String alertClass, Collection<String> except,
                                     Collection<IncidentState> states, Instant before, int limit) {
        List<Object> args = new ArrayList<>(List.of(customerId));
        StringBuilder sql = new StringBuilder("SELECT " + ALL_COLUMNS + " FROM incidents WHERE customer_id = ? AND state IN (")
                .append(placeholders(states.size())).append(") AND last_seen < ?");
        states.forEach(s -> args.add(s.name()));
        args.add(Sql.ts(before));
        if (alertClass != null) {
            sql.append(" AND alert_class = ?");
            args.add(alertClass);
        } else if (!except.isEmpty()) {
            sql.append(" AND (alert_class IS NULL OR alert_class NOT IN (").append(placeholders(except.size())).append("))");
            args.addAll(except);
        }
        // one order for every instance: two sweeps lock rows in the same order, so they wait for each other, never deadlock
        sql.append(" ORDER BY last_seen, id LIMIT ?");
        args.add(limit);
        return jdbc.query(sql.toString(), IncidentStore::row, args.toArray());
    }

    /**
     * Resolves an incident for its silence: only while it is still in one of {@code states} and still has had no firing
     * alert since {@code before}, so a fold that came meanwhile, a person's action or another hub instance's sweep
     * wins; true for exactly one caller.
     */
    public boolean resolveQuiet(String id, Collection<IncidentState> states, Instant before, Instant now) {
        List<Object> args = new ArrayList<>(List.of(Sql.ts(now), id));
        states.forEach(s -> args.add(s.name()));
        args.add(Sql.ts(before));
        return changed(jdbc.update("UPDATE incidents SET state = 'RESOLVED', resolved_at = ?, resolved_by = 'hub',"
                + " open_fingerprint = NULL WHERE id = ? AND state IN (" + placeholders(states.size()) + ") AND last_seen < ?",
                args.toArray()), id) == 1;
    }

    /**
     * Leaves a mark that the incident changed (after the write, in the caller's transaction where there is one) when
     * its day may be rolled up already: the analytics day rollups (stats_rollup_dirty, V18) read its day from incidents
     * until they have recomputed it. Today's incidents leave none. Every write of a column the stats read must call
     * this. Returns {@code updated}.
     */
    private int changed(int updated, String id) {
        if (updated > 0) {
            jdbc.update(MARK_CHANGED, id);
        }
        return updated;
    }

    /** Sets or clears the flapping mark of an incident (the folding writer holds its row). */
    public void markFlapping(String id, boolean flapping) {
        jdbc.update("UPDATE incidents SET flapping = ? WHERE id = ?", flapping, id);
    }

    /**
     * The flapping mark cleared while the alert still fires: back to {@code OPEN} for the dispatcher to work it once
     * more, forgetting the previous claim; true when this call changed it (it was still open).
     */
    public boolean reopenForWork(String id) {
        return jdbc.update("UPDATE incidents SET state = 'OPEN', scenario = NULL, automation_started_at = NULL,"
                + " inhibited_by = NULL WHERE id = ? AND state NOT IN ('RESOLVED', 'CLOSED', 'ACKNOWLEDGED')", id) == 1;
    }

    /** Resolves an open incident as its source said (a flapping incident whose alert ended resolved); true once. */
    public boolean resolveBySource(String id, Instant now) {
        return jdbc.update("UPDATE incidents SET state = 'RESOLVED', resolved_at = COALESCE(resolved_at, ?),"
                + " open_fingerprint = NULL WHERE id = ? AND state NOT IN ('RESOLVED', 'CLOSED')", Sql.ts(now), id) == 1;
    }

    /** Marks an {@code OPEN} incident inhibited by {@code sourceId}: {@code SUPPRESSED}; true when this call did it. */
    public boolean inhibit(String id, String sourceId, String reason, Instant now) {
        return jdbc.update("UPDATE incidents SET state = 'SUPPRESSED', inhibited_by = ?, outcome_reason = ?,"
                + " decided_at = ? WHERE id = ? AND state = 'OPEN'", sourceId, Sql.truncate(reason, 4000),
                Sql.ts(now), id) == 1;
    }

    /** Back from inhibited ({@code SUPPRESSED} by {@code sourceId}) to {@code OPEN}; true when this call did it. */
    public boolean liftInhibition(String id, String sourceId) {
        return jdbc.update("UPDATE incidents SET state = 'OPEN', inhibited_by = NULL, outcome_reason = NULL,"
                + " decided_at = NULL WHERE id = ? AND state = 'SUPPRESSED' AND inhibited_by = ?", id, sourceId) == 1;
    }

    /** Incidents {@code sourceId} inhibits (still {@code SUPPRESSED} by it), oldest first. */
    public List<Incident> inhibitedBy(String sourceId) {
        return jdbc.query("SELECT " + ALL_COLUMNS + " FROM incidents WHERE inhibited_by = ? AND state = 'SUPPRESSED'"
                + " ORDER BY id", IncidentStore::row, sourceId);
    }

    /**
     * A customer's incidents that may inhibit others: open, not suppressed themselves, their alert still firing;
     * newest first, at most {@code limit}.
     */
    public List<Incident> firingOpen(String customerId, int limit) {
        return jdbc.query("SELECT " + ALL_COLUMNS + " FROM incidents WHERE customer_id = ? AND open_fingerprint IS NOT NULL"
                + " AND state <> 'SUPPRESSED' AND source_status = 'firing' ORDER BY id DESC LIMIT ?", IncidentStore::row,
                customerId, limit);
    }

    private static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
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
                Sql.instant(rs, "acknowledged_at"), rs.getString("acknowledged_by"), rs.getString("assignee"),
                rs.getString("resolved_by"), Sql.instant(rs, "snoozed_until"), rs.getBoolean("flapping"),
                rs.getString("inhibited_by"));
    }
}
