package io.alerthub.notify;

import io.alerthub.model.ChannelKind;
import io.alerthub.model.NotificationAction;
import static org.assertj.core.api.Assertions.assertThat;

import io.alerthub.model.Incident;
import io.alerthub.model.IncidentState;
import io.alerthub.model.Outcome;
import io.alerthub.scenario.ScenarioDecided;
import io.alerthub.store.OutboxEntry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Grouping timed as Alertmanager's dispatcher times it, driven through the sequences of its {@code TestAggrGroup}
 * (dispatch/dispatch_test.go) at its default durations: a clock the test moves, the escalation planner queuing each
 * verdict, and the outbox's lease, decide, send and settle steps run at each moment the test looks. Slack takes
 * digests, so a group's flush is one message.
 */
class AlertmanagerGroupingTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final Duration INTERVAL = Duration.ofMinutes(5);
    static final Duration REPEAT = Duration.ofHours(4);
    static final Duration SECOND = Duration.ofSeconds(1);

    @TempDir
    Path dir;
    OutboxFixture f;
    Instant t0;
    int incidents;

    @BeforeEach
    void customer() {
        f = new OutboxFixture(dir, Map.of("acme", OutboxFixture.ALL_CHANNELS + """
                escalation:
                  levels:
                    - channels: [slack]
                  groupBy: [alertClass]
                  groupWait: 30s
                  groupInterval: 5m
                  repeatInterval: 4h
                """));
        t0 = f.clock.instant();
    }

    @Test
    void aNewGroupWaitsForGroupWaitThenEachChangeGoesOnTheNextGroupIntervalTick() {
        escalate(fresh());

        assertThat(pollAt(t0.plus(WAIT).minus(SECOND))).as("not before group_wait").isEmpty();
        assertThat(pollAt(t0.plus(WAIT))).containsExactly(List.of("i1"));

        Instant last = t0.plus(WAIT);
        List<String> group = new ArrayList<>(List.of("i1"));
        for (int round = 0; round < 3; round++) {
            f.clock.set(last.plus(SECOND));
            String joined = escalate(fresh());
            group.add(joined);
            assertThat(pollAt(last.plus(SECOND))).as("a change to a group that notified waits").isEmpty();
            assertThat(pollAt(last.plus(INTERVAL).minus(SECOND))).as("not before group_interval").isEmpty();
            assertThat(pollAt(last.plus(INTERVAL))).as("round %d: the new incident and the group's others", round)
                    .containsExactly(sorted(group));
            last = last.plus(INTERVAL);
        }
    }

    @Test
    void anAlertOlderThanGroupWaitFlushesANewGroupAtOnceWithWhatWaited() {
        escalate(fresh());
        f.clock.set(t0.plus(SECOND));
        escalate(old());

        assertThat(pollAt(t0.plus(SECOND))).containsExactly(List.of("i1", "i2"));

        f.clock.set(t0.plus(SECOND.multipliedBy(2)));
        escalate(fresh());
        assertThat(pollAt(t0.plus(SECOND).plus(INTERVAL).minus(SECOND))).isEmpty();
        assertThat(pollAt(t0.plus(SECOND).plus(INTERVAL))).containsExactly(List.of("i1", "i2", "i3"));
    }

    @Test
    void aGroupWithNothingNewIsRemindedOnTheFirstTickAfterRepeatInterval() {
        escalate(fresh());
        Instant first = t0.plus(WAIT);
        assertThat(pollAt(first)).containsExactly(List.of("i1"));

        assertThat(pollAt(first.plus(REPEAT))).as("Alertmanager repeats only once the last notification is"
                + " more than repeat_interval ago, on a tick").isEmpty();
        assertThat(pollAt(first.plus(REPEAT).plus(INTERVAL).minus(SECOND))).isEmpty();
        assertThat(pollAt(first.plus(REPEAT).plus(INTERVAL))).containsExactly(List.of("i1"));
        assertThat(f.slack.received.get(1).action()).isEqualTo(NotificationAction.UPDATE);
    }

    @Test
    void aChangeRestartsTheRepeatIntervalAndTheReminderCarriesTheWholeGroup() {
        escalate(fresh());
        Instant first = t0.plus(WAIT);
        pollAt(first);
        f.clock.set(first.plus(Duration.ofHours(1)).plus(SECOND));
        escalate(fresh());
        Instant change = first.plus(Duration.ofHours(1)).plus(INTERVAL);
        assertThat(pollAt(change)).as("the new incident with the group's others").containsExactly(List.of("i1", "i2"));

        assertThat(pollAt(first.plus(REPEAT).plus(INTERVAL))).as("the old reminder moved with the change").isEmpty();
        assertThat(pollAt(change.plus(REPEAT))).isEmpty();
        assertThat(pollAt(change.plus(REPEAT).plus(INTERVAL))).containsExactly(List.of("i1", "i2"));
    }

    @Test
    void whenEveryIncidentOfTheGroupResolvedTheNextOneStartsANewGroupWithGroupWait() {
        escalate(fresh());
        pollAt(t0.plus(WAIT));
        f.clock.set(t0.plus(WAIT).plus(SECOND));
        escalate(fresh());
        pollAt(t0.plus(WAIT).plus(INTERVAL));

        Instant later = t0.plus(Duration.ofMinutes(20));
        f.clock.set(later);
        resolve("i1");
        resolve("i2");
        assertThat(pollAt(later)).as("resolutions go per incident, at once").containsExactlyInAnyOrder(List.of("i1"),
                List.of("i2"));

        f.clock.set(later.plus(SECOND));
        escalate(fresh());
        assertThat(pollAt(later.plus(SECOND).plus(WAIT).minus(SECOND))).as("a new group waits again").isEmpty();
        assertThat(pollAt(later.plus(SECOND).plus(WAIT))).containsExactly(List.of("i3"));
    }

    @Test
    void groupWaitDelaysOnlyTheFirstLevelAndNotAnIncidentOfItsOwnWhoseAlertIsOld() {
        f = new OutboxFixture(dir.resolve("levels"), Map.of("acme", OutboxFixture.ALL_CHANNELS + """
                escalation:
                  levels:
                    - channels: [slack]
                    - after: 10m
                      channels: [pagerduty]
                  groupWait: 30s
                """));
        t0 = f.clock.instant();
        escalate(fresh());

        assertThat(f.row("i1|slack|TRIGGER|0").dueAt()).isEqualTo(t0.plus(WAIT));
        assertThat(f.row("i1|pagerduty|TRIGGER|1").dueAt()).as("no group wait on a later level")
                .isEqualTo(t0.plus(Duration.ofMinutes(10)));

        f.clock.set(t0.plus(Duration.ofMinutes(1)));
        escalate(old());
        assertThat(f.row("i2|slack|TRIGGER|0").dueAt()).isEqualTo(f.clock.instant());
    }

    /** An incident whose first alert came now. */
    private Incident fresh() {
        return f.incident("i" + (++incidents), "acme", IncidentState.ESCALATED);
    }

    /** An incident whose first alert came an hour ago. */
    private Incident old() {
        Instant now = f.clock.instant();
        f.clock.set(now.minus(Duration.ofHours(1)));
        Incident i = fresh();
        f.clock.set(now);
        return i;
    }

    private String escalate(Incident i) {
        f.planner.plan(new ScenarioDecided(i.id(), i.customerId(), Outcome.ESCALATED));
        return i.id();
    }

    private void resolve(String id) {
        Incident i = f.incidents.find(id).orElseThrow();
        f.incidents.update(new Incident(i.id(), i.customerId(), i.fingerprint(), IncidentState.RESOLVED, i.outcome(),
                i.sourceStatus(), i.name(), i.alertClass(), i.severity(), i.host(), i.summary(), i.alertCount(),
                i.firstSeen(), i.lastSeen(), f.clock.instant()));
        f.planner.resolved(id);
    }

    /** Runs the outbox at {@code at}: what went out to Slack, one list of incident ids per message. */
    private List<List<String>> pollAt(Instant at) {
        f.clock.set(at);
        List<List<String>> sent = new ArrayList<>();
        for (OutboxEntry e : f.lease.takeDue()) {
            Dispatch d = f.decider.decide(e);
            if (d == null) {
                continue;
            }
            f.settler.settle(f.sender.send(d));
            if (d.first().channel() == ChannelKind.SLACK) {
                sent.add(sorted(d.entries().stream().map(OutboxEntry::incidentId).toList()));
            }
        }
        return sent;
    }

    private static List<String> sorted(List<String> ids) {
        return ids.stream().sorted().toList();
    }
}
