package io.alerthub.ingest.sns;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code sns_subscriptions} table: SNS confirmations received, newest first. */
@Repository
public class SnsSubscriptionStore {
    private final JdbcTemplate jdbc;

    public SnsSubscriptionStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(SnsSubscription s) {
        jdbc.update("INSERT INTO sns_subscriptions (id, customer_id, topic_arn, message_id, message_type, subscribe_url,"
                        + " state, detail, received_at, confirmed_at, confirmed_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                s.id(), s.customerId(), s.topicArn(), s.messageId(), s.messageType(), s.subscribeUrl(), s.state(),
                bounded(s.detail()), ts(s.receivedAt()), ts(s.confirmedAt()), s.confirmedBy());
    }

    public void markConfirmed(String id, Instant at, String by) {
        jdbc.update("UPDATE sns_subscriptions SET state = ?, confirmed_at = ?, confirmed_by = ?, detail = NULL WHERE id = ?",
                SnsSubscription.CONFIRMED, ts(at), by, id);
    }

    public void note(String id, String detail) {
        jdbc.update("UPDATE sns_subscriptions SET detail = ? WHERE id = ?", bounded(detail), id);
    }

    public Optional<SnsSubscription> find(String id) {
        return jdbc.query("SELECT * FROM sns_subscriptions WHERE id = ?", SnsSubscriptionStore::row, id).stream().findFirst();
    }

    public Optional<SnsSubscription> findByMessage(String customerId, String messageId) {
        return jdbc.query("SELECT * FROM sns_subscriptions WHERE customer_id = ? AND message_id = ?",
                SnsSubscriptionStore::row, customerId, messageId).stream().findFirst();
    }

    public List<SnsSubscription> list(String customerId, String state, int limit) {
        return list(customerId, null, state, limit);
    }

    /** Subscriptions newest first, of the customers {@code within} (null: all) on top of the other filters. */
    public List<SnsSubscription> list(String customerId, Collection<String> within, String state, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM sns_subscriptions WHERE 1 = 1");
        List<Object> args = new java.util.ArrayList<>();
        if (customerId != null) {
            sql.append(" AND customer_id = ?");
            args.add(customerId);
        }
        if (within != null) {
            sql.append(within.isEmpty() ? " AND 1 = 0"
                    : " AND customer_id IN (" + String.join(", ", Collections.nCopies(within.size(), "?")) + ")");
            args.addAll(within);
        }
        if (state != null) {
            sql.append(" AND state = ?");
            args.add(state);
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        args.add(limit);
        return jdbc.query(sql.toString(), SnsSubscriptionStore::row, args.toArray());
    }

    private static SnsSubscription row(ResultSet rs, int n) throws SQLException {
        return new SnsSubscription(rs.getString("id"), rs.getString("customer_id"), rs.getString("topic_arn"),
                rs.getString("message_id"), rs.getString("message_type"), rs.getString("subscribe_url"),
                rs.getString("state"), rs.getString("detail"), instant(rs, "received_at"), instant(rs, "confirmed_at"),
                rs.getString("confirmed_by"));
    }

    private static OffsetDateTime ts(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static String bounded(String s) {
        return s == null || s.length() <= 2000 ? s : s.substring(0, 2000);
    }
}
