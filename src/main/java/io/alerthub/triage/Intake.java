package io.alerthub.triage;

import io.alerthub.model.Alert;
import io.alerthub.normalize.Delivery;
import io.alerthub.store.AlertStore;
import io.alerthub.store.InboxStore;
import io.alerthub.support.ProblemException;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
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
    private volatile boolean running;
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

    /** Stores a delivery durably; returns once it is committed (or was already stored). */
    public IntakeReceipt store(Delivery delivery) {
        Pending pending = new Pending(delivery, new CompletableFuture<>());
        long timeoutMs = properties.commitTimeout().toMillis();
        try {
            if (!running || !queue.offer(pending, timeoutMs, TimeUnit.MILLISECONDS)) {
                throw unavailable("the inbox writer is not accepting work");
            }
            return pending.done().get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while waiting for the inbox commit");
        } catch (TimeoutException e) {
            throw unavailable("the inbox commit did not finish within " + properties.commitTimeout());
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        }
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
                commit(batch);
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

    private void commit(List<Pending> batch) {
        batchSizes.record(batch.size());
        try {
            List<Written> written = tx.execute(s -> batch.stream().map(p -> write(p.delivery())).toList());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).done().complete(published(written.get(i)));
            }
        } catch (RuntimeException batchFailure) {
            LOG.warn("inbox batch of {} failed ({}); committing its deliveries one by one", batch.size(),
                    batchFailure.toString());
            for (Pending p : batch) {
                try {
                    p.done().complete(published(commitAlone(p.delivery())));
                } catch (RuntimeException e) {
                    p.done().completeExceptionally(e);
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

    private record Pending(Delivery delivery, CompletableFuture<IntakeReceipt> done) {
    }
}
