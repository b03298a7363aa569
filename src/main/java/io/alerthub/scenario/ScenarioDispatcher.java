package io.alerthub.scenario;

import io.alerthub.config.CustomerConfig;
import io.alerthub.config.CustomerRegistry;
import io.alerthub.config.SilenceConfig;
import io.alerthub.model.AlertStatus;
import io.alerthub.model.Incident;
import io.alerthub.model.IncidentState;
import io.alerthub.scenario.routes.CustomerRoutes;
import io.alerthub.scenario.routes.ScenarioBinding;
import io.alerthub.store.AlertStore;
import io.alerthub.store.IncidentStore;
import io.alerthub.triage.Inhibitions;
import io.alerthub.triage.Silences;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Picks the scenario for each new incident and hands it over (routes/scenario/dispatch.camel.yaml): the first of
 * the customer's bindings, in file order, whose alert classes, hosts and labels match claims the incident; no
 * match, an {@code unknown} class nobody bound, or automation switched off escalates at once; an incident a
 * silence covers is suppressed (no scenario, no notification), and so is one an open incident inhibits (its host is
 * unreachable, or an inhibit rule; docs/noise.md); a flapping incident waits for its mark to clear. A sweep dispatches
 * incidents a crash left {@code OPEN}, re-opens suppressed incidents still firing once their silence is over, and
 * escalates scenarios that never finished.
 */
@Component("scenarioDispatcher")
public class ScenarioDispatcher {
    /** Where new incident ids queue for a scenario (a seda queue; the sweep covers what a crash loses). */
    public static final String QUEUE = "seda:scenario.dispatch";
    private static final Logger LOG = LoggerFactory.getLogger(ScenarioDispatcher.class);
    private static final int SWEEP_BATCH = 500;

    private final IncidentStore incidents;
    private final AlertStore alerts;
    private final CustomerRegistry customers;
    private final CustomerRoutes bindings;
    private final Scenarios scenarios;
    private final Silences silences;
    private final Inhibitions inhibitions;
    private final ScenarioSwitches switches;
    private final ScenarioProperties properties;
    private final CamelContext camel;
    private final Clock clock;
    private volatile ProducerTemplate producer;

    public ScenarioDispatcher(IncidentStore incidents, AlertStore alerts, CustomerRegistry customers,
                              CustomerRoutes bindings, Scenarios scenarios, Silences silences,
                              Inhibitions inhibitions, ScenarioSwitches switches,
                              ScenarioProperties properties, CamelContext camel, Clock clock) {
        this.incidents = incidents;
        this.alerts = alerts;
        this.customers = customers;
        this.bindings = bindings;
        this.scenarios = scenarios;
        this.silences = silences;
        this.inhibitions = inhibitions;
        this.switches = switches;
        this.properties = properties;
        this.camel = camel;
        this.clock = clock;
    }

    /**
     * Claims the incident for the first matching binding and returns that binding's route id; null when the
     * incident is not {@code OPEN} any more, or was escalated here because no scenario takes it.
     */
    public String select(String incidentId) {
        Incident incident = incidents.find(incidentId).orElse(null);
        if (incident == null || incident.state() != IncidentState.OPEN || incident.flapping()) {
            return null; // a flapping incident is worked once its mark clears (triage.flapping-cleared)
        }
        Optional<CustomerConfig> customer = customers.find(incident.customerId());
        if (customer.isEmpty()) {
            scenarios.escalate(incident, ScenarioTexts.text((CustomerConfig) null, "run.customer-unknown",
                    "customer", incident.customerId()));
            return null;
        }
        // a silence wins over everything: nobody is to be disturbed, not even with "automation is off"
        Optional<SilenceConfig> silence = silences.matching(incident, clock.instant());
        if (silence.isPresent()) {
            scenarios.suppress(incident, silence.get());
            return null;
        }
        Map<String, String> labels = alerts.latestForIncident(incidentId).map(a -> a.alert().labels()).orElse(Map.of());
        // an open incident (its host is unreachable, or a customer's inhibit rule) already covers this one
        Optional<Inhibitions.Match> inhibitor = inhibitions.inhibitor(incident, labels, customer.get());
        if (inhibitor.isPresent()) {
            scenarios.inhibit(incident, inhibitor.get().source(), inhibitor.get().rule());
            return null;
        }
        if (!switches.enabled() || !customer.get().scenarios().enabled()) {
            String where = switches.enabled()
                    ? ScenarioTexts.text(customer.get(), "run.automation-off.customer", "customer", incident.customerId())
                    : ScenarioTexts.text(customer.get(), "run.automation-off.hub");
            scenarios.escalate(incident, ScenarioTexts.text(customer.get(), "run.automation-off", "where", where));
            return null;
        }
        List<ScenarioBinding> candidates = bindings.bindings(incident.customerId());
        for (ScenarioBinding binding : candidates) {
            if (binding.matches(incident.alertClass(), incident.host(), labels)) {
                if (!incidents.claim(incidentId, binding.routeId(), clock.instant())) {
                    return null; // another dispatcher (sweep, other instance) took it
                }
                return binding.routeId();
            }
        }
        String alertClass = incident.alertClass() == null ? "unknown" : incident.alertClass();
        scenarios.escalate(incident, "unknown".equals(alertClass)
                ? ScenarioTexts.text(customer.get(), "run.class-unknown")
                : ScenarioTexts.text(customer.get(), "run.no-binding", "alertClass", alertClass, "host",
                incident.host(), "customer", incident.customerId(), "count", candidates.size()));
        return null;
    }

    /**
     * A scenario-stage route threw (scenario-errors.camel.yaml): the incident of a failed scenario escalates with the
     * error and is never re-run, since a step may already have changed the host; a failed sweep is only logged.
     */
    public void failed(String incidentId, String scenarioRoute, Exception error) {
        if (incidentId == null) {
            LOG.error("scenario sweep failed; the next sweep tries again", error);
            return;
        }
        LOG.error("scenario {} failed on incident {}", scenarioRoute, incidentId, error);
        incidents.find(incidentId).filter(i -> i.state() == IncidentState.AUTOMATING).ifPresent(i ->
                scenarios.escalate(i, ScenarioTexts.text(customers.find(i.customerId()).orElse(null), "run.failed",
                        "scenario", i.scenario(), "error", error == null ? "unknown error"
                        : error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage())));
    }

    /**
     * Dispatches incidents still {@code OPEN} a while after their last alert (their event was lost in a crash or a
     * full queue) and escalates scenarios running far longer than any should.
     */
    public void sweep() {
        Instant now = clock.instant();
        for (String id : incidents.idsInState(IncidentState.OPEN, now.minus(properties.sweepAfter()), SWEEP_BATCH)) {
            producer().sendBody(QUEUE, id);
        }
        for (String id : incidents.idsInState(IncidentState.SUPPRESSED, now, SWEEP_BATCH)) {
            Incident suppressed = incidents.find(id).orElse(null);
            if (suppressed != null && suppressed.inhibitedBy() != null) {
                // inhibited: back to work once its source is no longer open and firing (closed by a person, lost hint)
                if (!inhibitions.stillInhibits(suppressed.inhibitedBy())) {
                    inhibitions.lifted(suppressed.inhibitedBy()).forEach(lifted -> producer().sendBody(QUEUE, lifted));
                }
                continue;
            }
            incidents.find(id).filter(i -> silences.matching(i, now).isEmpty()
                    && i.sourceStatus() == AlertStatus.FIRING).ifPresent(i -> {
                        // the maintenance window is over and the alert still fires: handle it now
                        if (scenarios.unsuppress(i)) {
                            producer().sendBody(QUEUE, id);
                        }
                    });
        }
        for (String id : incidents.idsAutomatingSince(now.minus(properties.stuckAfter()), SWEEP_BATCH)) {
            incidents.find(id).ifPresent(i -> scenarios.escalate(i, ScenarioTexts.text(
                    customers.find(i.customerId()).orElse(null), "run.stuck", "scenario", i.scenario(),
                    "minutes", properties.stuckAfter().toMinutes())));
        }
    }

    private ProducerTemplate producer() {
        ProducerTemplate p = producer;
        if (p == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = camel.createProducerTemplate();
                }
                p = producer;
            }
        }
        return p;
    }
}
