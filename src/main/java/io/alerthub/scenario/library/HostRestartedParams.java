package io.alerthub.scenario.library;

import io.alerthub.scenario.ParamValues;

/**
 * The typed parameters of the {@code host_restarted} template (routes/scenario/templates/host_restarted.camel.yaml).
 *
 * @param journalLines how many lines of the end of the previous boot's journal the hand-over carries
 */
public record HostRestartedParams(int journalLines) {

    static HostRestartedParams read(ParamValues values) {
        return new HostRestartedParams(values.integer("journalLines", 1, 500, 30));
    }
}
