package io.alerthub.ingest.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The shared mail workers go round-robin by mailbox: a mailbox that queued a whole batch does not make another
 * mailbox's mail wait behind all of it.
 */
class FairWorkersTest {
    final ExecutorService pool = Executors.newSingleThreadExecutor();
    final FairWorkers workers = new FairWorkers(pool);
    final List<String> ran = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void aSecondMailboxGetsTheNextFreeWorkerNotTheEndOfTheFirstMailboxsBatch() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch busy = new CountDownLatch(1);
        List<CompletableFuture<String>> all = new ArrayList<>();
        all.add(workers.submit("acme", () -> {
            started.countDown();
            await(busy);
            return record("acme-0");
        }));
        // the only worker is busy with acme's first mail; the rest of acme's batch, then demo's mail, wait
        await(started);
        for (int i = 1; i <= 4; i++) {
            String name = "acme-" + i;
            all.add(workers.submit("acme", () -> record(name)));
        }
        all.add(workers.submit("demo", () -> record("demo-0")));
        busy.countDown();

        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        assertThat(ran).containsExactly("acme-0", "acme-1", "demo-0", "acme-2", "acme-3", "acme-4");
        assertThat(all.get(5).get()).isEqualTo("demo-0");
    }

    @Test
    void aFailingMailFailsOnlyItsOwnFuture() throws Exception {
        CompletableFuture<String> bad = workers.submit("acme", () -> {
            throw new IllegalStateException("broken mail");
        });
        CompletableFuture<String> good = workers.submit("acme", () -> record("acme-1"));

        assertThat(good.get(30, TimeUnit.SECONDS)).isEqualTo("acme-1");
        assertThat(bad).isCompletedExceptionally();
    }

    private String record(String name) {
        ran.add(name);
        return name;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
