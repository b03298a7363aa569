package io.alerthub.analytics;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A duration's mean and nearest-rank median and 90th percentile, in seconds; all null when nothing was measured.
 * The mean is exact (to 0.1 s), the percentiles at one-second resolution.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Seconds(Double mean, Long p50, Long p90) {
    static final Seconds NONE = new Seconds(null, null, null);
}
