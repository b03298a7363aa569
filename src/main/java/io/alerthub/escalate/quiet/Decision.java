package io.alerthub.escalate.quiet;

import java.time.Instant;
import java.util.Objects;

/**
 * What quiet hours say about one notification now (escalate stage): send it, or hold it until the quiet window ends.
 *
 * @param action    {@link Action#SEND_NOW} or {@link Action#HOLD_UNTIL}
 * @param holdUntil when a held notification may go (the end of the quiet window); null for {@code SEND_NOW}
 * @param interval  the quiet interval in force, for the timeline: the one holding the notification, or the one a
 *                  critical override went through; null when the customer is not quiet
 */
public record Decision(Action action, Instant holdUntil, String interval) {

    /** Send at once, or hold. */
    public enum Action {
        SEND_NOW, HOLD_UNTIL
    }

    private static final Decision SEND = new Decision(Action.SEND_NOW, null, null);

    public Decision {
        Objects.requireNonNull(action, "action");
        if (action == Action.HOLD_UNTIL) {
            Objects.requireNonNull(holdUntil, "holdUntil");
        } else if (holdUntil != null) {
            throw new IllegalArgumentException("a SEND_NOW decision has no holdUntil");
        }
    }

    /** Not quiet (or quiet hours do not apply): send. */
    public static Decision sendNow() {
        return SEND;
    }

    /** Quiet, but sent anyway (a critical override) through {@code interval}. */
    public static Decision override(String interval) {
        return new Decision(Action.SEND_NOW, null, interval);
    }

    /** Quiet in {@code interval}: hold until {@code until}. */
    public static Decision holdUntil(Instant until, String interval) {
        return new Decision(Action.HOLD_UNTIL, until, interval);
    }

    /** True when the notification waits. */
    public boolean held() {
        return action == Action.HOLD_UNTIL;
    }

    /** True when the notification is sent although the customer is quiet (critical override). */
    public boolean overridden() {
        return action == Action.SEND_NOW && interval != null;
    }
}
