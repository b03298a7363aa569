package io.alerthub.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.alerthub.model.ChannelKind;
import io.alerthub.model.IncidentState;
import io.alerthub.model.NotificationAction;
import io.alerthub.store.OutboxEntry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The send step alone: a decided notification reaches its channel once; a refusal never reaches one. */
class NotificationSenderTest {
    @TempDir
    Path dir;

    @Test
    void aDecidedNotificationGoesToItsChannelAndTheVerdictComesBack() {
        OutboxFixture f = new OutboxFixture(dir, Map.of("acme", OutboxFixture.ALL_CHANNELS));
        f.incident("i1", "acme", IncidentState.ESCALATED);
        OutboxEntry entry = f.queue("i1", "acme", "pagerduty", NotificationAction.TRIGGER, null);
        f.pagerduty.answers.add(DeliveryResult.retry(Duration.ofSeconds(30), "429"));

        Attempt attempt = f.sender.send(f.decider.decide(entry));

        assertThat(attempt.tried()).isTrue();
        assertThat(attempt.result()).isEqualTo(DeliveryResult.retry(Duration.ofSeconds(30), "429"));
        assertThat(f.pagerduty.received).singleElement().satisfies(n -> {
            assertThat(n.id()).isEqualTo(entry.id());
            assertThat(n.action()).isEqualTo(NotificationAction.TRIGGER);
        });
        assertThat(f.slack.received).isEmpty();
    }

    @Test
    void aRefusalIsFailedWithoutTryingAnyChannel() {
        OutboxFixture f = new OutboxFixture(dir, Map.of("acme", OutboxFixture.ALL_CHANNELS));
        OutboxEntry entry = OutboxEntry.pending("gone|slack|TRIGGER|0", "acme", "gone", ChannelKind.SLACK,
                NotificationAction.TRIGGER, 0, "internal", f.clock.instant(), null, null, f.clock.instant());

        Attempt attempt = f.sender.send(Dispatch.refused(entry, null, null, "customer acme or its incident is gone"));

        assertThat(attempt.tried()).isFalse();
        assertThat(attempt.result()).isEqualTo(DeliveryResult.failed("customer acme or its incident is gone"));
        assertThat(f.slack.received).isEmpty();
    }
}
