package io.alerthub.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alerthub.model.ChannelKind;
import io.alerthub.model.IncidentState;
import io.alerthub.model.NotificationAction;
import io.alerthub.store.OutboxEntry;
import io.alerthub.triage.InternalAlert;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The settle step alone: sent with a reminder, retried with backoff honouring Retry-After, handed to the fallback
 * channel, or dead-lettered and raised as the hub's own alert.
 */
class OutboxSettlerTest {
    @TempDir
    Path dir;

    private static Attempt attempt(OutboxFixture f, OutboxEntry entry, DeliveryResult result) {
        Dispatch d = f.decider.decide(entry);
        return new Attempt(d, result, true, f.clock.instant());
    }

    @Test
    void aSentNotificationKeepsTheChannelsReferenceAndQueuesAReminder() {
        OutboxFixture f = new OutboxFixture(dir, Map.of("acme", OutboxFixture.ALL_CHANNELS + """
                escalation:
                  repeatInterval: 4h
                """));
        f.incident("i1", "acme", IncidentState.ESCALATED);
        OutboxEntry entry = f.queue("i1", "acme", "slack", NotificationAction.TRIGGER, null);

        f.settler.settle(attempt(f, entry, DeliveryResult.sent("1780.0001", "ok")));

        OutboxEntry row = f.row(entry.id());
        assertThat(row.status()).isEqualTo(OutboxEntry.Status.SENT);
        assertThat(row.externalRef()).isEqualTo("1780.0001");
        assertThat(row.attempts()).isEqualTo(1);
        assertThat(f.timelineKinds("i1")).contains("notification_sent");
        OutboxEntry reminder = f.row("i1|slack|UPDATE|0|" + f.clock.instant().plus(Duration.ofHours(4))
                .getEpochSecond());
        assertThat(reminder.status()).isEqualTo(OutboxEntry.Status.PENDING);
        assertThat(reminder.dueAt()).isEqualTo(f.clock.instant().plus(Duration.ofHours(4)));
    }

    @Test
    void aSentNotificationIsSettledTogetherWithItsTimelineEntryOrNotAtAll() {
        OutboxFixture f = new OutboxFixture(dir, Map.of("acme", OutboxFixture.ALL_CHANNELS));
        f.incident("i1", "acme", IncidentState.ESCALATED);
        f.queue("i1", "acme", "slack", NotificationAction.TRIGGER, null);
        OutboxEntry leased = f.lease.takeDue().get(0);
        OutboxTimeline failing = new OutboxTimeline(f.timeline, f.clock) {
            @Override
            public void record(OutboxEntry entry, String kind, Map<String, Object> more) {
                throw new IllegalStateException("timeline unavailable");
            }
        };
        OutboxSettler settler = new OutboxSettler(f.outbox, f.incidents, f.channels, f.budget, failing, f.wake,
                f.properties, f.events::add, f.meters, f.tx);

        assertThatThrownBy(() -> settler.settle(attempt(f, leased, DeliveryResult.sent("1780.0001", "ok"))))
                .hasMessageContaining("timeline unavailable");

        OutboxEntry row = f.row(leased.id());
        assertThat(row.status()).as("not SENT without its timeline entry: the lease runs out and the channel looks"
                + " for the post before sending again").isEqualTo(OutboxEntry.Status.SENDING);
        assertThat(row.externalRef()).isNull();
    }

    @Test
    void aRetryWaitsAtLeastWhatRetryAfterAsked() {
        OutboxFixture f = new OutboxFixture(dir, Map.of("acme", OutboxFixture.ALL_CHANNELS));
        f.incident("i1", "acme", IncidentState.ESCALATED);
        OutboxEntry entry = f.queue("i1", "acme", "slack", NotificationAction.TRIGGER, null);

        f.settler.settle(attempt(f, entry, DeliveryResult.retry(Duration.ofSeconds(30), "slack: HTTP 429")));

        OutboxEntry row = f.row(entry.id());
        assertThat(row.status()).isEqualTo(OutboxEntry.Status.PENDING);
        assertThat(row.attempts()).isEqualTo(1);
        assertThat(row.dueAt()).isEqualTo(f.clock.instant().plusSeconds(30));
        assertThat(row.lastError()).isEqualTo("slack: HTTP 429");
        assertThat(f.timelineKinds("i1")).contains("notification_failed");
    }

    @Test
    void afterTheLastAttemptTheFallbackChannelTakesOverWithItsOwnAudience() {
        OutboxFixture f = new OutboxFixture(dir, Map.of("acme", OutboxFixture.ALL_CHANNELS + """
                escalation:
                  fallback:
                    slack: email
                """));
        f.incident("i1", "acme", IncidentState.ESCALATED);
        OutboxEntry entry = f.queue("i1", "acme", "slack", NotificationAction.TRIGGER, null);
        f.outbox.retry(entry.id(), "HTTP 500", f.properties.maxAttempts() - 1, f.clock.instant());

        f.settler.settle(attempt(f, f.row(entry.id()), DeliveryResult.retry(null, "HTTP 500")));

        assertThat(f.row(entry.id()).status()).isEqualTo(OutboxEntry.Status.FAILED);
        OutboxEntry fallback = f.row(entry.id() + "|fallback-email");
        assertThat(fallback.channel()).isEqualTo(ChannelKind.EMAIL);
        assertThat(fallback.audience()).isEqualTo("customer");
        assertThat(fallback.fallbackOf()).isEqualTo(entry.id());
        assertThat(f.events).isEmpty();
    }

    @Test
    void aPermanentFailureWithNoFallbackIsDeadCountedAndRaisedAsTheHubsOwnAlert() {
        OutboxFixture f = new OutboxFixture(dir, Map.of("acme", OutboxFixture.ALL_CHANNELS));
        f.incident("i1", "acme", IncidentState.ESCALATED);
        OutboxEntry entry = f.queue("i1", "acme", "slack", NotificationAction.TRIGGER, null);

        f.settler.settle(attempt(f, entry, DeliveryResult.failed("slack: channel_not_found")));

        assertThat(f.row(entry.id()).status()).isEqualTo(OutboxEntry.Status.DEAD);
        assertThat(f.timelineKinds("i1")).contains("notification_dead");
        assertThat(f.meters.counter("alerthub.notify.dead", "channel", "slack").count()).isEqualTo(1.0);
        assertThat(f.events).singleElement().isInstanceOfSatisfying(InternalAlert.class, alert -> {
            assertThat(alert.alertClass()).isEqualTo(OutboxSettler.DEAD_LETTER_CLASS);
            assertThat(alert.summary()).contains("incident i1", "slack: channel_not_found");
        });
    }

    @Test
    void settlingReleasesTheBudgetTheDecisionReserved() {
        OutboxFixture f = new OutboxFixture(dir, Map.of("acme", OutboxFixture.ALL_CHANNELS + OutboxFixture.BUDGET_OF_ONE));
        OutboxEntry first = f.twoTriggers("acme").get(0);
        OutboxEntry second = f.row("i2|slack|TRIGGER|0");

        f.settler.settle(attempt(f, first, DeliveryResult.retry(null, "HTTP 503")));

        assertThat(f.decider.decide(second)).as("the first was not sent: the budget is free again").isNotNull();
    }

    @Test
    void aRefusedNotificationGoesToTheFallbackWithoutCostingAnAttempt() {
        OutboxFixture f = new OutboxFixture(dir, Map.of("acme", """
                notifications:
                  email:
                    to: [oncall@customer.example]
                    from: alert-hub@msp.example
                escalation:
                  fallback:
                    pagerduty: email
                """));
        f.incident("i1", "acme", IncidentState.ESCALATED);
        OutboxEntry page = f.queue("i1", "acme", "pagerduty", NotificationAction.TRIGGER, null);

        f.settler.settle(f.sender.send(f.decider.decide(page)));

        assertThat(f.row(page.id()).status()).isEqualTo(OutboxEntry.Status.FAILED);
        assertThat(f.row(page.id()).attempts()).isZero();
        assertThat(f.row(page.id() + "|fallback-email").status()).isEqualTo(OutboxEntry.Status.PENDING);
        assertThat(f.meters.find("alerthub.notify.attempts").counters()).isEmpty();
    }
}
