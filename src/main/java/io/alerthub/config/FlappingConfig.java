package io.alerthub.config;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import org.springframework.boot.convert.DurationStyle;

/**
 * A customer's flap detection ({@code flapping:} in customer.yaml, docs/noise.md): {@code changes} state changes
 * (firing ↔ resolved) of one alert within {@code within} mark its incident flapping; the mark clears after
 * {@code quietFor} without a change. A value left out falls back to {@code alerthub.flapping.*}; {@code changes: 0}
 * switches detection off for the customer.
 *
 * @param changes  state changes that mark an alert flapping (2–50, or 0 for off); null: the hub's default
 * @param within   the window they must fall in, e.g. {@code 10m}; null: the hub's default
 * @param quietFor how long without a change clears the mark, e.g. {@code 15m}; null: the hub's default
 */
public record FlappingConfig(Integer changes, String within, String quietFor) {
    private static final Pattern DURATION = Pattern.compile("[0-9]+(ms|s|m|h|d)");

    /** Reports every bad value of the section to {@code problems} (path, message). */
    public void check(BiConsumer<String, String> problems) {
        if (changes != null && changes != 0 && (changes < 2 || changes > 50)) {
            problems.accept("flapping.changes", "invalid number of changes " + changes
                    + " (valid: 2 to 50, or 0 to switch flap detection off)");
        }
        checkDuration(problems, "flapping.within", within);
        checkDuration(problems, "flapping.quietFor", quietFor);
    }

    public Optional<Duration> withinDuration() {
        return Optional.ofNullable(within).map(DurationStyle.SIMPLE::parse);
    }

    public Optional<Duration> quietForDuration() {
        return Optional.ofNullable(quietFor).map(DurationStyle.SIMPLE::parse);
    }

    private static void checkDuration(BiConsumer<String, String> problems, String path, String value) {
        if (value != null && (!DURATION.matcher(value).matches() || DurationStyle.SIMPLE.parse(value).isZero())) {
            problems.accept(path, "invalid duration " + ProblemCollector.quote(value)
                    + " (valid: a positive number with ms, s, m, h or d, e.g. 10m)");
        }
    }
}
