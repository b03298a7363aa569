package io.alerthub.store;

import io.alerthub.model.RawPayload;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The inbox: every delivery's raw bytes, kept before anything is acknowledged to the sender. */
@Repository
public class InboxStore {
    private final JdbcTemplate jdbc;

    public InboxStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(RawPayload raw, String dedupKey) {
        jdbc.update("INSERT INTO inbox (id, customer_id, channel, format, dedup_key, content_type, received_at, body)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                raw.id(), raw.customerId(), raw.channel(), raw.format(), dedupKey, raw.contentType(),
                Sql.ts(raw.receivedAt()), raw.body());
    }

    /** The inbox record already holding this source event, if any. */
    public Optional<String> findByDedupKey(String dedupKey) {
        List<String> ids = jdbc.queryForList("SELECT id FROM inbox WHERE dedup_key = ?", String.class, dedupKey);
        return ids.stream().findFirst();
    }

    public Optional<byte[]> body(String id) {
        List<byte[]> rows = jdbc.query("SELECT body FROM inbox WHERE id = ?", (rs, n) -> rs.getBytes(1), id);
        return rows.stream().findFirst();
    }
}
