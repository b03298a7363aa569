package io.alerthub.triage;

import io.alerthub.config.CustomerConfig;
import io.alerthub.config.InhibitRuleConfig;
import io.alerthub.model.AlertStatus;
import io.alerthub.model.Incident;
import io.alerthub.model.IncidentState;
import io.alerthub.model.Outcome;
import io.alerthub.model.TimelineEntry;
import io.alerthub.store.AlertStore;
import io.alerthub.store.IncidentStore;
import io.alerthub.store.TimelineStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Triage stage, inhibition (docs/noise.md), with Alertmanager's {@code inhibit_rules} semantics: which open, firing
 * incident of the customer inhibits a new one (the customer's {@code inhibitRules}, then the built-in rule: an open
 * {@code host_unreachable} incident inhibits its host's other incidents, unless {@code inhibitHostDown: false}), and,
 * once that source resolves or closes (route {@code triage.inhibition-lifted}, and the scenario sweep), which
 * inhibited incidents go back to work and which had resolved meanwhile.
 */
@Component("inhibitions")
public class Inhibitions {
    /** The built-in rule's name on the timeline. */
    public static final String HOST_DOWN = "host_unreachable inhibits its host's other incidents";
    static final InhibitRuleConfig HOST_DOWN_RULE = new InhibitRuleConfig(HOST_DOWN,
            List.of("alertClass=host_unreachable"), List.of("alertClass!=host_unreachable", "host=~.+"),
            List.of("host"));
    /** Open incidents of one customer looked at as sources, newest first. */
    private static final int MAX_SOURCES = 500;

    private final IncidentStore incidents;
    private final AlertStore alerts;
    private final TimelineStore timeline;
    private final TransactionTemplate tx;
    private final Clock clock;

    public Inhibitions(IncidentStore incidents, AlertStore alerts, TimelineStore timeline, TransactionTemplate tx,
                       Clock clock) {
        this.incidents = incidents;
        this.alerts = alerts;
        this.timeline = timeline;
        this.tx = tx;
        this.clock = clock;
    }

    /** An incident that inhibits another, and the rule by which it does. */
    public record Match(Incident source, String rule) {
    }

    /** The rules of a customer in the order they are tried: its own, then the built-in one unless switched off. */
    public static List<InhibitRuleConfig> rules(CustomerConfig customer) {
        List<InhibitRuleConfig> rules = new ArrayList<>(customer.inhibitRules());
        if (Boolean.TRUE.equals(customer.inhibitHostDown())) {
            rules.add(HOST_DOWN_RULE);
        }
        return rules;
    }

    /** The open, firing incident that inhibits {@code target} (its latest alert carried {@code labels}), if any. */
    public Optional<Match> inhibitor(Incident target, Map<String, String> labels, CustomerConfig customer) {
        Map<String, String> targetValues = values(target, labels);
        List<InhibitRuleConfig> rules = rules(customer).stream()
                .filter(r -> InhibitRuleConfig.all(r.targetMatchers(), targetValues)).toList();
        if (rules.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Map<String, String>> sourceValues = new HashMap<>();
        for (Incident source : incidents.firingOpen(target.customerId(), MAX_SOURCES)) {
            if (source.id().equals(target.id()) || source.flapping() || hostFoundUp(source)) {
                continue; // nothing inhibits itself; a flapping alert says nothing reliable about its host
            }
            for (InhibitRuleConfig rule : rules) {
                Map<String, String> values = sourceValues.computeIfAbsent(source.id(), id -> values(source,
                        alerts.latestForIncident(id).map(a -> a.alert().labels()).orElse(Map.of())));
                if (InhibitRuleConfig.all(rule.sourceMatchers(), values) && rule.equal().stream().allMatch(
                        name -> values.getOrDefault(name, "").equals(targetValues.getOrDefault(name, "")))) {
                    return Optional.of(new Match(source, rule.name() == null ? "inhibitRules" : rule.name()));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * True while {@code source} still inhibits: it exists, is open and not suppressed, its alert fires, and (for a
     * host_unreachable incident) the hub did not find the host reachable.
     */
    public boolean stillInhibits(String sourceId) {
        return incidents.find(sourceId).filter(s -> s.state().isOpen() && s.state() != IncidentState.SUPPRESSED
                && s.sourceStatus() == AlertStatus.FIRING && !hostFoundUp(s)).isPresent();
    }

    /**
     * A host_unreachable incident whose scenario found the host reachable (handed over "reachable from the hub now",
     * or resolved) no longer speaks for a host that is down: it inhibits nothing.
     */
    static boolean hostFoundUp(Incident source) {
        return "host_unreachable".equals(source.alertClass()) && source.outcome() != null
                && source.outcome() != Outcome.ESCALATED;
    }

    /**
     * The source resolved or closed: each incident it inhibited goes back to {@code OPEN} when its own alert still
     * fires (its ids come back, for a scenario), or is resolved when its alert resolved meanwhile. Each change is
     * conditional, so another instance doing the same finds nothing left to do.
     */
    public List<String> lifted(String sourceId) {
        if (stillInhibits(sourceId)) {
            return List.of();
        }
        List<String> toWork = new ArrayList<>();
        for (Incident i : incidents.inhibitedBy(sourceId)) {
            Boolean work = tx.execute(s -> lift(i, sourceId));
            if (Boolean.TRUE.equals(work)) {
                toWork.add(i.id());
            }
        }
        return toWork;
    }

    private boolean lift(Incident i, String sourceId) {
        Instant now = clock.instant();
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("inhibitedBy", sourceId);
        if (i.sourceStatus() == AlertStatus.FIRING) {
            if (!incidents.liftInhibition(i.id(), sourceId)) {
                return false;
            }
            detail.put("reason", "incident " + sourceId + " no longer inhibits it and its alert still fires: it is"
                    + " worked on its own");
            timeline.append(i.id(), new TimelineEntry(now, "hub", "inhibition_lifted", detail));
            return true;
        }
        if (incidents.liftInhibition(i.id(), sourceId) && incidents.resolveBySource(i.id(), now)) {
            detail.put("reason", "incident " + sourceId + " no longer inhibits it; its own alert resolved meanwhile");
            timeline.append(i.id(), new TimelineEntry(now, "hub", "inhibition_lifted", detail));
        }
        return false;
    }

    /** What matchers read of an incident: its fields ({@code alertClass}, {@code host}, …) over its alert's labels. */
    static Map<String, String> values(Incident incident, Map<String, String> labels) {
        Map<String, String> values = new HashMap<>(labels);
        put(values, "alertClass", incident.alertClass());
        put(values, "host", incident.host());
        put(values, "severity", incident.severity() == null ? null : incident.severity().json());
        put(values, "name", incident.name());
        put(values, "customerId", incident.customerId());
        return values;
    }

    private static void put(Map<String, String> values, String key, String value) {
        values.put(key, value == null ? "" : value);
    }
}
