package io.alerthub.config;

import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * One inhibition rule ({@code inhibitRules:} in customer.yaml), with Alertmanager's {@code inhibit_rules} semantics:
 * while an open incident whose alert fires matches every {@code sourceMatchers}, a new incident matching every
 * {@code targetMatchers} whose values of every {@code equal} name are the same as the source's is inhibited
 * ({@code SUPPRESSED}, {@code inhibitedBy} the source): no scenario, no page, until the source resolves.
 *
 * @param name           a name for the timeline and the docs (optional)
 * @param sourceMatchers matchers the inhibiting incident's alert meets ({@link AlertMatcher})
 * @param targetMatchers matchers the inhibited incident's alert meets
 * @param equal          fields or labels that must have the same value in both (e.g. {@code [host]})
 */
public record InhibitRuleConfig(String name, List<String> sourceMatchers, List<String> targetMatchers,
                                List<String> equal) {

    public InhibitRuleConfig {
        sourceMatchers = CustomerConfig.immutable(sourceMatchers);
        targetMatchers = CustomerConfig.immutable(targetMatchers);
        equal = CustomerConfig.immutable(equal);
    }

    /** Reports every bad value of rule {@code path} to {@code problems}. */
    public void check(String path, BiConsumer<String, String> problems) {
        if (sourceMatchers.isEmpty()) {
            problems.accept(path + ".sourceMatchers", "needs at least one matcher (valid: " + AlertMatcher.RULE + ")");
        }
        if (targetMatchers.isEmpty()) {
            problems.accept(path + ".targetMatchers", "needs at least one matcher (valid: " + AlertMatcher.RULE + ")");
        }
        checkMatchers(path + ".sourceMatchers", sourceMatchers, problems);
        checkMatchers(path + ".targetMatchers", targetMatchers, problems);
        for (int i = 0; i < equal.size(); i++) {
            if (equal.get(i) == null || equal.get(i).isBlank()) {
                problems.accept(path + ".equal[" + i + "]", "is required");
            }
        }
    }

    /** True when every matcher of {@code matchers} matches {@code values}. */
    public static boolean all(List<String> matchers, Map<String, String> values) {
        return matchers.stream().allMatch(m -> AlertMatcher.parse(m).map(x -> x.matches(values)).orElse(false));
    }

    private static void checkMatchers(String path, List<String> matchers, BiConsumer<String, String> problems) {
        for (int i = 0; i < matchers.size(); i++) {
            String problem = AlertMatcher.problem(matchers.get(i));
            if (problem != null) {
                problems.accept(path + "[" + i + "]", problem);
            }
        }
    }
}
