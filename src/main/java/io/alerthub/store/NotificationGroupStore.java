package io.alerthub.store;

import io.alerthub.model.ChannelKind;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * What the outbox knows about a notification group on one channel (Alertmanager's aggregation group): whether it is
 * alive (an incident of it still open was notified), whether its first notification is still waiting, and which of
 * its notifications go together when it is flushed, including those one poll took at once (one of them leads and
 * carries the others). Rows are created and settled by {@link OutboxStore}.
 */
@Repository
public class NotificationGroupStore {
    /** How {@code last_error} marks a notification another one's digest carries (cleared when it is settled). */
    static final String CARRIED = "carried by the group notification ";
    private static final String NOT_CARRIED = " AND (last_error IS NULL OR last_error NOT LIKE '" + CARRIED + "%')";
    private final JdbcTemplate jdbc;

    public NotificationGroupStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * True when the group has notified the channel about an incident that is still open (other than through entry
     * {@code except}): the group exists, so a change to it waits for its next tick instead of a group wait.
     */
    public boolean notifiedAndOpen(String groupKey, ChannelKind channel, String except) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM outbox o JOIN incidents i ON i.id = o.incident_id"
                + " WHERE o.group_key = ? AND o.channel = ? AND o.status = 'SENT' AND o.action IN ('TRIGGER', 'UPDATE')"
                + " AND o.id <> ? AND i.state NOT IN ('RESOLVED', 'CLOSED')", Integer.class, groupKey, channel.id(), except);
        return n != null && n > 0;
    }

    /**
     * When the group's first notification on the channel is due, while it waits (its group wait) or is being sent;
     * empty when none of another incident is on its way.
     */
    public Optional<Instant> firstOnItsWay(String groupKey, ChannelKind channel, String exceptIncident) {
        return jdbc.query("SELECT MIN(due_at) AS due FROM outbox WHERE group_key = ? AND channel = ?"
                        + " AND action = 'TRIGGER' AND status IN ('PENDING', 'SENDING') AND incident_id <> ?",
                (rs, n) -> Sql.instant(rs, "due"), groupKey, channel.id(), exceptIncident).stream()
                .filter(Objects::nonNull).findFirst();
    }

    /**
     * The group's other pending notifications on the channel that a flush at {@code now} carries: first-level
     * triggers (waiting for the group's wait or tick), later levels' triggers due by then, and every reminder (a
     * flush shows the whole group, as Alertmanager's does), oldest first.
     */
    public List<OutboxEntry> flushedWith(String groupKey, ChannelKind channel, String except, Instant now) {
        return jdbc.query("SELECT * FROM outbox WHERE group_key = ? AND channel = ? AND status = 'PENDING' AND id <> ?"
                        + " AND ((action = 'TRIGGER' AND (level = 0 OR due_at <= ?)) OR action = 'UPDATE')"
                        + " ORDER BY created_at, id",
                OutboxStore::row, groupKey, channel.id(), except, Sql.ts(now));
    }

    /** When the entry was taken by its poll (every entry of one poll's batch has the same time); null if never. */
    public Instant leasedAt(String id) {
        return jdbc.query("SELECT leased_at FROM outbox WHERE id = ?", (rs, n) -> Sql.instant(rs, "leased_at"), id)
                .stream().filter(Objects::nonNull).findFirst().orElse(null);
    }

    /**
     * True when no other notification of the group on the channel, taken in the same poll ({@code batch}) and not
     * carried by another, has a smaller id: this one flushes the group, the others of the batch go with it.
     */
    public boolean leadsBatch(String groupKey, ChannelKind channel, String id, Instant batch) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM outbox WHERE group_key = ? AND channel = ?"
                + " AND status = 'SENDING' AND leased_at = ? AND id < ? AND action IN ('TRIGGER', 'UPDATE')"
                + NOT_CARRIED, Integer.class, groupKey, channel.id(), Sql.ts(batch), id);
        return n == null || n == 0;
    }

    /** The group's other notifications on the channel taken in the same poll and not carried yet. */
    public List<OutboxEntry> sameBatch(String groupKey, ChannelKind channel, String id, Instant batch) {
        return jdbc.query("SELECT * FROM outbox WHERE group_key = ? AND channel = ? AND status = 'SENDING'"
                + " AND leased_at = ? AND id <> ? AND action IN ('TRIGGER', 'UPDATE')" + NOT_CARRIED
                + " ORDER BY created_at, id", OutboxStore::row, groupKey, channel.id(), Sql.ts(batch), id);
    }

    /** Marks a notification of the same poll as carried by {@code lead}'s digest; true for exactly one caller. */
    public boolean carry(String id, Instant batch, String lead) {
        return jdbc.update("UPDATE outbox SET last_error = ? WHERE id = ? AND status = 'SENDING' AND leased_at = ?"
                + NOT_CARRIED, Sql.truncate(CARRIED + lead + " (poll of " + batch + ")", 2000), id,
                Sql.ts(batch)) == 1;
    }

    /**
     * Clears the mark of a carry that never completed (its leader died and the lease ran out, so the entry was taken
     * again): only the mark {@code stale} as it was read, never a newer one.
     */
    public void clearStaleCarry(String id, String stale) {
        if (stale != null && stale.startsWith(CARRIED)) {
            jdbc.update("UPDATE outbox SET last_error = NULL WHERE id = ? AND last_error = ?", id, stale);
        }
    }

    /**
     * Puts a notification that does not lead its poll's group back to pending, due {@code now}, unless the leader
     * carried it already (then false: it goes in the leader's digest).
     */
    public boolean releaseUnlessCarried(String id, Instant batch, Instant now) {
        return jdbc.update("UPDATE outbox SET status = 'PENDING', lease_until = NULL, due_at = ? WHERE id = ?"
                + " AND status = 'SENDING' AND leased_at = ?" + NOT_CARRIED, Sql.ts(now), id, Sql.ts(batch)) == 1;
    }

    /** True when another notification's digest carries this one (it is sent and settled with that digest). */
    public boolean carried(String id) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM outbox WHERE id = ? AND status = 'SENDING'"
                + " AND last_error LIKE '" + CARRIED + "%'", Integer.class, id);
        return n != null && n > 0;
    }
}
