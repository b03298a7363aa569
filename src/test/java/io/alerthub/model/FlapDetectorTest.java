package io.alerthub.model;

import static io.alerthub.model.AlertStatus.FIRING;
import static io.alerthub.model.AlertStatus.RESOLVED;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The flap detector driven by a clock the test holds: 4 changes within 10 minutes mark an alert flapping, only 15
 * minutes without a change clear the mark (hysteresis), repeats of one status are no change, slow changes never mark.
 */
class FlapDetectorTest {
    static final FlapDetector.Settings SETTINGS = new FlapDetector.Settings(4, Duration.ofMinutes(10),
            Duration.ofMinutes(15));
    static final Instant T0 = Instant.parse("2026-12-08T01:00:00Z");

    FlapDetector.State state = FlapDetector.State.NEW;

    FlapDetector.Observation at(AlertStatus status, int minute) {
        return at(status, minute, SETTINGS);
    }

    FlapDetector.Observation at(AlertStatus status, int minute, FlapDetector.Settings settings) {
        FlapDetector.Observation seen = FlapDetector.observe(state, status, T0.plus(Duration.ofMinutes(minute)),
                settings);
        state = seen.state();
        return seen;
    }

    @Test
    void theFourthChangeWithinTheWindowStartsTheMarkOnce() {
        assertThat(at(FIRING, 0).started()).as("the first firing alert is change 1").isFalse();
        assertThat(at(RESOLVED, 1).started()).isFalse();
        assertThat(at(FIRING, 2).started()).isFalse();
        FlapDetector.Observation fourth = at(RESOLVED, 3);
        assertThat(fourth.changed()).isTrue();
        assertThat(fourth.started()).isTrue();
        assertThat(state.flapping()).isTrue();
        assertThat(state.flappingSince()).isEqualTo(T0.plus(Duration.ofMinutes(3)));
        assertThat(at(FIRING, 4).started()).as("already flapping: no second start").isFalse();
        assertThat(state.flapping()).isTrue();
    }

    @Test
    void repeatsOfOneStatusAreNoChange() {
        at(FIRING, 0);
        for (int minute = 1; minute < 9; minute++) {
            FlapDetector.Observation seen = at(FIRING, minute);
            assertThat(seen.changed()).isFalse();
        }
        assertThat(state.changes()).hasSize(1);
        assertThat(at(RESOLVED, 9).changed()).isTrue();
        assertThat(at(RESOLVED, 9).changed()).isFalse();
        assertThat(state.flapping()).isFalse();
    }

    @Test
    void aFirstResolvedAlertIsNoChange() {
        assertThat(at(RESOLVED, 0).changed()).isFalse();
        assertThat(state.lastStatus()).isEqualTo(RESOLVED);
    }

    @Test
    void changesSpreadWiderThanTheWindowNeverMark() {
        for (int i = 0; i < 20; i++) {
            at(i % 2 == 0 ? FIRING : RESOLVED, i * 4);
            assertThat(state.flapping()).as("change %d, every 4 minutes: 3 fit in 10 minutes", i).isFalse();
        }
        assertThat(state.changes()).hasSizeLessThanOrEqualTo(3);
    }

    @Test
    void theMarkClearsOnlyAfterTheQuietPeriodAndAChangeInItRestartsTheWait() {
        at(FIRING, 0);
        at(RESOLVED, 1);
        at(FIRING, 2);
        at(RESOLVED, 3);
        assertThat(FlapDetector.quiet(state, T0.plus(Duration.ofMinutes(17)), SETTINGS)).as("14 min quiet").isFalse();
        // one change at minute 17: far below the start threshold, yet it keeps the mark (hysteresis)
        at(FIRING, 17);
        assertThat(state.flapping()).isTrue();
        assertThat(FlapDetector.quiet(state, T0.plus(Duration.ofMinutes(31)), SETTINGS)).as("14 min quiet").isFalse();
        assertThat(FlapDetector.quiet(state, T0.plus(Duration.ofMinutes(32)), SETTINGS)).as("15 min quiet").isTrue();
        state = FlapDetector.cleared(state);
        assertThat(state.flapping()).isFalse();
        assertThat(state.lastStatus()).isEqualTo(FIRING);
        assertThat(state.changes()).isEmpty();
        // a new episode needs four fresh changes
        assertThat(at(RESOLVED, 40).started()).isFalse();
        assertThat(at(FIRING, 41).started()).isFalse();
        assertThat(at(RESOLVED, 42).started()).isFalse();
        assertThat(at(FIRING, 43).started()).isTrue();
    }

    @Test
    void notFlappingIsNeverQuiet() {
        at(FIRING, 0);
        assertThat(FlapDetector.quiet(state, T0.plus(Duration.ofDays(1)), SETTINGS)).isFalse();
    }

    @Test
    void zeroChangesSwitchesDetectionOff() {
        FlapDetector.Settings off = new FlapDetector.Settings(0, Duration.ofMinutes(10), Duration.ofMinutes(15));
        for (int i = 0; i < 10; i++) {
            assertThat(at(i % 2 == 0 ? FIRING : RESOLVED, 0, off).started()).isFalse();
        }
        assertThat(state.flapping()).isFalse();
        assertThat(state.changes()).hasSize(1);
    }
}
