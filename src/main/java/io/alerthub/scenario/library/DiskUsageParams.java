package io.alerthub.scenario.library;

import io.alerthub.normalize.AlertClassifier;
import io.alerthub.scenario.ParamValues;
import io.alerthub.scenario.ScenarioRun;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The typed parameters of the {@code disk_usage} template (routes/scenario/templates/disk_usage.camel.yaml); the contract
 * test keeps the two in step.
 *
 * @param path          the mount point to check: the binding's value, else the alert's {@code mountpoint} or
 *                      {@code path} label or the one a Zabbix {@code FS [/var]:} trigger names, else {@code /}
 * @param threshold     usage in percent that counts as healthy once below it
 * @param cleanPaths    directories the hub may clean; nothing else is ever touched
 * @param cleanAction   {@code clean} deletes old files, {@code compress} gzips them
 * @param olderThanDays only files last modified more than this many days ago are touched
 * @param topDirs       how many of the biggest directories the hand-over lists
 * @param measure       {@code auto} (inodes when the alert speaks of inodes or files, else space), {@code space} or
 *                      {@code inodes}
 */
public record DiskUsageParams(String path, int threshold, List<String> cleanPaths, String cleanAction,
                              int olderThanDays, int topDirs, String measure) {
    /** How an inode alert reads: "out of inodes", "free inodes", "AlmostOutOfFiles", "FilesFillingUp". */
    private static final Pattern ABOUT_INODES = Pattern.compile("inode|\\bfiles\\b", Pattern.CASE_INSENSITIVE);

    static DiskUsageParams read(ParamValues values, ScenarioRun run) {
        String path = Diagnostics.pathParameter(values, run);
        return new DiskUsageParams(path, values.integer("threshold", 1, 100, 90),
                values.changeablePaths("cleanPaths"), values.oneOf("cleanAction", "clean", "clean", "compress"),
                values.integer("olderThanDays", 0, 3650, 7), values.integer("topDirs", 1, 50, 10),
                values.oneOf("measure", "auto", "auto", "space", "inodes"));
    }

    /** Whether the run measures inodes ({@code df -i}) rather than space: so bound, or an inode alert on auto. */
    boolean inodes(ScenarioRun run) {
        return measure.equals("inodes") || (measure.equals("auto") && run.alert().map(a -> ABOUT_INODES.matcher(
                AlertClassifier.words(a.alert().name()) + "\n" + a.alert().summary()).find()).orElse(false));
    }
}
