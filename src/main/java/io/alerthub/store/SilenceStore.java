package io.alerthub.store;

import io.alerthub.config.SilenceConfig;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Silences operators created through the API, matchers included (those in customer.yaml are read from there). */
@Repository
public class SilenceStore {
    private final JdbcTemplate jdbc;

    public SilenceStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(String customerId, SilenceConfig s, String createdBy, Instant now) {
        jdbc.update("INSERT INTO silences (id, customer_id, hosts, alert_classes, starts_at, ends_at, comment, created_by,"
                        + " created_at, matchers) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", s.id(), customerId,
                String.join(",", s.hosts()), String.join(",", s.alertClasses()), Sql.ts(s.startsAt().toInstant()),
                Sql.ts(s.endsAt().toInstant()), Sql.truncate(s.comment(), 2000), createdBy, Sql.ts(now),
                s.matchers().isEmpty() ? null : String.join("\n", s.matchers()));
    }

    /** Silences of a customer (all customers when null) that have not ended by {@code now}. */
    public List<SilenceConfig> current(String customerId, Instant now) {
        return jdbc.query("SELECT * FROM silences WHERE (? IS NULL OR customer_id = ?) AND ends_at > ? ORDER BY starts_at",
                SilenceStore::row, customerId, customerId, Sql.ts(now));
    }

    /** The customer a silence belongs to, or null when there is no such silence. */
    public String customerOf(String id) {
        return jdbc.query("SELECT customer_id FROM silences WHERE id = ?", (rs, n) -> rs.getString(1), id)
                .stream().findFirst().orElse(null);
    }

    /** Ends a silence now; false when there is none with that id. */
    public boolean expire(String id, Instant now) {
        return jdbc.update("UPDATE silences SET ends_at = ? WHERE id = ? AND ends_at > ?", Sql.ts(now), id,
                Sql.ts(now)) == 1;
    }

    private static SilenceConfig row(ResultSet rs, int n) throws SQLException {
        return new SilenceConfig(rs.getString("id"), split(rs.getString("hosts")), split(rs.getString("alert_classes")),
                Sql.instant(rs, "starts_at").atOffset(ZoneOffset.UTC), Sql.instant(rs, "ends_at").atOffset(ZoneOffset.UTC),
                rs.getString("comment"), rs.getString("matchers") == null ? List.of()
                : Arrays.asList(rs.getString("matchers").split("\n")));
    }

    private static List<String> split(String value) {
        return value == null || value.isBlank() ? List.of() : Arrays.asList(value.split(","));
    }
}
