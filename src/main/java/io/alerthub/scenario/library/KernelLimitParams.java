package io.alerthub.scenario.library;

import io.alerthub.scenario.ParamValues;

/**
 * The typed parameters of the {@code kernel_limit} template (routes/scenario/templates/kernel_limit.camel.yaml).
 *
 * @param topLines how many of the processes with the most threads the hand-over lists
 */
public record KernelLimitParams(int topLines) {

    static KernelLimitParams read(ParamValues values) {
        return new KernelLimitParams(values.integer("topLines", 1, 100, 10));
    }
}
