package io.alerthub.triage;

import io.alerthub.config.CustomerConfig;
import io.alerthub.config.CustomerRegistry;
import io.alerthub.config.FlappingConfig;
import io.alerthub.model.Alert;
import io.alerthub.model.AlertStatus;
import io.alerthub.model.FlapDetector;
import io.alerthub.model.Incident;
import io.alerthub.model.TimelineEntry;
import io.alerthub.store.FlapStore;
import io.alerthub.store.IncidentStore;
import io.alerthub.store.TimelineStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Triage stage, flap detection (docs/noise.md): counts each alert's state changes per {@code (customer,
 * fingerprint)} in the folding transaction ({@link FlapDetector}, state in table flap_states), and clears the marks of
 * alerts that have been quiet for their {@code quietFor} (route {@code triage.flapping-cleared}): the incident is then
 * worked once more when its alert still fires, or resolved when it ended resolved.
 */
@Component("flapping")
public class Flapping {
    private static final Logger LOG = LoggerFactory.getLogger(Flapping.class);
    private static final int SWEEP_BATCH = 200;
    /** How long a key that does not flap keeps its row after its last change. */
    static final java.time.Duration FORGET_AFTER = java.time.Duration.ofDays(1);
    private final FlapStore store;
    private final IncidentStore incidents;
    private final TimelineStore timeline;
    private final CustomerRegistry customers;
    private final FlappingProperties defaults;
    private final TransactionTemplate tx;
    private final Clock clock;

    public Flapping(FlapStore store, IncidentStore incidents, TimelineStore timeline, CustomerRegistry customers,
                    FlappingProperties defaults, TransactionTemplate tx, Clock clock) {
        this.store = store;
        this.incidents = incidents;
        this.timeline = timeline;
        this.customers = customers;
        this.defaults = defaults;
        this.tx = tx;
        this.clock = clock;
    }

    /** The thresholds for a customer: its {@code flapping:} section over the hub's defaults. */
    public FlapDetector.Settings settings(String customerId) {
        FlappingConfig own = customers.find(customerId).map(CustomerConfig::flapping)
                .orElse(new FlappingConfig(null, null, null));
        return new FlapDetector.Settings(own.changes() == null ? defaults.changes() : own.changes(),
                own.withinDuration().orElse(defaults.within()), own.quietForDuration().orElse(defaults.quietFor()));
    }

    /** Counts {@code alert} for its key, inside the caller's (folding) transaction, which holds the key's row. */
    public FlapDetector.Observation observe(Alert alert) {
        FlapDetector.State state = store.lock(alert.customerId(), alert.fingerprint());
        FlapDetector.Observation seen = FlapDetector.observe(state, alert.status(), alert.receivedAt(),
                settings(alert.customerId()));
        if (seen.changed() || state.lastStatus() == null) {
            store.save(alert.customerId(), alert.fingerprint(), seen.state());
        }
        return seen;
    }

    /** The timeline detail of a mark that started. */
    public Map<String, Object> startedDetail(String customerId, FlapDetector.State state) {
        FlapDetector.Settings s = settings(customerId);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("changes", state.changes().size());
        detail.put("within", IncidentTimings.text(s.within()));
        detail.put("quietFor", IncidentTimings.text(s.quietFor()));
        detail.put("reason", state.changes().size() + " state changes within " + IncidentTimings.text(s.within())
                + ": the alert flaps. Its changes fold into this incident, no scenario runs and people are told once;"
                + " the mark clears after " + IncidentTimings.text(s.quietFor()) + " without a change");
        return detail;
    }

    /**
     * Clears the marks of keys quiet for their {@code quietFor}, each in its own transaction; says what that did to
     * their incidents (OPENED: to be worked once more; RESOLVED: the alert ended resolved), for triage's hand-off;
     * forgets keys that have not changed for a day and do not flap.
     */
    public List<IncidentChanged> sweep() {
        Instant now = clock.instant();
        List<IncidentChanged> changes = new ArrayList<>();
        for (String[] key : store.flappingSince(now, SWEEP_BATCH)) {
            Optional<IncidentChanged> change = tx.execute(s -> clear(key[0], key[1], now));
            change.ifPresent(changes::add);
        }
        // keys quiet for a day are forgotten: a later alert counts from scratch, far from any threshold
        store.purgeQuiet(now.minus(FORGET_AFTER));
        return changes;
    }

    private Optional<IncidentChanged> clear(String customerId, String fingerprint, Instant now) {
        FlapDetector.State state = store.lock(customerId, fingerprint);
        FlapDetector.Settings settings = settings(customerId);
        if (!FlapDetector.quiet(state, now, settings)) {
            return Optional.empty();
        }
        store.save(customerId, fingerprint, FlapDetector.cleared(state));
        Optional<Incident> open = incidents.findOpen(customerId, fingerprint).filter(Incident::flapping);
        if (open.isEmpty()) {
            return Optional.empty();
        }
        Incident i = open.get();
        incidents.markFlapping(i.id(), false);
        boolean firing = i.sourceStatus() == AlertStatus.FIRING;
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("quietFor", IncidentTimings.text(settings.quietFor()));
        detail.put("status", i.sourceStatus().json());
        detail.put("reason", "no state change for " + IncidentTimings.text(settings.quietFor()) + ": "
                + (firing ? "the alert still fires, so the incident is worked once more"
                : "the alert ended resolved, so the incident is resolved"));
        timeline.append(i.id(), new TimelineEntry(now, "hub", "flapping_stopped", detail));
        LOG.info("incident {} of {} stopped flapping ({})", i.id(), customerId, i.sourceStatus().json());
        if (firing) {
            return incidents.reopenForWork(i.id())
                    ? Optional.of(new IncidentChanged(i.id(), customerId, IncidentChanged.Change.OPENED))
                    : Optional.empty();
        }
        return incidents.resolveBySource(i.id(), now)
                ? Optional.of(new IncidentChanged(i.id(), customerId, IncidentChanged.Change.RESOLVED))
                : Optional.empty();
    }
}
