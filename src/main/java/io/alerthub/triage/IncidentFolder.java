package io.alerthub.triage;

import io.alerthub.model.Alert;
import io.alerthub.model.AlertStatus;
import io.alerthub.model.FlapDetector;
import io.alerthub.model.Incident;
import io.alerthub.model.IncidentState;
import io.alerthub.model.TimelineEntry;
import io.alerthub.normalize.TestDeliveries;
import io.alerthub.store.IncidentStore;
import io.alerthub.store.TimelineStore;
import io.alerthub.support.Ids;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Triage stage: folds an alert into its incident, inside the caller's transaction. A firing alert joins the open
 * incident of its {@code (customerId, fingerprint)} or opens one; a resolved alert marks the open incident resolved
 * by the source (or the latest one, or opens one already resolved when the firing alert never reached the hub). A
 * firing alert that folds into an incident a person owns is a re-fire, news for that person, when it comes at least
 * {@code refireAfter} after they took it or were last told; otherwise it is a folded duplicate, on the timeline too.
 * An alert whose key finds no incident may still join the one another channel opened for the same problem
 * ({@link CrossChannelCorrelation}, when the customer turned it on).
 * While the key flaps ({@link Flapping}) every change, recoveries included, folds into the flapping incident, which
 * stays open and runs no scenario until the mark clears.
 */
@Component
public class IncidentFolder {
    private final IncidentStore incidents;
    private final TimelineStore timeline;
    private final IncidentTimings timings;
    private final MeterRegistry meters;
    private final CrossChannelCorrelation correlation;
    private final Flapping flapping;

    /** Without flap detection: every state change is taken as it comes (store-level tests of folding alone). */
    public IncidentFolder(IncidentStore incidents, TimelineStore timeline, IncidentTimings timings,
                          MeterRegistry meters, CrossChannelCorrelation correlation) {
        this(incidents, timeline, timings, meters, correlation, null);
    }

    @Autowired
    public IncidentFolder(IncidentStore incidents, TimelineStore timeline, IncidentTimings timings,
                          MeterRegistry meters, CrossChannelCorrelation correlation, Flapping flapping) {
        this.correlation = correlation;
        this.incidents = incidents;
        this.timeline = timeline;
        this.timings = timings;
        this.meters = meters;
        this.flapping = flapping;
    }

    /** Folds the alert; says which incident it went to and what that did to the incident. */
    public IncidentChanged fold(Alert alert) {
        IncidentChanged change = foldByKey(alert);
        if (change.change() != IncidentChanged.Change.TEST_DELIVERY) {
            correlation.remember(change.incidentId(), alert);
        }
        return change;
    }

    private IncidentChanged foldByKey(Alert alert) {
        if (TestDeliveries.isTest(alert)) {
            // a sender's test notification: kept and shown, closed at once, so no scenario runs and nobody is paged
            String id = open(alert, IncidentState.CLOSED, "test_delivery");
            return new IncidentChanged(id, alert.customerId(), IncidentChanged.Change.TEST_DELIVERY);
        }
        // the key's flap row first, then the incident row: the flapping sweep locks in the same order
        FlapDetector.Observation flap = flapping == null
                ? new FlapDetector.Observation(FlapDetector.State.NEW, false, false) : flapping.observe(alert);
        Optional<Incident> open = incidents.findOpen(alert.customerId(), alert.fingerprint())
                .or(() -> correlation.find(alert));
        if (alert.status() == AlertStatus.FIRING) {
            if (open.isPresent()) {
                Incident i = open.get();
                boolean correlated = correlation.joined(i, alert);
                incidents.update(seen(i, alert, i.state(), AlertStatus.FIRING, i.resolvedAt()));
                if (flap.started() && !i.flapping()) {
                    return startFlapping(i.id(), alert, flap, "duplicate");
                }
                Optional<Map<String, Object>> refire = refire(i, alert);
                if (refire.isPresent()) {
                    record(i.id(), alert, "refired", refire.get());
                    meters.counter("alerthub.incidents.refired", "customer", alert.customerId()).increment();
                    return new IncidentChanged(i.id(), alert.customerId(), IncidentChanged.Change.REFIRED);
                }
                if (!correlated) {
                    record(i.id(), alert, "duplicate");
                }
                return new IncidentChanged(i.id(), alert.customerId(), IncidentChanged.Change.REPEATED);
            }
            String id = open(alert, IncidentState.OPEN);
            if (flap.state().flapping()) {
                // it flaps (and its flapping incident was closed by a person): the new incident waits for the mark
                // to clear, when it is worked once; no scenario now
                return flap.started() ? startFlapping(id, alert, flap, null) : markOnly(id, alert);
            }
            return new IncidentChanged(id, alert.customerId(), IncidentChanged.Change.OPENED);
        }
        if (open.isPresent() && (open.get().flapping() || flap.started())) {
            // while it flaps a recovery does not end the incident: it stays open, taking every change, until the mark
            // clears (then it is resolved if the alert ended resolved)
            Incident i = open.get();
            incidents.update(seen(i, alert, i.state(), AlertStatus.RESOLVED, i.resolvedAt()));
            if (!i.flapping()) {
                return startFlapping(i.id(), alert, flap, "resolved_by_source");
            }
            record(i.id(), alert, "resolved_by_source", Map.of("flapping", true));
            return new IncidentChanged(i.id(), alert.customerId(), IncidentChanged.Change.REPEATED);
        }
        Optional<Incident> target = open.or(() -> incidents.findLatest(alert.customerId(), alert.fingerprint()));
        if (target.isEmpty()) {
            String id = open(alert, IncidentState.RESOLVED);
            record(id, alert, "resolved_by_source");
            return new IncidentChanged(id, alert.customerId(), IncidentChanged.Change.RESOLVED);
        }
        Incident i = target.get();
        correlation.joined(i, alert);
        // a person's CLOSED is final: the source's late recovery is recorded, the state stays
        IncidentState resolvedState = i.state() == IncidentState.CLOSED ? IncidentState.CLOSED : IncidentState.RESOLVED;
        incidents.update(seen(i, alert, resolvedState, AlertStatus.RESOLVED,
                i.resolvedAt() == null ? alert.receivedAt() : i.resolvedAt()));
        record(i.id(), alert, "resolved_by_source");
        return new IncidentChanged(i.id(), alert.customerId(), IncidentChanged.Change.RESOLVED);
    }

    /** Marks the incident flapping: timeline, and the FLAPPING change that tells people once. */
    private IncidentChanged startFlapping(String id, Alert alert, FlapDetector.Observation flap, String kind) {
        if (kind != null) {
            record(id, alert, kind, Map.of("flapping", true));
        }
        incidents.markFlapping(id, true);
        timeline.append(id, new TimelineEntry(alert.receivedAt(), "hub", "flapping_started",
                flapping.startedDetail(alert.customerId(), flap.state())));
        meters.counter("alerthub.incidents.flapping", "customer", alert.customerId()).increment();
        return new IncidentChanged(id, alert.customerId(), IncidentChanged.Change.FLAPPING);
    }

    private IncidentChanged markOnly(String id, Alert alert) {
        incidents.markFlapping(id, true);
        return new IncidentChanged(id, alert.customerId(), IncidentChanged.Change.REPEATED);
    }

    private String open(Alert a, IncidentState state) {
        return open(a, state, "received");
    }

    private String open(Alert a, IncidentState state, String kind) {
        Incident created = new Incident(Ids.next(), a.customerId(), a.fingerprint(), state, null, a.status(), a.name(),
                a.alertClass(), a.severity(), a.resource().host(), a.summary(), 1, a.receivedAt(), a.receivedAt(),
                state == IncidentState.RESOLVED || state == IncidentState.CLOSED ? a.receivedAt() : null);
        incidents.insert(created);
        record(created.id(), a, kind);
        return created.id();
    }

    private static Incident seen(Incident i, Alert a, IncidentState state, AlertStatus sourceStatus,
                                 java.time.Instant resolvedAt) {
        return new Incident(i.id(), i.customerId(), i.fingerprint(), state, i.outcome(), sourceStatus, i.name(),
                i.alertClass(), a.severity() == null ? i.severity() : a.severity(), i.host(), a.summary(),
                i.alertCount() + 1, i.firstSeen(), a.receivedAt(), resolvedAt);
    }

    /**
     * The timeline detail of a re-fire when {@code a} is one: the incident is owned, the re-fire rule is on, people
     * have owned it for {@code refireAfter} and nobody was told of a re-fire within that time (the row, locked by
     * {@link IncidentStore#findOpen}, says so; another instance's fold waits for this one).
     */
    private Optional<Map<String, Object>> refire(Incident i, Alert a) {
        if (!IncidentOwnership.owned(i)) {
            return Optional.empty();
        }
        Duration after = timings.refireAfter(i.customerId(), i.alertClass());
        Instant now = a.receivedAt();
        Instant since = IncidentOwnership.since(i);
        if (after.isZero() || since.isAfter(now.minus(after)) || !incidents.markRefired(i.id(), now, now.minus(after))) {
            return Optional.empty();
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("state", i.state().name());
        IncidentOwnership.owner(i).ifPresent(owner -> detail.put("owner", owner));
        detail.put("ownedSince", since.toString());
        detail.put("refireAfter", IncidentTimings.text(after));
        String quiet = IncidentTimings.text(Duration.between(since, now));
        detail.put("reason", IncidentOwnership.owner(i)
                .map(owner -> "fired again " + quiet + " after " + owner + " took it (refireAfter "
                        + IncidentTimings.text(after) + "): " + owner + " is told")
                .orElse("fired again " + quiet + " after it went to people as " + i.state().name() + " (refireAfter "
                        + IncidentTimings.text(after) + "): its escalation channels are told"));
        return Optional.of(detail);
    }

    private void record(String incidentId, Alert a, String kind) {
        record(incidentId, a, kind, Map.of());
    }

    private void record(String incidentId, Alert a, String kind, Map<String, Object> more) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("alertId", a.id());
        detail.put("status", a.status().json());
        detail.put("summary", a.summary());
        detail.putAll(more);
        timeline.append(incidentId, new TimelineEntry(a.receivedAt(), a.source().format(), kind, detail));
    }
}
