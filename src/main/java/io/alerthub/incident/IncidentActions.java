package io.alerthub.incident;

import io.alerthub.config.SilenceConfig;
import io.alerthub.escalate.EscalationPlanner;
import io.alerthub.model.Incident;
import io.alerthub.model.IncidentState;
import io.alerthub.model.IncidentTransitions;
import io.alerthub.model.IncidentTransitions.Action;
import io.alerthub.model.TimelineEntry;
import io.alerthub.scenario.ScenarioDispatcher;
import io.alerthub.store.IncidentStore;
import io.alerthub.store.SilenceStore;
import io.alerthub.store.TimelineStore;
import io.alerthub.support.Ids;
import io.alerthub.triage.Silences;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What people do to an incident (incident stage; design.md §7): take over, note, resolve, close, re-open, snooze,
 * re-run its scenario, silence what it is about, acknowledge. Each action looks the incident up within the actor's
 * customers (else "not found"), checks the state machine ({@link IncidentTransitions}; else {@link Conflict}), changes
 * the row and appends one timeline entry with the actor in one transaction, and is harmless to repeat: an action the
 * incident already reflects changes nothing and adds no entry. Taking over and resolving stop the escalation chain
 * as an acknowledgement does. The operator API and Slack's buttons both act through here.
 */
@Service
public class IncidentActions {
    private static final Logger LOG = LoggerFactory.getLogger(IncidentActions.class);
    /** Longest note or resolution note kept (the timeline column holds JSON text). */
    public static final int MAX_NOTE = 4000;

    private final IncidentStore incidents;
    private final TimelineStore timeline;
    private final EscalationPlanner escalation;
    private final SilenceStore silenceStore;
    private final Silences silences;
    private final ProducerTemplate camel;
    private final TransactionTemplate tx;
    private final Clock clock;

    public IncidentActions(IncidentStore incidents, TimelineStore timeline, EscalationPlanner escalation,
                           SilenceStore silenceStore, Silences silences, ProducerTemplate camel,
                           TransactionTemplate tx, Clock clock) {
        this.incidents = incidents;
        this.timeline = timeline;
        this.escalation = escalation;
        this.silenceStore = silenceStore;
        this.silences = silences;
        this.camel = camel;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * Who acts: the name recorded on the timeline, the way they came ({@code api}, {@code slack}) and which customers'
     * incidents they may touch.
     */
    public record Actor(String name, String via, Predicate<String> mayActFor) {
        public Actor {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(via, "via");
            Objects.requireNonNull(mayActFor, "mayActFor");
        }
    }

    /** What an action did: {@code changed} false when the incident already reflected it (nothing written). */
    public record Result(boolean changed, Incident incident) {
    }

    /** The incident does not exist, or belongs to a customer the actor may not see (told apart nowhere). */
    public static final class NotFound extends RuntimeException {
        NotFound(String id) {
            super("incident \"" + id + "\" not found", null, false, false);
        }
    }

    /** The state machine forbids the action in the incident's current state. */
    public static final class Conflict extends RuntimeException {
        private final transient Incident incident;

        Conflict(Incident incident, String message) {
            super(message, null, false, false);
            this.incident = incident;
        }

        Conflict(Incident incident, Action action) {
            this(incident, "incident \"" + incident.id() + "\" is " + incident.state() + ": cannot " + action.apiName()
                    + " (allowed from " + action.from().stream().map(Enum::name).sorted().toList() + ")");
        }

        /** The incident as it was when the action was refused. */
        public Incident incident() {
            return incident;
        }
    }

    /** The incident whoever asks (to pick the language of a reply, never to act or to show it). */
    public Optional<Incident> findAny(String id) {
        return incidents.find(id);
    }

    /** The incident if the actor may see it. */
    public Incident find(String id, Actor actor) {
        return incidents.find(id).filter(i -> actor.mayActFor().test(i.customerId()))
                .orElseThrow(() -> new NotFound(id));
    }

    /** Acknowledges (the existing {@code /ack} semantics, through {@link EscalationPlanner#acknowledge}). */
    public Result acknowledge(String id, Actor actor) {
        Incident incident = find(id, actor);
        if (incident.state() == IncidentState.ACKNOWLEDGED) {
            return new Result(false, incident);
        }
        if (!Action.ACKNOWLEDGE.allowedFrom(incident.state())) {
            throw new Conflict(incident, Action.ACKNOWLEDGE);
        }
        if (escalation.acknowledge(id, actor.name(), actor.via())) {
            return new Result(true, incidents.find(id).orElseThrow());
        }
        Incident now = incidents.find(id).orElseThrow(() -> new NotFound(id));
        if (now.state() == IncidentState.ACKNOWLEDGED) {
            return new Result(false, now);
        }
        throw new Conflict(now, Action.ACKNOWLEDGE);
    }

    /** Gives the incident to {@code assignee} (the actor when null): acknowledged, chain stopped. */
    public Result takeover(String id, Actor actor, String assignee) {
        String who = assignee == null ? actor.name() : assignee;
        Result result = act(id, actor, Action.TAKEOVER, i -> {
            if (i.state() == IncidentState.ACKNOWLEDGED && who.equals(i.assignee())) {
                return null;
            }
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("assignee", who);
            if (i.assignee() != null) {
                detail.put("previousAssignee", i.assignee());
            }
            Instant now = clock.instant();
            return new Change(i.withPeople(IncidentState.ACKNOWLEDGED, i.resolvedAt(),
                    i.acknowledgedAt() == null ? now : i.acknowledgedAt(),
                    i.acknowledgedBy() == null ? actor.name() : i.acknowledgedBy(), who, i.resolvedBy(),
                    i.snoozedUntil()), "taken_over", detail);
        });
        if (result.changed()) {
            escalation.personActed(id, false, actor.name(), actor.via());
        }
        return result;
    }

    /** Adds a note; the same note by the same person right after itself is a repeat and is not added again. */
    public Result note(String id, Actor actor, String text) {
        return act(id, actor, Action.NOTE, i -> {
            List<TimelineEntry> entries = timeline.list(id);
            TimelineEntry last = entries.isEmpty() ? null : entries.get(entries.size() - 1);
            if (last != null && last.kind().equals("note") && last.actor().equals(actor.name())
                    && text.equals(last.detail().get("text"))) {
                return null;
            }
            return new Change(i, "note", Map.of("text", text));
        });
    }

    /** Resolved by hand, with an optional note: state {@code RESOLVED}, {@code resolvedBy}, chain stopped. */
    public Result resolve(String id, Actor actor, String note) {
        Result result = act(id, actor, Action.RESOLVE, i -> {
            if (i.state() == IncidentState.RESOLVED) {
                return null;
            }
            Map<String, Object> detail = new LinkedHashMap<>();
            if (note != null) {
                detail.put("note", note);
            }
            return new Change(i.withPeople(IncidentState.RESOLVED, clock.instant(), i.acknowledgedAt(),
                    i.acknowledgedBy(), i.assignee(), actor.name(), i.snoozedUntil()), "resolved_by_person", detail);
        });
        if (result.changed()) {
            escalation.personActed(id, true, actor.name(), actor.via());
        }
        return result;
    }

    /** Closes the incident; one still open is resolved by the actor on the way (its chain stops). */
    public Result close(String id, Actor actor) {
        boolean[] wasOpen = new boolean[1];
        Result result = act(id, actor, Action.CLOSE, i -> {
            if (i.state() == IncidentState.CLOSED) {
                return null;
            }
            wasOpen[0] = i.state().isOpen();
            return new Change(i.withPeople(IncidentState.CLOSED, i.resolvedAt() == null ? clock.instant()
                    : i.resolvedAt(), i.acknowledgedAt(), i.acknowledgedBy(), i.assignee(),
                    wasOpen[0] ? actor.name() : i.resolvedBy(), i.snoozedUntil()), "closed",
                    Map.of("from", i.state().name()));
        });
        if (result.changed() && wasOpen[0]) {
            escalation.personActed(id, true, actor.name(), actor.via());
        }
        return result;
    }

    /**
     * Opens a resolved or closed incident again, acknowledged and owned by its assignee (the actor when it had none);
     * refused while another incident of the same key is open (new alerts fold into that one).
     */
    public Result reopen(String id, Actor actor) {
        try {
            return act(id, actor, Action.REOPEN, i -> {
                if (i.state().isOpen()) {
                    return null;
                }
                Instant now = clock.instant();
                return new Change(i.withPeople(IncidentState.ACKNOWLEDGED, null, now, actor.name(),
                        i.assignee() == null ? actor.name() : i.assignee(), null, i.snoozedUntil()), "reopened",
                        Map.of("from", i.state().name()));
            });
        } catch (DuplicateKeyException e) {
            Incident incident = find(id, actor);
            String other = incidents.findOpen(incident.customerId(), incident.fingerprint()).map(Incident::id)
                    .orElse("another incident");
            throw new Conflict(incident, "incident \"" + id + "\" is " + incident.state() + ": cannot reopen while"
                    + " incident \"" + other + "\" of the same fingerprint is open");
        }
    }

    /** Notifications of the incident wait until {@code until} (the escalation chain resumes then). */
    public Result snooze(String id, Actor actor, Instant until) {
        return act(id, actor, Action.SNOOZE, i -> until.equals(i.snoozedUntil()) ? null
                : new Change(i.withPeople(i.state(), i.resolvedAt(), i.acknowledgedAt(), i.acknowledgedBy(),
                i.assignee(), i.resolvedBy(), until), "snoozed", Map.of("until", until.toString())));
    }

    /**
     * Runs the incident's scenario again through the dispatch route ({@code seda:scenario.dispatch}): the incident
     * goes back to {@code OPEN} and the dispatcher picks the binding as for a new incident. Repeating it while that
     * run is pending or running changes nothing.
     */
    public Result rerun(String id, Actor actor, boolean dryRun) {
        Result result = act(id, actor, Action.RERUN, i -> {
            if (i.state() == IncidentState.OPEN || i.state() == IncidentState.AUTOMATING) {
                return null;
            }
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("dryRun", dryRun);
            detail.put("from", i.state().name());
            if (i.scenario() != null) {
                detail.put("previousScenario", i.scenario());
            }
            return new Change(null, "rerun_requested", detail, () -> incidents.requestRerun(id, dryRun));
        });
        if (result.changed()) {
            // after the commit: the dispatcher must see OPEN
            camel.sendBody(ScenarioDispatcher.QUEUE, id);
        }
        return result;
    }

    /**
     * A silence whose matchers come from the incident (its host, and its alert class when it has one) until
     * {@code endsAt}; an identical one already in force is returned instead ({@code changed} false).
     */
    public SilenceOutcome silence(String id, Actor actor, OffsetDateTime endsAt, String comment) {
        Incident incident = find(id, actor);
        if (incident.host() == null || incident.host().isBlank()) {
            throw new Conflict(incident, "incident \"" + id + "\" names no host: a silence made from it would cover"
                    + " every host; create one with POST /api/v1/silences instead");
        }
        List<String> hosts = List.of(incident.host());
        List<String> classes = incident.alertClass() == null ? List.of() : List.of(incident.alertClass());
        Instant now = clock.instant();
        Optional<SilenceConfig> existing = silences.current(incident.customerId(), now).stream()
                .filter(s -> s.hosts().equals(hosts) && s.alertClasses().equals(classes)
                        && !s.endsAt().toInstant().isBefore(endsAt.toInstant()) && !s.startsAt().toInstant().isAfter(now))
                .findFirst();
        if (existing.isPresent()) {
            return new SilenceOutcome(false, existing.get());
        }
        String why = comment == null || comment.isBlank() ? "silenced from incident " + id : comment;
        SilenceConfig silence = new SilenceConfig(Ids.next(), hosts, classes, now.atOffset(endsAt.getOffset()), endsAt,
                why);
        tx.executeWithoutResult(s -> {
            silenceStore.insert(incident.customerId(), silence, actor.name(), now);
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("silenceId", silence.id());
            detail.put("hosts", hosts);
            detail.put("alertClasses", classes);
            detail.put("endsAt", endsAt.toString());
            detail.put("via", actor.via());
            timeline.append(id, new TimelineEntry(now, actor.name(), "silenced", detail));
        });
        LOG.info("{} (via {}) silenced {} {} of customer {} until {} from incident {}", actor.name(), actor.via(),
                hosts, classes, incident.customerId(), endsAt, id);
        return new SilenceOutcome(true, silence);
    }

    /** The silence made (or found) from an incident. */
    public record SilenceOutcome(boolean created, SilenceConfig silence) {
    }

    /**
     * What an action changes: the incident as it leaves it ({@code after}, written with
     * {@link IncidentStore#writePeople}) or a custom write, plus the timeline entry.
     */
    private record Change(Incident after, String kind, Map<String, Object> detail, Runnable write) {
        Change(Incident after, String kind, Map<String, Object> detail) {
            this(after, kind, detail, null);
        }
    }

    /** The shape of every action: find within scope, lock, check the state machine, change or do nothing. */
    private Result act(String id, Actor actor, Action action, java.util.function.Function<Incident, Change> decide) {
        find(id, actor);
        Result result = tx.execute(s -> {
            Incident i = incidents.lock(id).orElseThrow(() -> new NotFound(id));
            if (!action.allowedFrom(i.state())) {
                throw new Conflict(i, action);
            }
            Change change = decide.apply(i);
            if (change == null) {
                return new Result(false, i);
            }
            if (change.write() != null) {
                change.write().run();
            } else if (!change.after().equals(i)) {
                incidents.writePeople(change.after());
            }
            Map<String, Object> detail = new LinkedHashMap<>(change.detail());
            detail.put("via", actor.via());
            timeline.append(id, new TimelineEntry(clock.instant(), actor.name(), change.kind(), detail));
            return new Result(true, incidents.find(id).orElseThrow());
        });
        if (result.changed()) {
            LOG.info("{} (via {}) did {} on incident {}: now {}", actor.name(), actor.via(), action.apiName(), id,
                    result.incident().state());
        }
        return result;
    }
}
