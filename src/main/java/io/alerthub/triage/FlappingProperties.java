package io.alerthub.triage;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The hub's flap detection defaults ({@code alerthub.flapping.*}); a customer's {@code flapping:} section wins.
 *
 * @param changes       state changes (firing ↔ resolved) of one alert that mark it flapping (default 4; 0 = off)
 * @param within        the window they must fall in (default 10m)
 * @param quietFor      how long without a change clears the mark (default 15m)
 * @param sweepInterval how often the hub looks for marks to clear (route {@code triage.flapping-cleared})
 */
@ConfigurationProperties("alerthub.flapping")
public record FlappingProperties(Integer changes, Duration within, Duration quietFor, Duration sweepInterval) {

    public FlappingProperties {
        changes = changes == null ? 4 : changes;
        within = within == null ? Duration.ofMinutes(10) : within;
        quietFor = quietFor == null ? Duration.ofMinutes(15) : quietFor;
        sweepInterval = sweepInterval == null ? Duration.ofSeconds(30) : sweepInterval;
        if (changes != 0 && (changes < 2 || changes > 50)) {
            throw new IllegalArgumentException("alerthub.flapping.changes: invalid value " + changes
                    + " (valid: 2 to 50, or 0 for off)");
        }
        if (within.isZero() || within.isNegative() || quietFor.isZero() || quietFor.isNegative()) {
            throw new IllegalArgumentException("alerthub.flapping.within and quiet-for: invalid value \"" + within
                    + "\" / \"" + quietFor + "\" (valid: positive durations such as 10m)");
        }
    }
}
