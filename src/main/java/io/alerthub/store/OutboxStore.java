package io.alerthub.store;

import io.alerthub.model.ChannelKind;
import io.alerthub.model.NotificationAction;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The outbox: notifications written before anything is sent, taken by a sender under a lease (so several hub
 * instances, or a restarted one, never send the same entry twice at once), and settled as sent, retried, held,
 * cancelled, failed over or dead.
 */
@Repository
public class OutboxStore {
    private static final String COLUMNS = "id, customer_id, incident_id, channel, action, level, audience, status,"
            + " due_at, attempts, last_error, external_ref, fallback_of, group_key, created_at, sent_at";
    /** What a read adds to {@link #COLUMNS}: set by leasing and by a lost lease, never by enqueueing. */
    private static final String READ_COLUMNS = COLUMNS + ", interrupted_at, interrupted_until";
    private final JdbcTemplate jdbc;

    public OutboxStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a notification; false when one with the same id (idempotency key) is already there. */
    public boolean enqueue(OutboxEntry e) {
        try {
            jdbc.update("INSERT INTO outbox (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    e.id(), e.customerId(), e.incidentId(), e.channel().id(), e.action().name(), e.level(),
                    e.audience(), e.status().name(), Sql.ts(e.dueAt()), e.attempts(), e.lastError(), e.externalRef(),
                    e.fallbackOf(), e.groupKey(), Sql.ts(e.createdAt()), Sql.ts(e.sentAt()));
            return true;
        } catch (DuplicateKeyException duplicate) {
            return false;
        }
    }

    public Optional<OutboxEntry> find(String id) {
        return jdbc.query("SELECT " + READ_COLUMNS + " FROM outbox WHERE id = ?", OutboxStore::row, id).stream()
                .findFirst();
    }

    /**
     * Leases up to {@code limit} pending entries due by {@code now}, oldest first, from {@code now} until
     * {@code until} in one statement (one commit for the batch), and returns the ones this call took: an entry another
     * poller or hub instance leased at the same time is not among them.
     */
    public List<OutboxEntry> leaseDue(Instant now, Instant until, int limit) {
        return leaseBatch("PENDING", "due_at", now, until, limit);
    }

    /** The earliest due time of a pending or held entry, to know how long a sender may sleep. */
    public Optional<Instant> nextDue() {
        return jdbc.query("SELECT MIN(due_at) AS due FROM outbox WHERE status IN ('PENDING', 'HELD')",
                (rs, n) -> Sql.instant(rs, "due")).stream().filter(java.util.Objects::nonNull).findFirst();
    }

    /** Takes a pending entry for sending from {@code now} until {@code until}; true for exactly one caller. */
    public boolean lease(String id, Instant now, Instant until) {
        return jdbc.update("UPDATE outbox SET status = 'SENDING', lease_until = ?, leased_at = ? WHERE id = ?"
                + " AND status = 'PENDING'", Sql.ts(until), Sql.ts(now), id) == 1;
    }

    /**
     * The batch lease: the UPDATE marks what it took with a token of its own, re-checking {@code status} on each row
     * it locks (on PostgreSQL a row a concurrent lease took first no longer matches and is skipped; H2 locks the same
     * way), then the rows carrying the token are read back.
     */
    private List<OutboxEntry> leaseBatch(String from, String order, Instant now, Instant until, int limit) {
        String token = UUID.randomUUID().toString();
        int taken = jdbc.update("UPDATE outbox SET status = 'SENDING', lease_until = ?, leased_at = ?, lease_token = ?"
                + " WHERE status = ? AND id IN (SELECT id FROM outbox WHERE status = ? AND due_at <= ?"
                + " ORDER BY " + order + " LIMIT ?)", Sql.ts(until), Sql.ts(now), token, from, from, Sql.ts(now), limit);
        return taken == 0 ? List.of() : jdbc.query("SELECT " + READ_COLUMNS + " FROM outbox WHERE lease_token = ?"
                + " ORDER BY " + order, OutboxStore::row, token);
    }

    /**
     * Puts entries whose sender died (lease ran out) back to pending, marking when the cut-off attempt began (the
     * first one, if several were cut off) and when its lease ended (the last one's): it may have reached the channel
     * in between. Returns how many.
     */
    public int releaseExpiredLeases(Instant now) {
        return jdbc.update("UPDATE outbox SET status = 'PENDING', lease_until = NULL,"
                + " interrupted_at = COALESCE(interrupted_at, leased_at), interrupted_until = lease_until"
                + " WHERE status = 'SENDING' AND lease_until < ?",
                Sql.ts(now));
    }

    /**
     * Forgets the cut-off attempts of a notification being sent once its channel proved none of them delivered it:
     * should this attempt be cut off too, the search covers this attempt's lease only.
     */
    public void searched(String id) {
        jdbc.update("UPDATE outbox SET interrupted_at = NULL, interrupted_until = NULL WHERE id = ? AND status ="
                + " 'SENDING'", id);
    }

    /** Marks a notification sent; the incident's first sent notification starts its time to acknowledge (MTTA). */
    public void sent(String id, String externalRef, int attempts, Instant now) {
        jdbc.update("UPDATE outbox SET status = 'SENT', external_ref = ?, attempts = ?, sent_at = ?, lease_until = NULL,"
                + " last_error = NULL, interrupted_at = NULL, interrupted_until = NULL WHERE id = ?",
                Sql.truncate(externalRef, 255), attempts, Sql.ts(now), id);
        if (jdbc.update("UPDATE incidents SET first_notified_at = ? WHERE first_notified_at IS NULL"
                + " AND id = (SELECT incident_id FROM outbox WHERE id = ?)", Sql.ts(now), id) > 0) {
            // the stats read first_notified_at (MTTA): the day rollups recompute the incident's day (V18)
            jdbc.update(IncidentStore.MARK_CHANGED, jdbc.queryForObject("SELECT incident_id FROM outbox WHERE id = ?",
                    String.class, id));
        }
    }

    public void retry(String id, String error, int attempts, Instant dueAt) {
        jdbc.update("UPDATE outbox SET status = 'PENDING', last_error = ?, attempts = ?, due_at = ?, lease_until = NULL"
                + " WHERE id = ?", Sql.truncate(error, 2000), attempts, Sql.ts(dueAt), id);
    }

    /** Settles an entry for good: {@code FAILED} (a fallback took over), {@code DEAD} or {@code CANCELLED}. */
    public void settle(String id, OutboxEntry.Status status, String error, int attempts) {
        jdbc.update("UPDATE outbox SET status = ?, last_error = ?, attempts = ?, lease_until = NULL,"
                + " interrupted_at = NULL, interrupted_until = NULL WHERE id = ?", status.name(),
                Sql.truncate(error, 2000), attempts, id);
    }

    /** Holds an entry for the customer's quiet hours until {@code until}. */
    public void hold(String id, Instant until) {
        jdbc.update("UPDATE outbox SET status = 'HELD', due_at = ?, lease_until = NULL WHERE id = ?", Sql.ts(until), id);
    }

    /**
     * Leases held entries whose quiet window ended (at most {@code limit}, per customer and channel, oldest first) for
     * a digest, as {@link #leaseDue} does.
     */
    public List<OutboxEntry> leaseHeldDue(Instant now, Instant until, int limit) {
        return leaseBatch("HELD", "customer_id, channel, created_at", now, until, limit);
    }

    /**
     * Cancels the incident's notifications of {@code action} not sent yet; held ones (quiet hours) too when
     * {@code includeHeld}. Returns how many.
     */
    public int cancelUnsent(String incidentId, NotificationAction action, String reason, boolean includeHeld) {
        return jdbc.update("UPDATE outbox SET status = 'CANCELLED', last_error = ? WHERE incident_id = ?"
                + " AND (status = 'PENDING' OR (status = 'HELD' AND ?)) AND action = ?", Sql.truncate(reason, 2000),
                incidentId, includeHeld, action.name());
    }

    /** The incident's entries, in the order they were created. */
    public List<OutboxEntry> forIncident(String incidentId) {
        return jdbc.query("SELECT " + READ_COLUMNS + " FROM outbox WHERE incident_id = ? ORDER BY created_at, id",
                OutboxStore::row, incidentId);
    }

    /**
     * Pending triggers of a group on a channel and level, other than {@code except}: the notifications a group's
     * first one folds in (Alertmanager's group_wait).
     */
    public List<OutboxEntry> pendingInGroup(String groupKey, ChannelKind channel, int level, String except) {
        return jdbc.query("SELECT " + READ_COLUMNS + " FROM outbox WHERE group_key = ? AND channel = ? AND level = ?"
                + " AND action = 'TRIGGER' AND status = 'PENDING' AND id <> ? ORDER BY created_at",
                OutboxStore::row, groupKey, channel.id(), level, except);
    }

    /** When the group last got a notification on a channel (Alertmanager's group_interval counts from it). */
    public Optional<Instant> lastSentInGroup(String groupKey, ChannelKind channel) {
        return jdbc.query("SELECT MAX(sent_at) AS sent FROM outbox WHERE group_key = ? AND channel = ?"
                + " AND status = 'SENT'", (rs, n) -> Sql.instant(rs, "sent"), groupKey, channel.id()).stream()
                .filter(java.util.Objects::nonNull).findFirst();
    }

    /** Notifications sent to a customer since {@code since} (the notification budget). */
    public int sentSince(String customerId, Instant since) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM outbox WHERE customer_id = ? AND status = 'SENT'"
                + " AND sent_at >= ?", Integer.class, customerId, Sql.ts(since));
        return n == null ? 0 : n;
    }

    /** Entries in {@code status} (e.g. the dead letter), newest first, optionally of one customer. */
    public Page<OutboxEntry> list(OutboxEntry.Status status, String customerId, String cursor, int limit) {
        return list(status, customerId, null, cursor, limit);
    }

    /** As {@link #list(OutboxEntry.Status, String, String, int)}, of the customers {@code within} (null: all). */
    public Page<OutboxEntry> list(OutboxEntry.Status status, String customerId, Collection<String> within,
                                  String cursor, int limit) {
        Sql.Where where = new Sql.Where().and("status = ?", status == null ? null : status.name())
                .and("customer_id = ?", customerId).in("customer_id", within).and("id < ?", cursor);
        return Page.of(jdbc.query("SELECT " + READ_COLUMNS + " FROM outbox" + where.sql() + " ORDER BY id DESC LIMIT ?",
                OutboxStore::row, where.args(limit + 1)), limit, OutboxEntry::id);
    }

    static OutboxEntry row(ResultSet rs, int n) throws SQLException {
        return new OutboxEntry(rs.getString("id"), rs.getString("customer_id"), rs.getString("incident_id"),
                ChannelKind.of(rs.getString("channel")), NotificationAction.valueOf(rs.getString("action")),
                rs.getInt("level"), rs.getString("audience"),
                OutboxEntry.Status.valueOf(rs.getString("status")), Sql.instant(rs, "due_at"), rs.getInt("attempts"),
                rs.getString("last_error"), rs.getString("external_ref"), rs.getString("fallback_of"),
                rs.getString("group_key"), Sql.instant(rs, "created_at"), Sql.instant(rs, "sent_at"),
                Sql.instant(rs, "interrupted_at"), Sql.instant(rs, "interrupted_until"));
    }
}
