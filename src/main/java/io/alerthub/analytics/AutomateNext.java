package io.alerthub.analytics;

/**
 * One entry of the "automate next" ranking: an alert class of a customer whose incidents reached people, weighted by
 * the people-time they cost ({@code reachedPeople × manualHandlingSeconds}); {@code bound} says whether a scenario
 * already takes the class (then improve it) or not (then write one).
 */
public record AutomateNext(String customer, String alertClass, long reachedPeople, long manualHandlingSeconds,
                           long peopleSeconds, boolean bound) {
}
