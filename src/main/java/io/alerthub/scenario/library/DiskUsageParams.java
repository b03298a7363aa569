package io.alerthub.scenario.library;

import io.alerthub.scenario.ParamValues;
import io.alerthub.scenario.ScenarioRun;
import java.util.List;

/**
 * The typed parameters of the {@code disk_usage} template (routes/scenario/templates/disk_usage.camel.yaml); the contract
 * test keeps the two in step.
 *
 * @param path          the mount point to check: the binding's value, else the alert's {@code mountpoint} or
 *                      {@code path} label, else {@code /}
 * @param threshold     usage in percent that counts as healthy once below it
 * @param cleanPaths    directories the hub may clean; nothing else is ever touched
 * @param cleanAction   {@code clean} deletes old files, {@code compress} gzips them
 * @param olderThanDays only files last modified more than this many days ago are touched
 * @param topDirs       how many of the biggest directories the hand-over lists
 */
public record DiskUsageParams(String path, int threshold, List<String> cleanPaths, String cleanAction,
                              int olderThanDays, int topDirs) {

    static DiskUsageParams read(ParamValues values, ScenarioRun run) {
        String path = values.text("path");
        if (path == null) {
            path = run.label("mountpoint").or(() -> run.label("path")).orElse("/");
        } else {
            values.path("path", path);
        }
        return new DiskUsageParams(path, values.integer("threshold", 1, 100, 90),
                values.changeablePaths("cleanPaths"), values.oneOf("cleanAction", "clean", "clean", "compress"),
                values.integer("olderThanDays", 0, 3650, 7), values.integer("topDirs", 1, 50, 10));
    }
}
