package io.alerthub.ingest;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How many refusals one source address may cause on the machine endpoints ({@code alerthub.ingest.refusal-limit.*})
 * before it is answered 429 without any work: {@code max} refusals per {@code window}; {@code max: 0} switches the
 * limit off.
 */
@ConfigurationProperties("alerthub.ingest.refusal-limit")
public record RefusalLimitProperties(Integer max, Duration window, Integer trackedSources) {
    public RefusalLimitProperties {
        max = max == null ? 30 : max;
        window = window == null ? Duration.ofMinutes(1) : window;
        trackedSources = trackedSources == null ? 100_000 : trackedSources;
        if (max < 0) {
            throw new IllegalArgumentException("alerthub.ingest.refusal-limit.max: must not be negative, got " + max);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("alerthub.ingest.refusal-limit.window: must be positive, got \""
                    + window + "\"");
        }
    }
}
