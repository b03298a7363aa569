package io.alerthub.store;

import io.alerthub.model.AlertStatus;
import io.alerthub.model.FlapDetector;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Flap detector state, one row per {@code (customerId, fingerprint)} (table flap_states, V15). */
@Repository
public class FlapStore {
    private static final String COLUMNS = "last_status, changes, flapping, flapping_since, last_change";
    private final JdbcTemplate jdbc;

    public FlapStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The state of a key, locked until the caller's transaction ends (created first when the key is new, so two
     * instances folding the first alerts of a key still take turns).
     */
    public FlapDetector.State lock(String customerId, String fingerprint) {
        jdbc.update("INSERT INTO flap_states (customer_id, fingerprint, changes, flapping) VALUES (?, ?, '', FALSE)"
                + " ON CONFLICT DO NOTHING", customerId, fingerprint);
        return jdbc.query("SELECT " + COLUMNS + " FROM flap_states WHERE customer_id = ? AND fingerprint = ? FOR UPDATE",
                FlapStore::row, customerId, fingerprint).stream().findFirst().orElse(FlapDetector.State.NEW);
    }

    public void save(String customerId, String fingerprint, FlapDetector.State s) {
        jdbc.update("UPDATE flap_states SET last_status = ?, changes = ?, flapping = ?, flapping_since = ?,"
                        + " last_change = ? WHERE customer_id = ? AND fingerprint = ?",
                s.lastStatus() == null ? null : s.lastStatus().json(),
                s.changes().stream().map(t -> Long.toString(t.toEpochMilli())).collect(Collectors.joining(",")),
                s.flapping(), Sql.ts(s.flappingSince()), Sql.ts(s.lastChange()), customerId, fingerprint);
    }

    /** Keys marked flapping whose last change came before {@code before}, oldest first: candidates to clear. */
    public List<String[]> flappingSince(Instant before, int limit) {
        return jdbc.query("SELECT customer_id, fingerprint FROM flap_states WHERE flapping = TRUE AND last_change < ?"
                        + " ORDER BY last_change LIMIT ?", (rs, n) -> new String[] {rs.getString(1), rs.getString(2)},
                Sql.ts(before), limit);
    }

    /** Forgets keys that do not flap and have not changed since {@code before} (retention). */
    public int purgeQuiet(Instant before) {
        return jdbc.update("DELETE FROM flap_states WHERE flapping = FALSE AND (last_change IS NULL OR last_change < ?)",
                Sql.ts(before));
    }

    private static FlapDetector.State row(ResultSet rs, int n) throws SQLException {
        String text = rs.getString("changes");
        List<Instant> changes = new ArrayList<>();
        if (text != null && !text.isBlank()) {
            Arrays.stream(text.split(",")).map(t -> Instant.ofEpochMilli(Long.parseLong(t.trim()))).forEach(changes::add);
        }
        return new FlapDetector.State(AlertStatus.fromJson(rs.getString("last_status")), changes,
                rs.getBoolean("flapping"), Sql.instant(rs, "flapping_since"), Sql.instant(rs, "last_change"));
    }
}
