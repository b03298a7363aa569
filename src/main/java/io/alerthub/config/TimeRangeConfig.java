package io.alerthub.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A time of day range of a quiet window ({@code quietHours.intervals[].times[]}), {@code HH:MM} as written: the start
 * inclusive, the end exclusive, {@code 24:00} the end of the day; a start after the end runs across midnight.
 */
public record TimeRangeConfig(
        @JsonProperty("start_time") String startTime,
        @JsonProperty("end_time") String endTime) {
}
