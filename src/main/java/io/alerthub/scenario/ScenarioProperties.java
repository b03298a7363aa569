package io.alerthub.scenario;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Hub-wide scenario settings ({@code alerthub.scenarios.*}): the kill switch and dry-run, the remediation rate limit
 * that stops restart loops, and the recovery sweep that finds incidents a crash left between commit and scenario.
 *
 * @param enabled           false: no scenario runs at all, every new incident escalates at once ("automation is
 *                          switched off")
 * @param dryRun            true: checks and gathering run, remediations are only recorded as "would run"
 * @param remediationLimit  remediations of one template on one host allowed within {@code remediationWindow};
 *                          one more escalates ("restart loop")
 * @param sweepAfter        an incident still {@code OPEN} this long after its last alert is dispatched by the sweep
 * @param stuckAfter        a scenario still running this long is taken as lost (the hub stopped mid-run) and its
 *                          incident escalates; never re-run, since a remediation may have happened
 * @param concurrency       scenarios running at once on this instance
 */
@ConfigurationProperties("alerthub.scenarios")
public record ScenarioProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("false") boolean dryRun,
        @DefaultValue("3") int remediationLimit,
        @DefaultValue("1h") Duration remediationWindow,
        @DefaultValue("15s") Duration sweepAfter,
        @DefaultValue("15m") Duration stuckAfter,
        @DefaultValue("16") int concurrency) {

    public ScenarioProperties {
        if (remediationLimit < 0) {
            throw new IllegalArgumentException("alerthub.scenarios.remediation-limit: invalid value " + remediationLimit
                    + " (valid: 0 or more)");
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("alerthub.scenarios.concurrency: invalid value " + concurrency
                    + " (valid: 1 or more)");
        }
    }
}
