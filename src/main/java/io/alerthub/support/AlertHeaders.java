package io.alerthub.support;

/**
 * The names of the message headers the hub's routes set and read, in one place (the YAML routes spell the same
 * names); the hub never mints {@code Camel*} headers.
 */
public final class AlertHeaders {
    // scenario
    /** The incident a scenario-stage exchange is about (set by scenario.dispatch from its body). */
    public static final String INCIDENT_ID = "incidentId";
    /** The binding (route id) the dispatcher chose for the incident; absent when no scenario runs. */
    public static final String SCENARIO_ROUTE = "scenarioRoute";

    private AlertHeaders() {
    }
}
