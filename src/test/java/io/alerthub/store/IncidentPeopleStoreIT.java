package io.alerthub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alerthub.model.Alert;
import io.alerthub.model.AlertSource;
import io.alerthub.model.AlertStatus;
import io.alerthub.model.Incident;
import io.alerthub.model.IncidentState;
import io.alerthub.model.Resource;
import io.alerthub.notify.slack.SlackInteractions;
import io.alerthub.notify.slack.SlackInteractiveProperties;
import io.alerthub.notify.slack.SlackRequestSigning;
import io.alerthub.support.SettableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.env.MockEnvironment;

/**
 * Migration V7 and what people's actions write, on H2 and a real PostgreSQL: the people fields round-trip, re-opening
 * beside an open incident of the same key fails on the unique index, a re-run request resets the claim and keeps its
 * dry-run flag, and a Slack signature is accepted once.
 */
class IncidentPeopleStoreIT {
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    private static Incident incident(String id, IncidentState state) {
        return new Incident(id, "acme", "fp-1", state, null, AlertStatus.FIRING, "Disk full", "disk_usage", null,
                "web-1", "93% full", 1, NOW, NOW, state.isOpen() ? null : NOW);
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void peopleFieldsRoundTripAndReopeningBesideAnOpenIncidentFails(Databases db) {
        IncidentStore store = new IncidentStore(new JdbcTemplate(db.migrated()));
        store.insert(incident("inc-1", IncidentState.ESCALATED));
        Incident locked = store.lock("inc-1").orElseThrow();
        Instant until = NOW.plus(Duration.ofHours(2));
        store.writePeople(locked.withPeople(IncidentState.ACKNOWLEDGED, null, NOW, "alice", "bob", null, until));
        Incident taken = store.find("inc-1").orElseThrow();
        assertThat(taken.state()).isEqualTo(IncidentState.ACKNOWLEDGED);
        assertThat(taken.acknowledgedBy()).isEqualTo("alice");
        assertThat(taken.assignee()).isEqualTo("bob");
        assertThat(taken.snoozedUntil()).isEqualTo(until);

        store.writePeople(taken.withPeople(IncidentState.CLOSED, NOW, NOW, "alice", "bob", "alice", null));
        assertThat(store.find("inc-1").orElseThrow().resolvedBy()).isEqualTo("alice");
        assertThat(store.findOpen("acme", "fp-1")).isEmpty();

        store.insert(incident("inc-2", IncidentState.OPEN));
        Incident closed = store.find("inc-1").orElseThrow();
        assertThatThrownBy(() -> store.writePeople(closed.withPeople(IncidentState.ACKNOWLEDGED, null, NOW, "alice",
                "bob", null, null))).isInstanceOf(DuplicateKeyException.class);
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void aRerunRequestReopensForTheDispatcherAndRemembersDryRun(Databases db) {
        JdbcTemplate jdbc = new JdbcTemplate(db.migrated());
        IncidentStore store = new IncidentStore(jdbc);
        store.insert(incident("inc-3", IncidentState.OPEN));
        assertThat(store.claim("inc-3", "acme.disk", NOW)).isTrue();
        assertThat(store.rerunDryRun("inc-3")).isFalse();

        store.requestRerun("inc-3", true);

        Incident open = store.find("inc-3").orElseThrow();
        assertThat(open.state()).isEqualTo(IncidentState.OPEN);
        assertThat(open.scenario()).isNull();
        assertThat(store.rerunDryRun("inc-3")).isTrue();
        assertThat(store.claim("inc-3", "acme.disk", NOW)).as("the dispatcher can claim it again").isTrue();
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void aSlackSignatureIsAcceptedOnce(Databases db) {
        SettableClock clock = new SettableClock(NOW);
        SlackInteractions interactions = new SlackInteractions(new SlackInteractiveProperties(true,
                new SlackInteractiveProperties.SecretRef("SLACK_SECRET", null), Map.of("u1", "alice"), null, null,
                null), new MockEnvironment().withProperty("SLACK_SECRET", "s3cret"),
                new JdbcTemplate(db.migrated()), clock);
        byte[] body = "payload=%7B%7D".getBytes(StandardCharsets.UTF_8);
        String timestamp = Long.toString(NOW.getEpochSecond());
        String signature = SlackRequestSigning.sign("s3cret".getBytes(StandardCharsets.UTF_8), timestamp, body);

        assertThat(List.of(interactions.verify(timestamp, signature, body), interactions.verify(timestamp, signature,
                body))).containsExactly(SlackRequestSigning.Verdict.VALID, SlackRequestSigning.Verdict.REPLAYED);
        assertThat(interactions.properties().operatorOf("U1")).contains("alice");
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void aSourcesLateRecoveryLeavesAClosedIncidentClosed(Databases db) {
        JdbcTemplate jdbc = new JdbcTemplate(db.migrated());
        IncidentStore store = new IncidentStore(jdbc);
        store.insert(incident("inc-4", IncidentState.ESCALATED));
        Incident open = store.find("inc-4").orElseThrow();
        store.writePeople(open.withPeople(IncidentState.CLOSED, NOW, null, null, null, "alice", null));
        Alert recovery = new Alert("al-1", "acme", new AlertSource("webhook", "generic", null, null), "fp-1",
                AlertStatus.RESOLVED, "Disk full", "disk_usage", null, null, new Resource("web-1", null, null, null),
                "recovered", null, null, null, null, null, NOW.plusSeconds(60), null, "in-1");

        io.alerthub.triage.Folding.folder(store, new TimelineStore(jdbc,
                new com.fasterxml.jackson.databind.ObjectMapper())).fold(recovery);

        Incident after = store.find("inc-4").orElseThrow();
        assertThat(after.state()).isEqualTo(IncidentState.CLOSED);
        assertThat(after.sourceStatus()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(after.resolvedBy()).isEqualTo("alice");
    }
}
