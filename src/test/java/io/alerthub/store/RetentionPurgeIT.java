package io.alerthub.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alerthub.support.SettableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The retention purge on both supported databases: with the clock set, exactly the rows older than each table's
 * period go (in small batches), nothing an open incident or an unsent notification needs is touched, a second run
 * finds nothing, and a period of 0 keeps everything.
 */
class RetentionPurgeIT {
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final Instant OLD = NOW.minus(Duration.ofDays(100));
    private static final Instant RECENT = NOW.minus(Duration.ofDays(1));
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SettableClock clock = new SettableClock(NOW);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private JdbcTemplate jdbc;

    private RetentionPurge purge(Databases db, Duration period) {
        jdbc = new JdbcTemplate(db.migrated());
        RetentionProperties properties = new RetentionProperties(null, 2, null, period.isZero() ? period
                : Duration.ofDays(30), period, period, period, period.isZero() ? period : Duration.ofHours(2));
        return new RetentionPurge(jdbc, JSON, properties, meters, clock);
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void exactlyTheOldRowsGoAndNothingAnOpenIncidentNeeds(Databases db) {
        RetentionPurge purge = purge(db, Duration.ofDays(90));
        seed();

        Map<String, Integer> purged = purge.purge();

        assertThat(purged).containsEntry("inbox_bodies", 1).containsEntry("rejected", 5)
                .containsEntry("timeline_output", 2).containsEntry("sent_notifications", 2)
                .containsEntry("pagerduty_deliveries", 3);
        assertThat(body("in-old-done")).isEmpty();
        assertThat(body("in-old-open")).isEqualTo("{\"raw\":1}");
        assertThat(body("in-new-done")).isEqualTo("{\"raw\":1}");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbox", Integer.class)).as("rows stay").isEqualTo(3);

        assertThat(ids("SELECT id FROM rejected ORDER BY id")).containsExactly("rj-new");

        JsonNode purgedStep = detail("ssh-old-done");
        assertThat(purgedStep.has("stdout")).isFalse();
        assertThat(purgedStep.has("stderr")).isFalse();
        assertThat(purgedStep.path("outputPurged").asBoolean()).isTrue();
        assertThat(purgedStep.path("exitCode").asInt()).as("the step itself stays").isEqualTo(0);
        assertThat(detail("probe-old-done").has("body")).isFalse();
        assertThat(detail("ssh-old-open").path("stdout").asText()).isEqualTo("secret output");
        assertThat(detail("ssh-new-done").path("stdout").asText()).isEqualTo("secret output");
        assertThat(detail("received-old-done").path("note").asText()).isEqualTo("untouched");

        assertThat(ids("SELECT id FROM outbox ORDER BY id"))
                .containsExactly("ob-new-sent", "ob-old-dead", "ob-old-held", "ob-old-open-sent", "ob-old-pending");
        assertThat(ids("SELECT delivery_id FROM pagerduty_deliveries ORDER BY delivery_id")).containsExactly("pd-new");

        assertThat(meters.counter("alerthub.retention.purged", "table", "rejected").count()).isEqualTo(5);
        assertThat(purge.purge()).as("a second run finds nothing").allSatisfy((table, n) -> assertThat(n).isZero());
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void aPeriodOfZeroKeepsEverything(Databases db) {
        RetentionPurge purge = purge(db, Duration.ZERO);
        seed();

        assertThat(purge.purge()).isEmpty();
        assertThat(body("in-old-done")).isEqualTo("{\"raw\":1}");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rejected", Integer.class)).isEqualTo(6);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM outbox", Integer.class)).isEqualTo(7);
    }

    private void seed() {
        incident("inc-done", "RESOLVED");
        incident("inc-open", "ESCALATED");
        inbox("in-old-done", OLD, "inc-done");
        inbox("in-old-open", OLD, "inc-open");
        inbox("in-new-done", RECENT, "inc-done");
        for (int i = 0; i < 5; i++) {
            rejected("rj-old-" + i, OLD);
        }
        rejected("rj-new", RECENT);
        String output = "{\"command\":\"df -h\",\"exitCode\":0,\"stdout\":\"secret output\",\"stderr\":\"e\"}";
        timeline("ssh-old-done", "inc-done", "ssh", OLD, output);
        timeline("probe-old-done", "inc-done", "probe", OLD, "{\"probe\":\"http\",\"status\":500,\"body\":\"page\"}");
        timeline("ssh-old-open", "inc-open", "ssh", OLD, output);
        timeline("ssh-new-done", "inc-done", "ssh", RECENT, output);
        timeline("received-old-done", "inc-done", "received", OLD, "{\"note\":\"untouched\"}");
        outbox("ob-old-sent", "inc-done", "SENT", OLD);
        outbox("ob-old-cancelled", "inc-done", "CANCELLED", OLD);
        outbox("ob-old-open-sent", "inc-open", "SENT", OLD);
        outbox("ob-old-pending", "inc-done", "PENDING", OLD);
        outbox("ob-old-held", "inc-done", "HELD", OLD);
        outbox("ob-old-dead", "inc-done", "DEAD", OLD);
        outbox("ob-new-sent", "inc-done", "SENT", RECENT);
        for (int i = 0; i < 3; i++) {
            pagerDuty("pd-old-" + i, NOW.minus(Duration.ofHours(3)));
        }
        pagerDuty("pd-new", NOW.minus(Duration.ofHours(1)));
    }

    private void incident(String id, String state) {
        jdbc.update("INSERT INTO incidents (id, customer_id, fingerprint, open_fingerprint, state, source_status,"
                        + " alert_count, first_seen, last_seen) VALUES (?, 'acme', ?, ?, ?, 'firing', 1, ?, ?)",
                id, "fp-" + id, state.equals("RESOLVED") ? null : "fp-" + id, state, Sql.ts(OLD), Sql.ts(OLD));
    }

    private void inbox(String id, Instant at, String incidentId) {
        jdbc.update("INSERT INTO inbox (id, customer_id, channel, format, received_at, body)"
                + " VALUES (?, 'acme', 'webhook', 'generic', ?, ?)", id, Sql.ts(at), "{\"raw\":1}".getBytes());
        jdbc.update("INSERT INTO alerts (id, customer_id, inbox_id, incident_id, fingerprint, status, source_kind,"
                        + " source_format, received_at, document) VALUES (?, 'acme', ?, ?, 'fp', 'firing', 'webhook',"
                        + " 'generic', ?, '{}')", "al-" + id, id, incidentId, Sql.ts(at));
    }

    private void rejected(String id, Instant at) {
        new RejectedStore(jdbc).insert(new RejectedInput(id, "acme", "webhook", "generic", "malformed_json", 400,
                "bad", at, 3, null), "bad".getBytes());
    }

    private void timeline(String actor, String incidentId, String kind, Instant at, String detail) {
        // the actor names the entry, so the test can find it again
        jdbc.update("INSERT INTO timeline (incident_id, occurred_at, actor, kind, detail) VALUES (?, ?, ?, ?, ?)",
                incidentId, Sql.ts(at), actor, kind, detail);
    }

    private void outbox(String id, String incidentId, String status, Instant at) {
        jdbc.update("INSERT INTO outbox (id, customer_id, incident_id, channel, action, level, audience, status, due_at,"
                        + " attempts, created_at, sent_at) VALUES (?, 'acme', ?, 'slack', 'TRIGGER', 0, 'internal', ?, ?,"
                        + " 1, ?, ?)", id, incidentId, status, Sql.ts(at), Sql.ts(at),
                status.equals("SENT") ? Sql.ts(at) : null);
    }

    private void pagerDuty(String id, Instant at) {
        new PagerDutyDeliveryStore(jdbc).firstSeen("acme", id, at);
    }

    private String body(String inboxId) {
        return new String(new InboxStore(jdbc).body(inboxId).orElseThrow());
    }

    private JsonNode detail(String actor) {
        try {
            return JSON.readTree(jdbc.queryForObject("SELECT detail FROM timeline WHERE actor = ?", String.class, actor));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private List<String> ids(String sql) {
        return jdbc.queryForList(sql, String.class);
    }
}
