package io.alerthub.model;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The incident state machine for what people do (design.md §3 and §7): from which states each action may start, and
 * the state it leaves. A state outside {@link Action#from} is a conflict (409); acting again on an incident the action
 * already left as wanted is harmless and changes nothing (see {@code IncidentActions}).
 */
public final class IncidentTransitions {
    private static final Set<IncidentState> OPEN_STATES = EnumSet.of(IncidentState.OPEN, IncidentState.AUTOMATING,
            IncidentState.HANDED_OVER, IncidentState.ESCALATED, IncidentState.ACKNOWLEDGED, IncidentState.SUPPRESSED);

    private IncidentTransitions() {
    }

    /** What a person can do to an incident, with the states it may start from. */
    public enum Action {
        /** Stop the escalation chain: someone has seen it. */
        ACKNOWLEDGE(EnumSet.of(IncidentState.OPEN, IncidentState.AUTOMATING, IncidentState.HANDED_OVER,
                IncidentState.ESCALATED, IncidentState.SUPPRESSED, IncidentState.ACKNOWLEDGED)),
        /** Take the incident (or give it to someone): it is acknowledged and has an assignee. */
        TAKEOVER(OPEN_STATES),
        /** Add a note; allowed whatever the state (notes after closing are the post-mortem). */
        NOTE(EnumSet.allOf(IncidentState.class)),
        /** Resolved by hand. */
        RESOLVE(with(OPEN_STATES, IncidentState.RESOLVED)),
        /** Done: nothing more will happen. Not while the hub is still working on it. */
        CLOSE(EnumSet.of(IncidentState.HANDED_OVER, IncidentState.ESCALATED, IncidentState.ACKNOWLEDGED,
                IncidentState.SUPPRESSED, IncidentState.RESOLVED, IncidentState.CLOSED)),
        /** Not fixed after all: open again, owned by a person. */
        REOPEN(EnumSet.allOf(IncidentState.class)),
        /** Notifications wait until a given time. */
        SNOOZE(OPEN_STATES),
        /** Run the bound scenario again; repeating it while it runs changes nothing. */
        RERUN(EnumSet.of(IncidentState.OPEN, IncidentState.AUTOMATING, IncidentState.HANDED_OVER,
                IncidentState.ESCALATED, IncidentState.ACKNOWLEDGED)),
        /** Silence what the incident is about (its host and alert class), whatever its state. */
        SILENCE(EnumSet.allOf(IncidentState.class));

        private final Set<IncidentState> from;

        Action(Set<IncidentState> from) {
            this.from = Set.copyOf(from);
        }

        /** The states this action may start from. */
        public Set<IncidentState> from() {
            return from;
        }

        /** True when the action may start from {@code state}. */
        public boolean allowedFrom(IncidentState state) {
            return from.contains(state);
        }

        /** The name in the API and on the timeline: {@code takeover}, {@code resolve}… */
        public String apiName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The state {@code action} leaves an incident in that is now {@code state}; {@code state} itself for actions that
     * do not move it (notes, snooze, silence).
     */
    public static IncidentState target(Action action, IncidentState state) {
        return switch (action) {
            case ACKNOWLEDGE, TAKEOVER -> IncidentState.ACKNOWLEDGED;
            case RESOLVE -> IncidentState.RESOLVED;
            case CLOSE -> IncidentState.CLOSED;
            case REOPEN -> state.isOpen() ? state : IncidentState.ACKNOWLEDGED;
            case RERUN -> state == IncidentState.AUTOMATING ? state : IncidentState.OPEN;
            case NOTE, SNOOZE, SILENCE -> state;
        };
    }

    private static Set<IncidentState> with(Set<IncidentState> states, IncidentState more) {
        Set<IncidentState> all = EnumSet.copyOf(states);
        all.add(more);
        return all;
    }
}
