package io.alerthub.ingest.mail;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * The mail workers shared round-robin by the mailboxes (ingest stage): each mailbox's mails wait in its own queue, and
 * a free worker takes the next mail of the next mailbox in turn, so a mailbox with a full batch of slow mails delays
 * another mailbox's mail by at most one mail per busy mailbox instead of its whole batch. With one busy mailbox it
 * still gets every worker.
 */
final class FairWorkers {
    private final Executor pool;
    /** Waiting work per mailbox; guarded by {@code this}. */
    private final Map<String, ArrayDeque<Runnable>> queues = new HashMap<>();
    /** Mailboxes with waiting work, in the order they get the next free worker; guarded by {@code this}. */
    private final ArrayDeque<String> turns = new ArrayDeque<>();

    FairWorkers(Executor pool) {
        this.pool = pool;
    }

    /** Runs {@code work} for {@code mailbox} on the next worker that falls to that mailbox. */
    <T> CompletableFuture<T> submit(String mailbox, Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable task = () -> {
            try {
                result.complete(work.get());
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        };
        synchronized (this) {
            ArrayDeque<Runnable> queue = queues.computeIfAbsent(mailbox, k -> new ArrayDeque<>());
            if (queue.isEmpty()) {
                turns.addLast(mailbox);
            }
            queue.addLast(task);
        }
        try {
            // one pass of the pool per task: which task it runs is decided when a worker is free, not now
            pool.execute(this::runNext);
        } catch (RejectedExecutionException e) {
            withdraw(mailbox, task);
            result.completeExceptionally(e);
        }
        return result;
    }

    private void runNext() {
        Runnable task;
        synchronized (this) {
            String mailbox = turns.pollFirst();
            if (mailbox == null) {
                return;
            }
            ArrayDeque<Runnable> queue = queues.get(mailbox);
            task = queue.pollFirst();
            if (queue.isEmpty()) {
                queues.remove(mailbox);
            } else {
                turns.addLast(mailbox);
            }
        }
        task.run();
    }

    private synchronized void withdraw(String mailbox, Runnable task) {
        ArrayDeque<Runnable> queue = queues.get(mailbox);
        if (queue != null && queue.remove(task) && queue.isEmpty()) {
            queues.remove(mailbox);
            turns.remove(mailbox);
        }
    }
}
