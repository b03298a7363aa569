package io.alerthub.triage;

import io.alerthub.config.CustomerConfig;
import io.alerthub.config.CustomerRegistry;
import io.alerthub.model.Incident;
import io.alerthub.model.IncidentState;
import io.alerthub.model.TimelineEntry;
import io.alerthub.store.IncidentStore;
import io.alerthub.store.TimelineStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Triage stage, the resolve-timeout sweep (route {@code triage.resolve-timeout}): an incident in people's hands or
 * silenced that has had no firing alert for its {@code resolveTimeout} is resolved by the hub, as Alertmanager's
 * {@code resolve_timeout} does for alerts, so the next firing alert of its fingerprint opens a new incident that is
 * worked again. Incidents the hub has not answered yet ({@code OPEN}, {@code AUTOMATING}) are left to the scenario
 * sweep. Each resolution is one conditional update (state and silence still as read), so a fold that came meanwhile,
 * a person's action or another hub instance's sweep wins and nothing is resolved twice.
 */
@Component
public class StaleIncidents {
    /** The states the sweep resolves. */
    static final Set<IncidentState> SWEPT = Set.of(IncidentState.HANDED_OVER, IncidentState.ESCALATED,
            IncidentState.ACKNOWLEDGED, IncidentState.SUPPRESSED);
    /** Batches per customer and timeout in one sweep; the rest waits for the next sweep. */
    static final int MAX_BATCHES = 20;
    private static final Logger LOG = LoggerFactory.getLogger(StaleIncidents.class);

    private final IncidentStore incidents;
    private final TimelineStore timeline;
    private final CustomerRegistry customers;
    private final IncidentTimings timings;
    private final IncidentLifecycleProperties properties;
    private final TransactionTemplate tx;
    private final MeterRegistry meters;
    private final Clock clock;

    public StaleIncidents(IncidentStore incidents, TimelineStore timeline, CustomerRegistry customers,
                          IncidentTimings timings, IncidentLifecycleProperties properties, TransactionTemplate tx,
                          MeterRegistry meters, Clock clock) {
        this.incidents = incidents;
        this.timeline = timeline;
        this.customers = customers;
        this.timings = timings;
        this.properties = properties;
        this.tx = tx;
        this.meters = meters;
        this.clock = clock;
    }

    /** Resolves every incident past its resolve timeout; returns their ids (the escalate stage tells the channels). */
    public List<String> resolve() {
        Instant now = clock.instant();
        List<String> resolved = new ArrayList<>();
        for (CustomerConfig customer : customers.all()) {
            Map<String, Duration> timeouts = timings.resolveTimeouts(customer);
            for (Map.Entry<String, Duration> timeout : timeouts.entrySet()) {
                if (timeout.getValue().isZero()) {
                    continue; // "0": this customer's (or class's) incidents are never resolved by the hub
                }
                List<String> except = timeout.getKey() == null
                        ? timeouts.keySet().stream().filter(k -> k != null).toList() : List.of();
                sweep(customer.id(), timeout.getKey(), except, timeout.getValue(), now, resolved);
            }
        }
        if (!resolved.isEmpty()) {
            LOG.info("resolve timeout: the hub resolved {} incident(s) that had no firing alert for their"
                    + " resolveTimeout: {}", resolved.size(), resolved.size() <= 20 ? resolved
                    : resolved.subList(0, 20) + " …");
        }
        return resolved;
    }

    private void sweep(String customerId, String alertClass, List<String> except, Duration timeout, Instant now,
                       List<String> resolved) {
        Instant before = now.minus(timeout);
        for (int batch = 0; batch < MAX_BATCHES; batch++) {
            List<Incident> stale = incidents.quietSince(customerId, alertClass, except, SWEPT, before,
                    properties.batchSize());
            List<String> done = tx.execute(s -> {
                List<String> ids = new ArrayList<>();
                for (Incident i : stale) {
                    if (incidents.resolveQuiet(i.id(), SWEPT, before, now)) {
                        timeline.append(i.id(), new TimelineEntry(now, "hub", "resolved_by_hub",
                                detail(i, timeout, now)));
                        ids.add(i.id());
                    }
                }
                return ids;
            });
            if (!done.isEmpty()) {
                meters.counter("alerthub.incidents.resolved.by.hub", "customer", customerId).increment(done.size());
                resolved.addAll(done);
            }
            if (stale.size() < properties.batchSize()) {
                return;
            }
        }
    }

    private static Map<String, Object> detail(Incident i, Duration timeout, Instant now) {
        String quiet = IncidentTimings.text(Duration.between(i.lastSeen(), now));
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("reason", "no firing alert for " + quiet + " (resolveTimeout " + IncidentTimings.text(timeout)
                + "): resolved by the hub, the source never sent a recovery; the next firing alert opens a new incident");
        detail.put("previousState", i.state().name());
        detail.put("lastSeen", i.lastSeen().toString());
        detail.put("quietFor", quiet);
        detail.put("resolveTimeout", IncidentTimings.text(timeout));
        return detail;
    }
}
