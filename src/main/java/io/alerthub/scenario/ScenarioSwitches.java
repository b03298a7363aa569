package io.alerthub.scenario;

import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.stereotype.Component;

/**
 * The hub-wide automation switches as they stand now: start from {@code alerthub.scenarios.enabled/dry-run} and
 * can be flipped at runtime by an operator (the kill switch must not need a restart).
 */
@Component
public class ScenarioSwitches {
    private final AtomicBoolean enabled;
    private final AtomicBoolean dryRun;

    public ScenarioSwitches(ScenarioProperties properties) {
        this.enabled = new AtomicBoolean(properties.enabled());
        this.dryRun = new AtomicBoolean(properties.dryRun());
    }

    /** False: no scenario starts; new incidents escalate at once. */
    public boolean enabled() {
        return enabled.get();
    }

    /** True: remediations are recorded as "would run", never run. */
    public boolean dryRun() {
        return dryRun.get();
    }

    public void set(boolean enabled, boolean dryRun) {
        this.enabled.set(enabled);
        this.dryRun.set(dryRun);
    }
}
