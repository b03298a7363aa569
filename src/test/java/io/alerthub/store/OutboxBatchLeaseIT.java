package io.alerthub.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.alerthub.model.AlertStatus;
import io.alerthub.model.ChannelKind;
import io.alerthub.model.Incident;
import io.alerthub.model.IncidentState;
import io.alerthub.model.NotificationAction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Migration V19 and the one-statement batch lease, on H2 and a real PostgreSQL: pollers leasing at the same time
 * (several hub instances, or the scheduled poll beside a wake-up) each get their own entries, every due entry is taken
 * exactly once, and what is not due, already leased or not in the leased state stays where it is.
 */
class OutboxBatchLeaseIT {
    private static final Instant NOW = Instant.parse("2026-12-08T01:00:00Z");
    private static final Instant UNTIL = NOW.plus(Duration.ofMinutes(1));

    @ParameterizedTest
    @EnumSource(Databases.class)
    void concurrentPollersTakeEveryDueEntryExactlyOnce(Databases db) throws Exception {
        JdbcTemplate jdbc = new JdbcTemplate(db.migrated());
        OutboxStore outbox = new OutboxStore(jdbc);
        new IncidentStore(jdbc).insert(incident("i1"));
        int n = 300;
        for (int i = 0; i < n; i++) {
            outbox.enqueue(pending("n" + i, NOW.minusMillis(n - i)));
        }
        outbox.enqueue(pending("later", NOW.plusSeconds(30)));

        List<String> taken = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger conflicts = new AtomicInteger();
        ExecutorService pollers = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int p = 0; p < 4; p++) {
                running.add(pollers.submit(() -> {
                    while (true) {
                        List<OutboxEntry> batch;
                        try {
                            batch = outbox.leaseDue(NOW, UNTIL, 17);
                        } catch (ConcurrencyFailureException lockConflict) {
                            // what route notify.due's error policy retries (a lock wait or deadlock on the rows)
                            conflicts.incrementAndGet();
                            continue;
                        }
                        if (batch.isEmpty()) {
                            return null;
                        }
                        assertThat(batch).hasSizeLessThanOrEqualTo(17)
                                .allSatisfy(e -> assertThat(e.status()).isEqualTo(OutboxEntry.Status.SENDING));
                        batch.forEach(e -> taken.add(e.id()));
                    }
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pollers.shutdownNow();
        }

        assertThat(taken).as("every due entry once (%d lock conflicts retried)", conflicts.get())
                .hasSize(n).doesNotHaveDuplicates().doesNotContain("later");
        assertThat(outbox.find("later").orElseThrow().status()).isEqualTo(OutboxEntry.Status.PENDING);
        assertThat(outbox.leaseDue(NOW, UNTIL, 17)).as("leased: nobody takes them again").isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void aBatchIsTheOldestDueEntriesAndHeldOnesAreLeasedApart(Databases db) {
        JdbcTemplate jdbc = new JdbcTemplate(db.migrated());
        OutboxStore outbox = new OutboxStore(jdbc);
        new IncidentStore(jdbc).insert(incident("i1"));
        outbox.enqueue(pending("b", NOW.minusSeconds(2)));
        outbox.enqueue(pending("a", NOW.minusSeconds(3)));
        outbox.enqueue(pending("c", NOW.minusSeconds(1)));
        outbox.enqueue(pending("h", NOW.minusSeconds(5)));
        outbox.hold("h", NOW.minusSeconds(1));

        List<OutboxEntry> first = outbox.leaseDue(NOW, UNTIL, 2);
        assertThat(first).extracting(OutboxEntry::id).containsExactly("a", "b");
        assertThat(first).allSatisfy(e -> assertThat(e.interruptedAt()).isNull());
        assertThat(outbox.leaseDue(NOW, UNTIL, 2)).extracting(OutboxEntry::id).containsExactly("c");
        assertThat(outbox.leaseHeldDue(NOW, UNTIL, 10)).extracting(OutboxEntry::id).containsExactly("h");
        assertThat(outbox.leaseHeldDue(NOW, UNTIL, 10)).isEmpty();

        assertThat(outbox.releaseExpiredLeases(UNTIL.plusSeconds(1))).isEqualTo(4);
        assertThat(outbox.leaseDue(UNTIL.plusSeconds(1), UNTIL.plusSeconds(61), 10))
                .as("a lost lease comes back marked with when the cut-off attempt began")
                .hasSize(4).allSatisfy(e -> assertThat(e.interruptedAt()).isEqualTo(NOW));
    }

    private static Incident incident(String id) {
        return new Incident(id, "acme", "fp-" + id, IncidentState.ESCALATED, null, AlertStatus.FIRING, "Disk full",
                "disk_usage", null, "web-1", "93% full", 1, NOW, NOW, null);
    }

    private static OutboxEntry pending(String id, Instant due) {
        return OutboxEntry.pending(id, "acme", "i1", ChannelKind.SLACK, NotificationAction.TRIGGER, 0, "internal", due,
                null, null, NOW);
    }
}
