package io.alerthub.model;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Flap detection (used by the triage stage) with hysteresis for one {@code (customer, fingerprint)}, as pure functions of its
 * state, the alert's status and the clock. A state change is an alert whose status differs from the last one seen (the
 * first firing alert counts: nothing seen reads as resolved). The key starts flapping once {@code changes} changes
 * fall within {@code within}; it stops only after {@code quietFor} without any change, so an alert that keeps
 * changing now and then stays marked instead of blinking in and out of the mark.
 */
public final class FlapDetector {
    private FlapDetector() {
    }

    /**
     * The thresholds of a customer: {@code changes} 0 switches detection off.
     *
     * @param changes  state changes that mark a key flapping, 2 or more (0: off)
     * @param within   the window those changes must fall in
     * @param quietFor how long without a change clears the mark
     */
    public record Settings(int changes, Duration within, Duration quietFor) {
        /** The most changes one key's state keeps (its row stores them as text). */
        public static final int MAX_CHANGES = 50;

        public boolean off() {
            return changes <= 0;
        }
    }

    /**
     * What the hub knows of one key.
     *
     * @param lastStatus    the status of the last alert seen; null when none was
     * @param changes       the times of its most recent state changes, oldest first
     * @param flapping      whether it is marked flapping
     * @param flappingSince when the current mark was set; null when not flapping
     * @param lastChange    when its status last changed; null when it never did
     */
    public record State(AlertStatus lastStatus, List<Instant> changes, boolean flapping, Instant flappingSince,
                        Instant lastChange) {
        /** A key never seen. */
        public static final State NEW = new State(null, List.of(), false, null, null);

        public State {
            changes = List.copyOf(changes);
        }
    }

    /** The key's state after an alert, and what that alert did: changed the status, started the mark. */
    public record Observation(State state, boolean changed, boolean started) {
    }

    /** Counts an alert of {@code status} received {@code at}. */
    public static Observation observe(State state, AlertStatus status, Instant at, Settings settings) {
        AlertStatus last = state.lastStatus() == null ? AlertStatus.RESOLVED : state.lastStatus();
        if (last == status) {
            return new Observation(new State(status, state.changes(), state.flapping(), state.flappingSince(),
                    state.lastChange()), false, false);
        }
        List<Instant> recent = new ArrayList<>();
        for (Instant t : state.changes()) {
            if (!settings.off() && t.isAfter(at.minus(settings.within()))) {
                recent.add(t);
            }
        }
        recent.add(at);
        int keep = settings.off() ? 1 : Math.min(settings.changes(), Settings.MAX_CHANGES);
        while (recent.size() > keep) {
            recent.remove(0);
        }
        boolean start = !state.flapping() && !settings.off() && recent.size() >= settings.changes();
        boolean flapping = state.flapping() || start;
        return new Observation(new State(status, recent, flapping, start ? at : state.flappingSince(), at), true,
                start);
    }

    /** True when a flapping key has been quiet long enough at {@code now} for its mark to clear. */
    public static boolean quiet(State state, Instant now, Settings settings) {
        return state.flapping() && state.lastChange() != null
                && !state.lastChange().plus(settings.quietFor()).isAfter(now);
    }

    /** The state once its mark cleared: not flapping, the change history forgotten (a new episode counts anew). */
    public static State cleared(State state) {
        return new State(state.lastStatus(), List.of(), false, null, state.lastChange());
    }
}
