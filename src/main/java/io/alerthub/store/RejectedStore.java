package io.alerthub.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
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
