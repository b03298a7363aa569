package io.alerthub.config;

import jakarta.validation.constraints.NotNull;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A silence or maintenance window ({@code silences:} in customer.yaml; the API adds more at runtime): while it
 * lasts, new incidents on the matching hosts and alert classes whose alert meets every matcher are
 * {@code SUPPRESSED} — no scenario runs and nobody is notified — and the timeline says which silence did it. An empty
 * list matches everything.
 *
 * @param matchers Alertmanager-style matchers ({@link AlertMatcher}: {@code env="prod"}, {@code severity!~"info"})
 *                 over the alert's fields ({@code alertClass}, {@code host}, {@code severity}, {@code name}) and labels
 */
public record SilenceConfig(
        String id,
        List<String> hosts,
        List<String> alertClasses,
        @NotNull(message = "is required") OffsetDateTime startsAt,
        @NotNull(message = "is required") OffsetDateTime endsAt,
        String comment,
        List<String> matchers) {

    public SilenceConfig {
        hosts = CustomerConfig.immutable(hosts);
        alertClasses = CustomerConfig.immutable(alertClasses);
        matchers = CustomerConfig.immutable(matchers);
    }

    /** A silence of hosts and alert classes only (the form before matchers). */
    public SilenceConfig(String id, List<String> hosts, List<String> alertClasses, OffsetDateTime startsAt,
                         OffsetDateTime endsAt, String comment) {
        this(id, hosts, alertClasses, startsAt, endsAt, comment, null);
    }

    /** True when every matcher matches {@code values} (the alert's fields and labels); true without matchers. */
    public boolean matchersMatch(Map<String, String> values) {
        return allMatch(matchers, values);
    }

    /** True when every one of {@code matchers} matches {@code values}; one that does not parse never matches. */
    public static boolean allMatch(List<String> matchers, Map<String, String> values) {
        return matchers.stream().allMatch(m -> AlertMatcher.parse(m).map(x -> x.matches(values)).orElse(false));
    }

    /** Reports every matcher of {@code matchers} at {@code path} that does not parse (index appended). */
    public static void checkMatchers(String path, List<String> matchers, BiConsumer<String, String> problems) {
        for (int i = 0; i < matchers.size(); i++) {
            String text = matchers.get(i);
            String problem = text != null && text.chars().anyMatch(Character::isISOControl) ? "must be one line"
                    : AlertMatcher.problem(text);
            if (problem != null) {
                problems.accept(path + "[" + i + "]", problem);
            }
        }
    }
}
