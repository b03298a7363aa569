package io.alerthub.scenario.library;

import io.alerthub.scenario.ParamValues;

/**
 * The typed parameters of the {@code disk_io} template (routes/scenario/templates/disk_io.camel.yaml).
 *
 * @param topLines how many processes waiting on I/O (state D) and device lines of iostat the hand-over carries
 */
public record DiskIoParams(int topLines) {

    static DiskIoParams read(ParamValues values) {
        return new DiskIoParams(values.integer("topLines", 1, 100, 15));
    }
}
