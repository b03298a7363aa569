package io.alerthub.scenario;

import java.security.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The hub-wide automation switches at runtime ({@code /api/v1/scenarios/switches}): read them, or flip the kill
 * switch and dry-run without a restart (admin role). They reset to {@code alerthub.scenarios.*} at the next start.
 */
@RestController
@RequestMapping("/api/v1/scenarios/switches")
public class ScenarioSwitchApi {
    private static final Logger LOG = LoggerFactory.getLogger(ScenarioSwitchApi.class);
    private final ScenarioSwitches switches;

    public ScenarioSwitchApi(ScenarioSwitches switches) {
        this.switches = switches;
    }

    /** Whether scenarios run at all, and whether remediations only say what they would do. */
    public record Switches(boolean enabled, boolean dryRun) {
    }

    @GetMapping
    public Switches get() {
        return new Switches(switches.enabled(), switches.dryRun());
    }

    @PutMapping
    public Switches set(@RequestBody Switches wanted, Principal principal) {
        Switches before = get();
        switches.set(wanted.enabled(), wanted.dryRun());
        // the kill switch stops every customer's automation: who flipped it must be on record
        LOG.warn("{} set the automation switches from {} to {}", principal.getName(), before, get());
        return get();
    }
}
