package io.alerthub.escalate;

import io.alerthub.config.EscalationConfig;
import java.time.Duration;
import java.time.Instant;

/**
 * The time arithmetic of Alertmanager's dispatcher for one notification group on one channel, shared by the escalate
 * stage (when a notification is planned) and the notify stage (when it comes due): {@code group_wait} delays only the
 * first notification of a new group, and not at all for an alert already older than it; after the group's first
 * notification it is flushed on a tick every {@code group_interval} (counted from its last notification, which was
 * itself on a tick), and a change goes out on the next tick; with nothing new, a reminder goes on the first tick
 * strictly more than {@code repeat_interval} after the last notification.
 *
 * @param groupWait     how long a new group's first notification waits for others to join it (zero: none)
 * @param groupInterval the spacing of a group's ticks once it notified (zero: no ticks, changes go at once)
 * @param repeatInterval how long a group that did not change stays quiet (zero: no reminders)
 */
public record GroupTimer(Duration groupWait, Duration groupInterval, Duration repeatInterval) {

    /** The timer of a customer's escalation policy ({@code groupWait}, {@code groupInterval}, {@code repeatInterval}). */
    public static GroupTimer of(EscalationConfig policy) {
        return new GroupTimer(policy.groupWaitDuration(), policy.groupIntervalDuration(),
                policy.repeatIntervalDuration());
    }

    /**
     * When the first notification of a new group goes: {@code group_wait} after {@code now}, or {@code now} when the
     * incident's first alert came more than {@code group_wait} ago (Alertmanager flushes a group at once for an alert
     * whose start is older than the wait).
     */
    public Instant firstFlush(Instant now, Instant firstSeen) {
        if (groupWait.isZero() || (firstSeen != null && !firstSeen.plus(groupWait).isAfter(now))) {
            return now;
        }
        return now.plus(groupWait);
    }

    /**
     * When a change meant for {@code wanted} goes out in a group last notified at {@code lastSent}: the first tick
     * {@code lastSent + k × group_interval} (k ≥ 1) at or after {@code wanted}; {@code wanted} itself without ticks.
     */
    public Instant nextTick(Instant lastSent, Instant wanted) {
        if (groupInterval.isZero()) {
            return wanted;
        }
        long ticks = Math.max(1, ceilDiv(Duration.between(lastSent, wanted), groupInterval));
        return lastSent.plus(groupInterval.multipliedBy(ticks));
    }

    /**
     * When a group that did not change is reminded, having last been notified at {@code lastSent}: the first tick
     * strictly later than {@code lastSent + repeat_interval} (Alertmanager repeats when the last notification is
     * before {@code now - repeat_interval}, and only looks on its ticks). Null when reminders are off.
     */
    public Instant reminder(Instant lastSent) {
        if (repeatInterval.isZero()) {
            return null;
        }
        if (groupInterval.isZero()) {
            return lastSent.plus(repeatInterval);
        }
        long ticks = repeatInterval.toNanos() / groupInterval.toNanos() + 1;
        return lastSent.plus(groupInterval.multipliedBy(ticks));
    }

    private static long ceilDiv(Duration span, Duration step) {
        if (span.isNegative() || span.isZero()) {
            return 0;
        }
        long n = span.toNanos() / step.toNanos();
        return span.toNanos() % step.toNanos() == 0 ? n : n + 1;
    }
}
