package io.alerthub.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.alerthub.model.ChannelKind;
import io.alerthub.model.IncidentState;
import io.alerthub.model.NotificationAction;
import io.alerthub.store.OutboxEntry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decide step alone, over a real outbox table: what goes out now, what is cancelled, held or postponed, and what
 * becomes one digest.
 */
class OutboxDeciderTest {
    static final String ALWAYS_QUIET = """
            quietHours:
              digest: true
              intervals:
                - name: always
                  times: [{start_time: "00:00", end_time: "24:00"}]
            """;

    @TempDir
    Path dir;

    @Test
    void aTriggerOfAnIncidentSomeoneTookIsCancelled() {
        OutboxFixture f = new OutboxFixture(dir, Map.of("acme", OutboxFixture.ALL_CHANNELS));
        f.incident("i1", "acme", IncidentState.ACKNOWLEDGED);
        OutboxEntry entry = f.queue("i1", "acme", "slack", NotificationAction.TRIGGER, null);

        assertThat(f.decider.decide(entry)).isNull();
        assertThat(f.row(entry.id()).status()).isEqualTo(OutboxEntry.Status.CANCELLED);
        assertThat(f.row(entry.id()).lastError()).isEqualTo("incident is ACKNOWLEDGED");
    }

    @Test
    void aSnoozedIncidentsTriggerWaitsForTheSnoozeToEndButItsResolutionDoesNot() {
        OutboxFixture f = new OutboxFixture(dir, Map.of("acme", OutboxFixture.ALL_CHANNELS));
        var i = f.incident("i1", "acme", IncidentState.ESCALATED);
        var until = f.clock.instant().plus(Duration.ofHours(1));
        f.incidents.writePeople(i.withPeople(i.state(), null, null, null, null, null, until));
        OutboxEntry trigger = f.queue("i1", "acme", "pagerduty", NotificationAction.TRIGGER, null);
        OutboxEntry resolve = f.queue("i1", "acme", "slack", NotificationAction.RESOLVE, null);

        assertThat(f.decider.decide(trigger)).isNull();
        assertThat(f.row(trigger.id()).status()).isEqualTo(OutboxEntry.Status.PENDING);
        assertThat(f.row(trigger.id()).dueAt()).isEqualTo(until);
        assertThat(f.row(trigger.id()).lastError()).isEqualTo("snoozed until " + until);
        assertThat(f.decider.decide(resolve).notification().action()).isEqualTo(NotificationAction.RESOLVE);
    }

    @Test
    void anAcknowledgementGoesOutWhateverTheIncidentsState() {
        OutboxFixture f = new OutboxFixture(dir, Map.of("acme", OutboxFixture.ALL_CHANNELS));
        f.incident("i1", "acme", IncidentState.ACKNOWLEDGED);
        OutboxEntry entry = f.queue("i1", "acme", "slack", NotificationAction.ACKNOWLEDGE, null);

        Dispatch d = f.decider.decide(entry);

        assertThat(d.notification().action()).isEqualTo(NotificationAction.ACKNOWLEDGE);
        assertThat(d.entries()).containsExactly(entry);
    }

    @Test
    void quietHoursHoldTheCustomersMailButNotTheInternalChannels() {
        OutboxFixture f = new OutboxFixture(dir, Map.of("acme", OutboxFixture.ALL_CHANNELS + ALWAYS_QUIET));
        f.incident("i1", "acme", IncidentState.ESCALATED);
        OutboxEntry mail = f.queue("i1", "acme", "email", NotificationAction.TRIGGER, null);
        OutboxEntry slack = f.queue("i1", "acme", "slack", NotificationAction.TRIGGER, null);

        assertThat(f.decider.decide(mail)).isNull();
        assertThat(f.row(mail.id()).status()).isEqualTo(OutboxEntry.Status.HELD);
        assertThat(f.timelineKinds("i1")).contains("notification_held");
        assertThat(f.decider.decide(slack).notification().channel()).isEqualTo(ChannelKind.SLACK);
    }

    @Test
    void overTheBudgetATriggerIsHeldEvenWhileTheOthersAreStillOnTheirWay() {
        OutboxFixture f = new OutboxFixture(dir, Map.of("acme", OutboxFixture.ALL_CHANNELS + OutboxFixture.BUDGET_OF_ONE));
        OutboxEntry first = f.twoTriggers("acme").get(0);
        OutboxEntry second = f.row("i2|slack|TRIGGER|0");

        Dispatch d = f.decider.decide(first);
        assertThat(d.budgeted()).isTrue();
        assertThat(f.decider.decide(second)).as("the first is not sent yet, but it holds the budget").isNull();
        assertThat(f.row(second.id()).status()).isEqualTo(OutboxEntry.Status.HELD);
        assertThat(f.row(second.id()).dueAt()).isEqualTo(f.clock.instant().plus(OutboxDecider.BUDGET_HOLD));
    }

    @Test
    void aChannelTheCustomerDidNotConfigureIsRefused() {
        OutboxFixture f = new OutboxFixture(dir, Map.of("acme", """
                notifications:
                  slack:
                    botToken: { env: SLACK_TOKEN }
                    channel: "#ops"
                """));
        f.incident("i1", "acme", IncidentState.ESCALATED);
        OutboxEntry entry = f.queue("i1", "acme", "pagerduty", NotificationAction.TRIGGER, null);

        assertThat(f.decider.decide(entry).refusal()).isEqualTo("channel pagerduty is not configured for customer acme");
    }

    @Test
    void aStormGroupGoesAsOneDigestOnAChannelThatTakesDigestsAndOneByOneOnPagerDuty() {
        OutboxFixture f = new OutboxFixture(dir, Map.of("acme", OutboxFixture.ALL_CHANNELS));
        for (String id : List.of("i1", "i2", "i3")) {
            f.incident(id, "acme", IncidentState.ESCALATED);
            f.queue(id, "acme", "slack", NotificationAction.TRIGGER, "acme|disk_usage");
            f.queue(id, "acme", "pagerduty", NotificationAction.TRIGGER, "acme|disk_usage");
        }
        OutboxEntry slack = f.row("i1|slack|TRIGGER|0");
        OutboxEntry pd = f.row("i1|pagerduty|TRIGGER|0");

        Dispatch digest = f.decider.decide(slack);
        Dispatch page = f.decider.decide(pd);

        assertThat(digest.isDigest()).isTrue();
        assertThat(digest.entries()).extracting(OutboxEntry::incidentId).containsExactlyInAnyOrder("i1", "i2", "i3");
        assertThat(digest.notification().content().digestItems()).hasSize(3);
        assertThat(f.row("i2|slack|TRIGGER|0").status()).as("taken along").isEqualTo(OutboxEntry.Status.SENDING);
        assertThat(page.isDigest()).isFalse();
        assertThat(page.entries()).containsExactly(pd);
    }

    @Test
    void theNextTriggerOfAGroupWaitsForTheGroupInterval() {
        OutboxFixture f = new OutboxFixture(dir, Map.of("acme", OutboxFixture.ALL_CHANNELS + """
                escalation:
                  groupInterval: 5m
                """));
        f.incident("i1", "acme", IncidentState.ESCALATED);
        f.incident("i2", "acme", IncidentState.ESCALATED);
        OutboxEntry first = f.queue("i1", "acme", "slack", NotificationAction.TRIGGER, "g");
        f.outbox.sent(first.id(), "ts-1", 1, f.clock.instant());
        OutboxEntry second = f.queue("i2", "acme", "slack", NotificationAction.TRIGGER, "g");

        assertThat(f.decider.decide(second)).isNull();
        assertThat(f.row(second.id()).status()).isEqualTo(OutboxEntry.Status.PENDING);
        assertThat(f.row(second.id()).dueAt()).isEqualTo(f.clock.instant().plus(Duration.ofMinutes(5)));
    }

    @Test
    void mailHeldOverQuietHoursBecomesOneDigestAndAResolvedIncidentIsDroppedFromIt() {
        OutboxFixture f = new OutboxFixture(dir, Map.of("acme", OutboxFixture.ALL_CHANNELS + """
                quietHours:
                  digest: true
                  dropResolved: true
                  intervals:
                    - name: never
                      weekdays: [sunday]
                """));
        f.incident("i1", "acme", IncidentState.ESCALATED);
        f.incident("i2", "acme", IncidentState.ESCALATED);
        f.incident("i3", "acme", IncidentState.RESOLVED);
        List<OutboxEntry> held = List.of(f.queue("i1", "acme", "email", NotificationAction.TRIGGER, null),
                f.queue("i2", "acme", "email", NotificationAction.TRIGGER, null),
                f.queue("i3", "acme", "email", NotificationAction.TRIGGER, null));

        Dispatch d = f.decider.digestHeld(held);

        assertThat(d.isDigest()).isTrue();
        assertThat(d.entries()).extracting(OutboxEntry::incidentId).containsExactly("i1", "i2");
        assertThat(d.notification().content().summary()).isEqualTo("2 notifications held during quiet hours");
        assertThat(f.row("i3|email|TRIGGER|0").status()).isEqualTo(OutboxEntry.Status.CANCELLED);
        assertThat(f.timelineKinds("i3")).contains("notification_dropped");
    }

    @Test
    void aSingleHeldNotificationOrOneForPagerDutyGoesOutOnItsOwn() {
        OutboxFixture f = new OutboxFixture(dir, Map.of("acme", OutboxFixture.ALL_CHANNELS));
        f.incident("i1", "acme", IncidentState.ESCALATED);
        f.incident("i2", "acme", IncidentState.ESCALATED);
        OutboxEntry mail = f.queue("i1", "acme", "email", NotificationAction.TRIGGER, null);
        List<OutboxEntry> pages = List.of(f.queue("i1", "acme", "pagerduty", NotificationAction.TRIGGER, null),
                f.queue("i2", "acme", "pagerduty", NotificationAction.TRIGGER, null));
        f.outbox.hold(mail.id(), f.clock.instant());
        pages.forEach(p -> f.outbox.hold(p.id(), f.clock.instant()));

        assertThat(f.decider.digestHeld(List.of(mail))).isNull();
        assertThat(f.decider.digestHeld(pages)).isNull();
        assertThat(List.of(f.row(mail.id()), f.row(pages.get(0).id()), f.row(pages.get(1).id())))
                .extracting(OutboxEntry::status).containsOnly(OutboxEntry.Status.PENDING);
    }
}
