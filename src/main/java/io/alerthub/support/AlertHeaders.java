package io.alerthub.support;

/**
 * Every message header name the hub's routes and beans set or read (a shared layer, so every stage may use it). YAML
 * routes spell the same values; a header not listed here is one a protocol defines (mail, HTTP), set on the wire.
 * Never a {@code Camel*} name: Camel's own headers stay Camel's.
 */
public final class AlertHeaders {
    /** The incident a message is about (triage, scenario and escalate routes; set from the hand-off's body). */
    public static final String INCIDENT_ID = "incidentId";
    /** The customer a message belongs to (the ingest path's {@code {customerId}} and the triage hand-off). */
    public static final String CUSTOMER_ID = "customerId";
    /** What the delivery did to the incident ({@code OPENED}, {@code REPEATED}, {@code RESOLVED}): triage's fan-out. */
    public static final String INCIDENT_CHANGE = "incidentChange";
    /** The wait an HTTP receiver asked for before the next attempt (read from Slack's and PagerDuty's answers). */
    public static final String RETRY_AFTER = "Retry-After";
    /** The binding (route id) the scenario dispatcher chose for the incident; absent when no scenario runs. */
    public static final String SCENARIO_ROUTE = "scenarioRoute";

    private AlertHeaders() {
    }
}
