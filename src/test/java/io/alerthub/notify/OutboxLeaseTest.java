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

/** The lease step alone: due entries are taken once, a dead sender's lease runs out, held ones come back grouped. */
class OutboxLeaseTest {
    @TempDir
    Path dir;

    @Test
    void dueEntriesAreTakenOnceAndComeBackWhenTheLeaseRunsOut() {
        OutboxFixture f = new OutboxFixture(dir, Map.of("acme", OutboxFixture.ALL_CHANNELS));
        f.incident("i1", "acme", IncidentState.ESCALATED);
        f.queue("i1", "acme", "slack", NotificationAction.TRIGGER, null);
        f.queue("i1", "acme", "pagerduty", NotificationAction.TRIGGER, null);
        f.outbox.enqueue(OutboxEntry.pending("i1|email|TRIGGER|1", "acme", "i1", ChannelKind.EMAIL,
                NotificationAction.TRIGGER, 1, "customer", f.clock.instant().plus(Duration.ofMinutes(5)), null, null,
                f.clock.instant()));

        java.time.Instant leased = f.clock.instant();
        assertThat(f.lease.takeDue()).extracting(OutboxEntry::channel)
                .containsExactlyInAnyOrder(ChannelKind.SLACK, ChannelKind.PAGERDUTY).as("nothing was lost yet");
        assertThat(f.row("i1|slack|TRIGGER|0").interruptedAt()).isNull();
        assertThat(f.lease.takeDue()).as("leased: nobody else takes them").isEmpty();
        assertThat(f.row("i1|slack|TRIGGER|0").status()).isEqualTo(OutboxEntry.Status.SENDING);

        f.clock.set(f.clock.instant().plus(f.properties.lease()).plusSeconds(1));
        List<OutboxEntry> again = f.lease.takeDue();
        assertThat(again).as("the sender died: its entries go out again")
                .extracting(OutboxEntry::channel).containsExactlyInAnyOrder(ChannelKind.SLACK, ChannelKind.PAGERDUTY);
        assertThat(again).as("each marked with when the cut-off attempt began: it may have reached the channel")
                .allSatisfy(e -> assertThat(e.interruptedAt()).isEqualTo(leased));
        assertThat(again).as("... and until when it could have: the end of its lease")
                .allSatisfy(e -> assertThat(e.interruptedUntil()).isEqualTo(leased.plus(f.properties.lease())));

        java.time.Instant leasedAgain = f.clock.instant();
        f.clock.set(f.clock.instant().plus(f.properties.lease()).plusSeconds(1));
        assertThat(f.lease.takeDue()).as("cut off twice: the first attempt still begins the search, the second's "
                + "lease ends it").allSatisfy(e -> {
                    assertThat(e.interruptedAt()).isEqualTo(leased);
                    assertThat(e.interruptedUntil()).isEqualTo(leasedAgain.plus(f.properties.lease()));
                });
        java.time.Instant third = f.clock.instant();
        f.outbox.searched("i1|slack|TRIGGER|0");
        f.clock.set(f.clock.instant().plus(f.properties.lease()).plusSeconds(1));
        assertThat(f.lease.takeDue()).as("once a lookup proved the earlier attempts unposted, a cut-off attempt is "
                + "searched for in its own lease only").filteredOn(e -> e.channel() == ChannelKind.SLACK)
                .singleElement().satisfies(e -> {
                    assertThat(e.interruptedAt()).isEqualTo(third);
                    assertThat(e.interruptedUntil()).isEqualTo(third.plus(f.properties.lease()));
                });
        f.outbox.sent("i1|slack|TRIGGER|0", "1764039845.000100", 1, f.clock.instant());
        assertThat(f.row("i1|slack|TRIGGER|0").interruptedAt()).as("settled: nothing in doubt").isNull();
        assertThat(f.row("i1|slack|TRIGGER|0").interruptedUntil()).isNull();
    }

    @Test
    void heldEntriesWhoseWindowEndedComeBackOneListPerCustomerAndChannel() {
        OutboxFixture f = new OutboxFixture(dir, Map.of("acme", OutboxFixture.ALL_CHANNELS,
                "beta", OutboxFixture.ALL_CHANNELS));
        for (String id : List.of("a1", "a2")) {
            f.incident(id, "acme", IncidentState.ESCALATED);
            f.outbox.hold(f.queue(id, "acme", "email", NotificationAction.TRIGGER, null).id(),
                    f.clock.instant().plusSeconds(60));
        }
        f.incident("b1", "beta", IncidentState.ESCALATED);
        f.outbox.hold(f.queue("b1", "beta", "email", NotificationAction.TRIGGER, null).id(),
                f.clock.instant().plusSeconds(60));

        assertThat(f.lease.takeHeld()).as("the window has not ended").isEmpty();
        f.clock.set(f.clock.instant().plus(Duration.ofMinutes(2)));
        List<List<OutboxEntry>> groups = f.lease.takeHeld();

        assertThat(groups).hasSize(2);
        assertThat(groups).anySatisfy(g -> assertThat(g).extracting(OutboxEntry::incidentId)
                .containsExactlyInAnyOrder("a1", "a2"));
        assertThat(groups).anySatisfy(g -> assertThat(g).extracting(OutboxEntry::incidentId).containsExactly("b1"));
        assertThat(f.lease.takeHeld()).as("leased").isEmpty();
    }
}
