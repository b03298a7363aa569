package io.alerthub.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * What the outbox knows about a notification group on one channel (Alertmanager's aggregation group): whether it is
 * alive (an incident of it still open was notified), whether its first notification is still waiting, and which of
 * its notifications go together when it is flushed. Reads only; the outbox rows are written by {@link OutboxStore}.
 */
@Repository
public class NotificationGroupStore {
    private final JdbcTemplate jdbc;

    public NotificationGroupStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * True when the group has notified the channel about an incident that is still open (other than through entry
     * {@code except}): the group exists, so a change to it waits for its next tick instead of a group wait.
     */
    public boolean notifiedAndOpen(String groupKey, String channel, String except) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM outbox o JOIN incidents i ON i.id = o.incident_id"
                + " WHERE o.group_key = ? AND o.channel = ? AND o.status = 'SENT' AND o.action IN ('TRIGGER', 'UPDATE')"
                + " AND o.id <> ? AND i.state NOT IN ('RESOLVED', 'CLOSED')", Integer.class, groupKey, channel, except);
        return n != null && n > 0;
    }

    /**
     * When the group's first notification on the channel is due, while it waits (its group wait) or is being sent;
     * empty when none of another incident is on its way.
     */
    public Optional<Instant> firstOnItsWay(String groupKey, String channel, String exceptIncident) {
        return jdbc.query("SELECT MIN(due_at) AS due FROM outbox WHERE group_key = ? AND channel = ?"
                        + " AND action = 'TRIGGER' AND status IN ('PENDING', 'SENDING') AND incident_id <> ?",
                (rs, n) -> Sql.instant(rs, "due"), groupKey, channel, exceptIncident).stream()
                .filter(Objects::nonNull).findFirst();
    }

    /**
     * The group's other pending notifications on the channel that a flush at {@code now} carries: first-level
     * triggers (waiting for the group's wait or tick), later levels' triggers due by then, and every reminder (a
     * flush shows the whole group, as Alertmanager's does), oldest first.
     */
    public List<OutboxEntry> flushedWith(String groupKey, String channel, String except, Instant now) {
        return jdbc.query("SELECT * FROM outbox WHERE group_key = ? AND channel = ? AND status = 'PENDING' AND id <> ?"
                        + " AND ((action = 'TRIGGER' AND (level = 0 OR due_at <= ?)) OR action = 'UPDATE')"
                        + " ORDER BY created_at, id",
                OutboxStore::row, groupKey, channel, except, Sql.ts(now));
    }
}
