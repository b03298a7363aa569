package io.alerthub.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code sns:} section of customer.yaml: defaults, and each mistake reported with its path and quoted value. */
class SnsConfigTest {

    @Test
    void anAbsentSectionAcceptsNoTopicAndDefaultsAreSafe() {
        assertThat(CustomerRegistryTest.registry("valid").find("acme").orElseThrow().snsSettings()).isEmpty();
        SnsConfig defaults = new SnsConfig(null, null, null, null);
        assertThat(defaults.autoConfirm()).isTrue();
        assertThat(defaults.insufficientData()).isEqualTo(SnsConfig.InsufficientData.IGNORE);
        assertThat(defaults.allows("arn:aws:sns:us-east-1:123456789012:alarms")).isFalse();
        assertThat(new SnsConfig(List.of("arn:aws:sns:us-east-1:123456789012:alarms"), null, null, Map.of())
                .allows("arn:aws:sns:us-east-1:123456789012:alarms")).isTrue();
    }

    @Test
    void mistakesAreReportedWithPathAndValue() {
        assertThat(CustomerRegistryTest.errorsOf("sns-invalid")).containsExactly(
                "customers/acme/customer.yaml:13: sns.topics[2]: invalid topic arn \"https://sns.us-east-1.amazonaws.com/alarms\""
                        + " (valid: arn:aws:sns:<region>:<12-digit account>:<topic name>)");
        assertThat(CustomerRegistryTest.errorsOf("sns-undefined-host")).containsExactly(
                "customers/acme/customer.yaml:12: sns.topics[1]: duplicate topic \"arn:aws:sns:us-east-1:123456789012:alarms\"",
                "customers/acme/customer.yaml:15: sns.hostMap.i-0abc: undefined host \"web-2\" (defined: \"web-1\")");
    }
}
