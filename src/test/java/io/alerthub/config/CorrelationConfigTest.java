package io.alerthub.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The {@code correlation:} section of customer.yaml: off unless turned on, a 10-minute window unless set, and every
 * mistake reported with file, line, path, the quoted value and what is valid.
 */
class CorrelationConfigTest {

    @Test
    void offByDefaultWithATenMinuteWindow() {
        assertThat(CorrelationConfig.DEFAULT.enabled()).isFalse();
        assertThat(new CorrelationConfig(true, null).window()).isEqualTo(Duration.ofMinutes(10));
        assertThat(new CorrelationConfig(true, "90s").window()).isEqualTo(Duration.ofSeconds(90));
        assertThat(new CorrelationConfig(null, "5m").enabled()).isFalse();
    }

    @Test
    void aBadWindowNamesThePathTheValueAndWhatIsValid() {
        assertThat(QuietHoursConfigTest.errorsOf("correlation-invalid")).containsExactly(
                "customers/acme/customer.yaml:9: correlation.within: invalid duration \"10 minutes\" (valid: a positive"
                        + " number with ms, s, m, h or d, e.g. 10m)");
    }

    @Test
    void aMisspeltKeyIsReportedWhenParsing() {
        assertThat(QuietHoursConfigTest.errorsOf("correlation-wrong-shapes")).containsExactly(
                "customers/acme/customer.yaml:8: correlation: unknown key \"cross_channel\" (valid: \"crossChannel\","
                        + " \"within\")");
    }
}
