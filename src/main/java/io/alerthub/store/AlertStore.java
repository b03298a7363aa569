package io.alerthub.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alerthub.model.Alert;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Normalized alerts: indexed columns for filtering plus the whole common-format document. */
@Repository
public class AlertStore {
    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public AlertStore(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public void insert(Alert alert, String incidentId) {
        jdbc.update("INSERT INTO alerts (id, customer_id, inbox_id, incident_id, fingerprint, status, name, alert_class,"
                        + " severity, source_kind, source_format, host, received_at, document)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                alert.id(), alert.customerId(), alert.rawRef(), incidentId, alert.fingerprint(), alert.status().json(),
                alert.name(), alert.alertClass(), alert.severity() == null ? null : alert.severity().json(),
                alert.source().kind(), alert.source().format(), alert.resource().host(), Sql.ts(alert.receivedAt()),
                write(alert));
    }

    public Optional<StoredAlert> find(String id) {
        return jdbc.query("SELECT incident_id, document FROM alerts WHERE id = ?", this::row, id).stream().findFirst();
    }

    /** Ids of the alerts one inbox record produced, in the order they were stored. */
    public List<String> idsForInbox(String inboxId) {
        return jdbc.queryForList("SELECT id FROM alerts WHERE inbox_id = ? ORDER BY id", String.class, inboxId);
    }

    public List<StoredAlert> forIncident(String incidentId) {
        return jdbc.query("SELECT incident_id, document FROM alerts WHERE incident_id = ? ORDER BY id", this::row, incidentId);
    }

    /** The newest alert of an incident (what the source said last), if any. */
    public Optional<StoredAlert> latestForIncident(String incidentId) {
        return jdbc.query("SELECT incident_id, document FROM alerts WHERE incident_id = ? ORDER BY id DESC LIMIT 1",
                this::row, incidentId).stream().findFirst();
    }

    public Page<StoredAlert> list(AlertQuery q) {
        return list(q, null);
    }

    /** Alerts matching {@code q} of the customers {@code within} (null: every customer), newest first. */
    public Page<StoredAlert> list(AlertQuery q, Collection<String> within) {
        Sql.Where where = new Sql.Where()
                .and("customer_id = ?", q.customerId())
                .in("customer_id", within)
                .and("status = ?", q.status() == null ? null : q.status().json())
                .and("(source_kind = ? OR source_format = ?)", q.source())
                .and("received_at >= ?", Sql.ts(q.since()))
                .and("id < ?", q.cursor());
        String sql = "SELECT incident_id, document FROM alerts" + where.sql() + " ORDER BY id DESC LIMIT ?";
        return Page.of(jdbc.query(sql, this::row, where.args(q.limit() + 1)), q.limit(), s -> s.alert().id());
    }

    private StoredAlert row(ResultSet rs, int n) throws SQLException {
        try {
            return new StoredAlert(json.readValue(rs.getString("document"), Alert.class), rs.getString("incident_id"));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String write(Alert alert) {
        try {
            return json.writeValueAsString(alert);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
