package io.alerthub.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Refused input kept for operators: reason, status, detail and a bounded excerpt of the body. */
@Repository
public class RejectedStore {
    /** How much of a refused body is kept. */
    public static final int EXCERPT_BYTES = 64 * 1024;
    private final JdbcTemplate jdbc;

    public RejectedStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(RejectedInput r, byte[] body) {
        byte[] excerpt = body == null ? null : Arrays.copyOf(body, Math.min(body.length, EXCERPT_BYTES));
        String detail = r.detail() == null || r.detail().length() <= 2000 ? r.detail() : r.detail().substring(0, 2000);
        jdbc.update("INSERT INTO rejected (id, customer_id, channel, format, reason, status, detail, received_at, body_size,"
                        + " body_excerpt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                r.id(), r.customerId(), r.channel(), r.format(), r.reason(), r.status(), detail, Sql.ts(r.receivedAt()),
                r.bodySize(), excerpt);
    }

    /** One rejected input with its kept body excerpt (at most {@link #EXCERPT_BYTES}), for a replay. */
    public Optional<Replayable> find(String id) {
        return jdbc.query("SELECT * FROM rejected WHERE id = ?", (rs, n) -> new Replayable(rs.getString("id"),
                rs.getString("customer_id"), rs.getString("channel"), rs.getString("format"), rs.getLong("body_size"),
                rs.getBytes("body_excerpt")), id).stream().findFirst();
    }

    /** Records a successful replay on the row: who, when, and the alerts it became. */
    public void recordReplay(String id, String actor, java.time.Instant at, List<String> alertIds) {
        String ids = String.join(",", alertIds);
        jdbc.update("UPDATE rejected SET replayed_at = ?, replayed_by = ?, replay_alert_ids = ? WHERE id = ?",
                Sql.ts(at), actor, ids.length() <= 2000 ? ids : ids.substring(0, 2000), id);
    }

    /** What a replay needs of a rejected row: where it came from and the kept bytes. */
    public record Replayable(String id, String customerId, String channel, String format, long bodySize, byte[] body) {
        /** Whether the whole body was kept (a longer one was cut to {@link #EXCERPT_BYTES} and cannot be replayed). */
        public boolean complete() {
            return body != null && body.length >= bodySize;
        }
    }

    public Page<RejectedInput> list(String customerId, String reason, String cursor, int limit) {
        return list(customerId, null, reason, cursor, limit);
    }

    /** Refused input newest first, of the customers {@code within} (null: all) on top of the other filters. */
    public Page<RejectedInput> list(String customerId, Collection<String> within, String reason, String cursor,
                                    int limit) {
        Sql.Where where = new Sql.Where().and("customer_id = ?", customerId).in("customer_id", within)
                .and("reason = ?", reason).and("id < ?", cursor);
        return Page.of(jdbc.query("SELECT * FROM rejected" + where.sql() + " ORDER BY id DESC LIMIT ?", (rs, n) -> {
            byte[] excerpt = rs.getBytes("body_excerpt");
            return new RejectedInput(rs.getString("id"), rs.getString("customer_id"), rs.getString("channel"),
                    rs.getString("format"), rs.getString("reason"), rs.getInt("status"), rs.getString("detail"),
                    Sql.instant(rs, "received_at"), rs.getLong("body_size"),
                    excerpt == null ? null : new String(excerpt, StandardCharsets.UTF_8));
        }, where.args(limit + 1)), limit, RejectedInput::id);
    }
}
