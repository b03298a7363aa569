package io.alerthub.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alerthub.model.IncidentState;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The retention purge (route {@code support.retention}): removes data older than its {@link RetentionProperties} period
 * in bounded batches, one statement per batch, and logs and counts ({@code alerthub.retention.purged{table}}) what it
 * removed per table. Nothing an open incident still needs is touched: raw bodies and step output of open incidents,
 * and notifications that are not sent (pending, held, failing, dead) or belong to an open incident, stay.
 */
@Component
public class RetentionPurge {
    /** Keys of a timeline entry's detail that hold what a command or probe printed. */
    static final List<String> OUTPUT_KEYS = List.of("stdout", "stderr", "body");
    private static final Logger LOG = LoggerFactory.getLogger(RetentionPurge.class);
    private static final String OPEN_STATES = Arrays.stream(IncidentState.values()).filter(IncidentState::isOpen)
            .map(s -> "'" + s.name() + "'").collect(Collectors.joining(", ", "(", ")"));
    private static final String DONE_NOTIFICATIONS = "('" + OutboxEntry.Status.SENT.name() + "', '"
            + OutboxEntry.Status.CANCELLED.name() + "')";
    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final RetentionProperties properties;
    private final MeterRegistry meters;
    private final Clock clock;

    public RetentionPurge(JdbcTemplate jdbc, ObjectMapper json, RetentionProperties properties, MeterRegistry meters,
                          Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.properties = properties;
        this.meters = meters;
        this.clock = clock;
    }

    /** One run over every table with a retention period; returns the rows purged per table. */
    public Map<String, Integer> purge() {
        Instant now = clock.instant();
        Map<String, Integer> purged = new LinkedHashMap<>();
        table(purged, "inbox_bodies", properties.inboxBodies(), now, this::inboxBodies);
        table(purged, "rejected", properties.rejected(), now, this::rejected);
        table(purged, "timeline_output", properties.timelineOutput(), now, this::timelineOutput);
        table(purged, "sent_notifications", properties.sentNotifications(), now, this::sentNotifications);
        table(purged, "pagerduty_deliveries", properties.pagerdutyDeliveries(), now, this::pagerDutyDeliveries);
        return purged;
    }

    private void table(Map<String, Integer> purged, String table, Duration period, Instant now,
                       BiFunction<OffsetDateTime, Instant, Integer> batch) {
        Optional<Duration> keep = RetentionProperties.keep(period);
        if (keep.isEmpty()) {
            return;
        }
        OffsetDateTime cutoff = Sql.ts(now.minus(keep.get()));
        int total = 0;
        try {
            for (int i = 0; i < properties.maxBatches(); i++) {
                int n = batch.apply(cutoff, now);
                total += n;
                if (n < properties.batchSize()) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            LOG.error("retention purge of {} failed after {} rows; the next run continues: {}", table, total,
                    e.toString());
        }
        purged.put(table, total);
        if (total > 0) {
            meters.counter("alerthub.retention.purged", "table", table).increment(total);
            LOG.info("retention purged {} rows of {} older than {} ({})", total, table, cutoff.toInstant(), keep.get());
        }
    }

    private int inboxBodies(OffsetDateTime cutoff, Instant now) {
        return jdbc.update("UPDATE inbox SET body = ?, body_purged_at = ? WHERE id IN (SELECT i.id FROM inbox i"
                        + " WHERE i.received_at < ? AND i.body_purged_at IS NULL AND NOT EXISTS (SELECT 1 FROM alerts a"
                        + " JOIN incidents n ON n.id = a.incident_id WHERE a.inbox_id = i.id AND n.state IN " + OPEN_STATES
                        + ") ORDER BY i.received_at LIMIT ?)",
                new byte[0], Sql.ts(now), cutoff, properties.batchSize());
    }

    private int rejected(OffsetDateTime cutoff, Instant now) {
        return jdbc.update("DELETE FROM rejected WHERE id IN (SELECT id FROM rejected WHERE received_at < ?"
                + " ORDER BY received_at LIMIT ?)", cutoff, properties.batchSize());
    }

    private int timelineOutput(OffsetDateTime cutoff, Instant now) {
        List<Object[]> updates = new ArrayList<>();
        jdbc.query("SELECT t.id, t.detail FROM timeline t JOIN incidents n ON n.id = t.incident_id"
                        + " WHERE t.kind IN ('ssh', 'probe') AND t.occurred_at < ? AND t.output_purged_at IS NULL"
                        + " AND n.state NOT IN " + OPEN_STATES + " ORDER BY t.id LIMIT ?",
                rs -> {
                    updates.add(new Object[] {withoutOutput(rs.getString("detail")), Sql.ts(now), rs.getLong("id")});
                }, cutoff, properties.batchSize());
        if (!updates.isEmpty()) {
            jdbc.batchUpdate("UPDATE timeline SET detail = ?, output_purged_at = ? WHERE id = ?", updates);
        }
        return updates.size();
    }

    private String withoutOutput(String detail) {
        try {
            if (detail != null && json.readTree(detail) instanceof ObjectNode node) {
                boolean had = OUTPUT_KEYS.stream().anyMatch(node::has);
                node.remove(OUTPUT_KEYS);
                if (had) {
                    node.put("outputPurged", true);
                }
                return json.writeValueAsString(node);
            }
        } catch (JsonProcessingException e) {
            // not an object we wrote: nothing to keep of it
        }
        return "{\"outputPurged\":true}";
    }

    private int sentNotifications(OffsetDateTime cutoff, Instant now) {
        return jdbc.update("DELETE FROM outbox WHERE id IN (SELECT o.id FROM outbox o JOIN incidents n"
                + " ON n.id = o.incident_id WHERE o.status IN " + DONE_NOTIFICATIONS
                + " AND COALESCE(o.sent_at, o.created_at) < ? AND n.state NOT IN " + OPEN_STATES
                + " ORDER BY o.created_at LIMIT ?)", cutoff, properties.batchSize());
    }

    private int pagerDutyDeliveries(OffsetDateTime cutoff, Instant now) {
        // no single-column key to batch by: the batch ends at the received_at of its last row
        List<OffsetDateTime> last = jdbc.query("SELECT received_at FROM pagerduty_deliveries WHERE received_at < ?"
                        + " ORDER BY received_at OFFSET ? ROWS FETCH NEXT 1 ROWS ONLY",
                (rs, n) -> rs.getObject(1, OffsetDateTime.class), cutoff, properties.batchSize() - 1);
        OffsetDateTime upTo = last.isEmpty() ? cutoff : last.get(0);
        return jdbc.update("DELETE FROM pagerduty_deliveries WHERE received_at < ? AND received_at <= ?", cutoff, upTo);
    }
}
