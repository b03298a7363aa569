package io.alerthub.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The noise-control keys of customer.yaml ({@code flapping:}, {@code inhibitRules:}): Alertmanager-style matchers over
 * fields and labels, and every bad value reported with its path and the valid forms.
 */
class NoiseConfigTest {

    static List<String> problems(FlappingConfig flapping) {
        List<String> out = new ArrayList<>();
        flapping.check((path, message) -> out.add(path + ": " + message));
        return out;
    }

    static List<String> problems(InhibitRuleConfig rule) {
        List<String> out = new ArrayList<>();
        rule.check("inhibitRules[0]", (path, message) -> out.add(path + ": " + message));
        return out;
    }

    @Test
    void matchersCompareFieldsAndLabelsAsAlertmanagerDoes() {
        Map<String, String> values = Map.of("alertClass", "disk_usage", "severity", "warning", "rack", "r1");
        assertThat(AlertMatcher.parse("alertClass=disk_usage").orElseThrow().matches(values)).isTrue();
        assertThat(AlertMatcher.parse("alertClass = \"disk_usage\"").orElseThrow().matches(values)).isTrue();
        assertThat(AlertMatcher.parse("alertClass!=disk_usage").orElseThrow().matches(values)).isFalse();
        assertThat(AlertMatcher.parse("severity=~\"warning|info\"").orElseThrow().matches(values)).isTrue();
        assertThat(AlertMatcher.parse("severity=~warn").orElseThrow().matches(values)).as("whole value").isFalse();
        assertThat(AlertMatcher.parse("severity!~\"critical|error\"").orElseThrow().matches(values)).isTrue();
        assertThat(AlertMatcher.parse("rack=r1").orElseThrow().matches(values)).isTrue();
        assertThat(AlertMatcher.parse("zone=").orElseThrow().matches(values)).as("missing reads as empty").isTrue();
        assertThat(AlertMatcher.parse("zone!=").orElseThrow().matches(values)).isFalse();
    }

    @Test
    void badMatchersAndEmptyRulesAreNamedWithTheirPath() {
        assertThat(problems(new InhibitRuleConfig("r", List.of("alertClass", "host=~(["), List.of(), null)))
                .containsExactly(
                        "inhibitRules[0].targetMatchers: needs at least one matcher (valid: name=value, name!=value,"
                                + " name=~regex or name!~regex; the value may be quoted)",
                        "inhibitRules[0].sourceMatchers[0]: invalid matcher \"alertClass\" (valid: name=value,"
                                + " name!=value, name=~regex or name!~regex; the value may be quoted)",
                        "inhibitRules[0].sourceMatchers[1]: invalid regular expression in matcher \"host=~([\"");
        assertThat(problems(new InhibitRuleConfig(null, List.of("name=SwitchDown"), List.of("severity=warning"),
                List.of("rack")))).isEmpty();
    }

    @Test
    void flappingValuesAreChecked() {
        assertThat(problems(new FlappingConfig(1, "0m", "soon"))).containsExactly(
                "flapping.changes: invalid number of changes 1 (valid: 2 to 50, or 0 to switch flap detection off)",
                "flapping.within: invalid duration \"0m\" (valid: a positive number with ms, s, m, h or d, e.g. 10m)",
                "flapping.quietFor: invalid duration \"soon\" (valid: a positive number with ms, s, m, h or d, e.g."
                        + " 10m)");
        assertThat(problems(new FlappingConfig(0, null, null))).isEmpty();
        assertThat(problems(new FlappingConfig(4, "10m", "15m"))).isEmpty();
    }
}
