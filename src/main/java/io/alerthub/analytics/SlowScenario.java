package io.alerthub.analytics;

/** A scenario (binding route id) ranked by how long its runs take from start to verdict, at one-second resolution. */
public record SlowScenario(String scenario, long runs, Seconds durationSeconds) {
}
