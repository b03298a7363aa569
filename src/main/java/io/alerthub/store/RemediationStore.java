package io.alerthub.store;

import java.time.Instant;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Remediations a scenario did (or, in dry-run, would have done) per customer host and template: the record the
 * rate limit counts, so a restart loop across incidents and hub instances is caught.
 */
@Repository
public class RemediationStore {
    private final JdbcTemplate jdbc;

    public RemediationStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void record(String id, String customerId, String host, String template, String incidentId, String action,
                       boolean dryRun, Instant at) {
        jdbc.update("INSERT INTO remediations (id, customer_id, host, template, incident_id, action, dry_run, done_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", id, customerId, host, template, incidentId,
                Sql.truncate(action, 255), dryRun, Sql.ts(at));
    }

    /** Real (not dry-run) remediations of {@code template} on a host since {@code since}. */
    public int count(String customerId, String host, String template, Instant since) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM remediations WHERE customer_id = ? AND host = ?"
                + " AND template = ? AND done_at >= ? AND dry_run = FALSE", Integer.class, customerId, host, template,
                Sql.ts(since));
        return n == null ? 0 : n;
    }
}
