package io.alerthub.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The hub's incident lifecycle defaults ({@code alerthub.incidents.*}): what an operator who sets nothing gets, {@code 0}
 * as "never", and a refused start naming the property and the value for what cannot work.
 */
class IncidentLifecyclePropertiesTest {

    @Test
    void nothingSetMeansResolveAfterADayAndTellOwnersAfterFourHours() {
        IncidentLifecycleProperties defaults = new IncidentLifecycleProperties(null, null, null, null);

        assertThat(defaults.resolveTimeout()).isEqualTo(Duration.ofHours(24));
        assertThat(defaults.refireAfter()).isEqualTo(Duration.ofHours(4));
        assertThat(defaults.sweepInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(defaults.batchSize()).isEqualTo(500);
        assertThat(new IncidentLifecycleProperties(Duration.ZERO, Duration.ZERO, null, 1).resolveTimeout())
                .as("0 = never").isZero();
    }

    @Test
    void negativeDurationsAndEmptyBatchesAreRefusedByName() {
        assertThatThrownBy(() -> new IncidentLifecycleProperties(Duration.ofHours(-1), null, null, null))
                .hasMessage("alerthub.incidents.resolve-timeout: invalid value \"PT-1H\" (valid: 0 for never, or a"
                        + " positive duration such as 24h)");
        assertThatThrownBy(() -> new IncidentLifecycleProperties(null, Duration.ofMinutes(-5), null, null))
                .hasMessage("alerthub.incidents.refire-after: invalid value \"PT-5M\" (valid: 0 for never, or a"
                        + " positive duration such as 4h)");
        assertThatThrownBy(() -> new IncidentLifecycleProperties(null, null, null, 0))
                .hasMessage("alerthub.incidents.batch-size: invalid value 0 (valid: 1 or more)");
    }

    @Test
    void timelineDurationsReadAsPeopleWriteThem() {
        assertThat(IncidentTimings.text(Duration.ofHours(26).plusMinutes(3))).isEqualTo("1d 2h 3m");
        assertThat(IncidentTimings.text(Duration.ofMinutes(45))).isEqualTo("45m");
        assertThat(IncidentTimings.text(Duration.ofHours(2).plusSeconds(59))).isEqualTo("2h");
        assertThat(IncidentTimings.text(Duration.ofSeconds(30))).isEqualTo("30s");
    }
}
