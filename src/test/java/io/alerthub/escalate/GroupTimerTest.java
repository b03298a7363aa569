package io.alerthub.escalate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The dispatcher's time arithmetic alone, at Alertmanager's defaults (30s, 5m, 4h). */
class GroupTimerTest {
    static final Instant T = Instant.parse("2026-12-08T00:00:00Z");
    final GroupTimer timer = new GroupTimer(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofHours(4));

    @Test
    void aNewGroupWaitsGroupWaitUnlessItsAlertIsAlreadyOlderThanThat() {
        assertThat(timer.firstFlush(T, T)).isEqualTo(T.plusSeconds(30));
        assertThat(timer.firstFlush(T, T.minusSeconds(29))).isEqualTo(T.plusSeconds(30));
        assertThat(timer.firstFlush(T, T.minusSeconds(30))).isEqualTo(T);
        assertThat(timer.firstFlush(T, null)).isEqualTo(T.plusSeconds(30));
    }

    @Test
    void aChangeGoesOnTheFirstTickAtOrAfterItAndNeverOnTheTickAlreadyFlushed() {
        assertThat(timer.nextTick(T, T)).isEqualTo(T.plusSeconds(300));
        assertThat(timer.nextTick(T, T.plusSeconds(1))).isEqualTo(T.plusSeconds(300));
        assertThat(timer.nextTick(T, T.plusSeconds(300))).isEqualTo(T.plusSeconds(300));
        assertThat(timer.nextTick(T, T.plusSeconds(301))).isEqualTo(T.plusSeconds(600));
        assertThat(timer.nextTick(T, T.minusSeconds(5))).isEqualTo(T.plusSeconds(300));
    }

    @Test
    void aReminderGoesOnTheFirstTickStrictlyAfterRepeatInterval() {
        assertThat(timer.reminder(T)).isEqualTo(T.plus(Duration.ofHours(4)).plusSeconds(300));
        GroupTimer odd = new GroupTimer(Duration.ZERO, Duration.ofMinutes(7), Duration.ofHours(1));
        assertThat(odd.reminder(T)).isEqualTo(T.plus(Duration.ofMinutes(63)));
    }

    @Test
    void withoutIntervalsChangesGoAtOnceAndRemindersAreOff() {
        GroupTimer none = new GroupTimer(Duration.ZERO, Duration.ZERO, Duration.ZERO);
        assertThat(none.firstFlush(T, T)).isEqualTo(T);
        assertThat(none.nextTick(T, T.plusSeconds(7))).isEqualTo(T.plusSeconds(7));
        assertThat(none.reminder(T)).isNull();
        assertThat(new GroupTimer(Duration.ZERO, Duration.ZERO, Duration.ofHours(1)).reminder(T))
                .isEqualTo(T.plus(Duration.ofHours(1)));
    }
}
