package io.alerthub.triage;

import io.alerthub.model.Alert;
import io.alerthub.normalize.Delivery;
import io.alerthub.store.AlertStore;
import io.alerthub.store.InboxStore;
import io.alerthub.support.ProblemException;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The durable inbox writer: stores each delivery's raw bytes, its normalized alerts and their incident folding in
 * one transaction, and only then lets the caller answer. One writer thread commits whatever is queued as one
 * transaction (group commit, no lingering), so durability costs one commit per batch rather than per request. A
 * batch that fails is retried delivery by delivery, so one bad delivery cannot fail its neighbours.
 */
@Component
public class Intake implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(Intake.class);
    private final BlockingQueue<Pending> queue;
    private final IntakeProperties properties;
    private final TransactionTemplate tx;
    private final InboxStore inbox;
    private final AlertStore alerts;
    private final IncidentFolder folder;
    private final DistributionSummary batchSizes;
    private final MeterRegistry meters;
    private final ApplicationEventPublisher events;
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile boolean running;
    private volatile boolean databaseDown;
    private volatile Instant downSince;
    private Thread writer;

    public Intake(IntakeProperties properties, TransactionTemplate tx, InboxStore inbox, AlertStore alerts,
                  IncidentFolder folder, MeterRegistry meters, ApplicationEventPublisher events) {
        this.events = events;
        this.properties = properties;
        this.queue = new LinkedBlockingQueue<>(properties.queueCapacity());
        this.tx = tx;
        this.inbox = inbox;
        this.alerts = alerts;
        this.folder = folder;
        this.meters = meters;
        this.batchSizes = DistributionSummary.builder("alerthub.intake.batch.size")
                .description("deliveries committed per inbox transaction").register(meters);
    }

    /**
     * Stores a delivery durably; returns once it is committed (or was already stored). While the database is
     * unreachable only one delivery at a time goes to the writer to probe it; the others are refused at once with
     * 503, so senders are not held for the pool's connection timeout and retry.
     */
    public IntakeReceipt store(Delivery delivery) {
        boolean probe = false;
        if (databaseDown) {
            if (!probing.compareAndSet(false, true)) {
                throw databaseUnavailable();
            }
            probe = true;
        }
        Pending pending = new Pending(delivery, new CompletableFuture<>(), new AtomicBoolean(), probe);
        long timeoutMs = properties.commitTimeout().toMillis();
        try {
            if (!running || !queue.offer(pending, timeoutMs, TimeUnit.MILLISECONDS)) {
                pending.claimed().set(true);
                if (probe) {
                    probing.set(false);
                }
                throw unavailable("the inbox writer is not accepting work");
            }
            return pending.done().get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw abandon(pending, "interrupted while waiting for the inbox commit");
        } catch (TimeoutException e) {
            throw abandon(pending, "the inbox commit did not finish within " + properties.commitTimeout());
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        }
    }

    /**
     * The caller stops waiting. A delivery the writer has not taken yet is withdrawn, so it is never stored behind
     * a 503 (the sender's retry would store it twice); one already in a transaction keeps its outcome, which is
     * then unknown to the sender (at-least-once: a retry of a delivery with a source event id folds).
     */
    private ProblemException abandon(Pending pending, String detail) {
        if (pending.claimed().compareAndSet(false, true)) {
            if (pending.probe()) {
                probing.set(false);
            }
            return unavailable(detail);
        }
        return unavailable(detail + " (the commit may still complete)");
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>(properties.maxBatch());
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, properties.maxBatch() - 1);
                commit(claim(batch));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("inbox writer failed on a batch of {}", batch.size(), e);
                batch.forEach(p -> p.done().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    /**
     * The deliveries of {@code drained} this writer may still store: not withdrawn by their caller, and while the
     * database is down only the probe (the rest are refused at once rather than each waiting for a connection).
     */
    private List<Pending> claim(List<Pending> drained) {
        List<Pending> mine = new ArrayList<>(drained.size());
        for (Pending p : drained) {
            if (!p.claimed().compareAndSet(false, true)) {
                continue;
            }
            if (databaseDown && !p.probe()) {
                p.done().completeExceptionally(databaseUnavailable());
            } else {
                mine.add(p);
            }
        }
        return mine;
    }

    private void commit(List<Pending> batch) {
        if (batch.isEmpty()) {
            return;
        }
        batchSizes.record(batch.size());
        try {
            commitBatch(batch);
        } finally {
            if (batch.stream().anyMatch(Pending::probe)) {
                probing.set(false);
            }
        }
    }

    private void commitBatch(List<Pending> batch) {
        try {
            List<Written> written = tx.execute(s -> batch.stream().map(p -> write(p.delivery())).toList());
            databaseUp();
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).done().complete(published(written.get(i)));
            }
        } catch (RuntimeException batchFailure) {
            if (isDatabaseUnavailable(batchFailure)) {
                // one by one would wait for a connection once per delivery: refuse the batch, the senders retry
                databaseDown(batchFailure);
                batch.forEach(p -> p.done().completeExceptionally(databaseUnavailable()));
                return;
            }
            LOG.warn("inbox batch of {} failed ({}); committing its deliveries one by one", batch.size(),
                    batchFailure.toString());
            for (Pending p : batch) {
                if (databaseDown) {
                    p.done().completeExceptionally(databaseUnavailable());
                    continue;
                }
                try {
                    p.done().complete(published(commitAlone(p.delivery())));
                } catch (RuntimeException e) {
                    if (isDatabaseUnavailable(e)) {
                        databaseDown(e);
                        p.done().completeExceptionally(databaseUnavailable());
                    } else {
                        p.done().completeExceptionally(e);
                    }
                }
            }
        }
    }

    /**
     * Commits one delivery on its own. A unique-key conflict means another hub instance opened the same incident
     * a moment ago; by now its commit is visible, so one more attempt folds into it.
     */
    private Written commitAlone(Delivery d) {
        try {
            return tx.execute(s -> write(d));
        } catch (DuplicateKeyException conflict) {
            return tx.execute(s -> write(d));
        }
    }

    /** Tells later stages what the committed delivery changed; a failing listener never fails the delivery. */
    private IntakeReceipt published(Written written) {
        for (IncidentChanged change : written.changes()) {
            try {
                events.publishEvent(change);
            } catch (RuntimeException e) {
                // the incident is stored; the recovery sweep picks it up
                LOG.warn("incident {}: listener failed on {}: {}", change.incidentId(), change.change(), e.toString());
            }
        }
        return written.receipt();
    }

    private Written write(Delivery d) {
        String dedupKey = d.dedupKey();
        Optional<String> earlier = dedupKey == null ? Optional.empty() : inbox.findByDedupKey(dedupKey);
        if (earlier.isPresent()) {
            meters.counter("alerthub.intake.duplicates", "format", d.raw().format()).increment();
            return new Written(new IntakeReceipt(alerts.idsForInbox(earlier.get()), true), List.of());
        }
        inbox.insert(d.raw(), dedupKey);
        List<String> ids = new ArrayList<>(d.alerts().size());
        List<IncidentChanged> changes = new ArrayList<>(d.alerts().size());
        for (Alert alert : d.alerts()) {
            IncidentChanged change = folder.fold(alert);
            alerts.insert(alert, change.incidentId());
            changes.add(change);
            ids.add(alert.id());
        }
        meters.counter("alerthub.intake.alerts", "channel", d.raw().channel(), "format", d.raw().format())
                .increment(ids.size());
        return new Written(new IntakeReceipt(ids, false), changes);
    }

    private static ProblemException unavailable(String detail) {
        return new ProblemException(503, "unavailable", "Temporarily unable to store alerts", detail);
    }

    private ProblemException databaseUnavailable() {
        return new ProblemException(503, "database_unavailable", "Temporarily unable to store alerts",
                "the database is unavailable (since " + downSince + "); retry later");
    }

    /** A failure that says the database cannot be reached (no connection), not that this delivery is bad. */
    static boolean isDatabaseUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // the connection died mid-transaction: the failed rollback hides the failure that says so
            if (t instanceof TransactionSystemException rollback && rollback.getApplicationException() != null
                    && isDatabaseUnavailable(rollback.getApplicationException())) {
                return true;
            }
            if (t instanceof CannotCreateTransactionException || t instanceof DataAccessResourceFailureException
                    || t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
        }
        return false;
    }

    private void databaseDown(RuntimeException cause) {
        if (!databaseDown) {
            downSince = Instant.now();
            LOG.error("inbox: the database is unavailable ({}); refusing deliveries with 503 and probing it with one"
                    + " delivery at a time until it answers", cause.toString());
        }
        databaseDown = true;
        probing.set(false);
    }

    private void databaseUp() {
        if (databaseDown) {
            LOG.warn("inbox: the database answers again (unavailable since {}); accepting deliveries", downSince);
        }
        databaseDown = false;
        probing.set(false);
    }

    @Override
    public void start() {
        running = true;
        writer = new Thread(this::writeLoop, "intake-writer");
        writer.start();
    }

    @Override
    public void stop() {
        running = false;
        try {
            writer.join(properties.commitTimeout().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts before the Camel routes (default phase) and stops after them, so no accepted request is dropped. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }

    private record Written(IntakeReceipt receipt, List<IncidentChanged> changes) {
    }

    /** One delivery waiting for the writer; {@code claimed} once the writer took it or its caller withdrew it. */
    private record Pending(Delivery delivery, CompletableFuture<IntakeReceipt> done, AtomicBoolean claimed,
                           boolean probe) {
    }
}
