package io.alerthub.config;

/**
 * A customer's switches for automation ({@code scenarios:} in customer.yaml): {@code enabled: false} stops every
 * scenario for the customer (new incidents escalate at once), {@code dryRun: true} runs checks but only records
 * remediations as "would run". Both add to the hub-wide switches: either one off means off.
 */
public record ScenarioSettings(Boolean enabled, Boolean dryRun) {
    /** Automation on, for real: what a customer without a {@code scenarios:} section gets. */
    public static final ScenarioSettings DEFAULT = new ScenarioSettings(true, false);

    public ScenarioSettings {
        enabled = enabled == null || enabled;
        dryRun = dryRun != null && dryRun;
    }
}
