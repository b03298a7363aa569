package io.alerthub.scenario.library;

import io.alerthub.scenario.ScenarioRun;
import io.alerthub.scenario.Scenarios;
import io.alerthub.scenario.ssh.CommandTemplate;
import io.alerthub.scenario.ssh.ParamType;
import io.alerthub.scenario.ssh.SshResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.springframework.stereotype.Component;

/**
 * The steps of the {@code disk_usage} template: usage of the mount point, the biggest directories and the size of
 * each allow-listed path; cleaning (or compressing) old files only under allow-listed paths; usage again; resolved
 * only when usage is below the threshold afterwards. For an inode alert the same steps count inodes instead
 * ({@code df -i}, {@code du --inodes}): only deleting frees inodes, so compressing is not tried there.
 */
@Component("diskUsageScenario")
public class DiskUsageScenario {
    static final CommandTemplate USAGE = CommandTemplate.builder("disk_usage.usage", "df -P {{path}}")
            .param("path", ParamType.PATH).build();
    static final CommandTemplate BIGGEST = CommandTemplate.builder("disk_usage.biggest_dirs",
            "timeout 20 du -x -k -d 1 {{path}}").param("path", ParamType.PATH).build();
    static final CommandTemplate DIR_SIZE = CommandTemplate.builder("disk_usage.dir_size", "du -x -k -s {{dir}}")
            .param("dir", ParamType.PATH).build();
    static final CommandTemplate INODE_USAGE = CommandTemplate.builder("disk_usage.inode_usage", "df -P -i {{path}}")
            .param("path", ParamType.PATH).build();
    static final CommandTemplate MOST_INODES = CommandTemplate.builder("disk_usage.most_inodes",
            "timeout 20 du -x --inodes -d 1 {{path}}").param("path", ParamType.PATH).build();
    static final CommandTemplate DIR_INODES = CommandTemplate.builder("disk_usage.dir_inodes",
            "du -x --inodes -s {{dir}}").param("dir", ParamType.PATH).build();
    static final CommandTemplate CLEAN = CommandTemplate.builder("disk_usage.clean",
            "find {{dir}} -xdev -type f -mtime +{{days}} -print -delete")
            .param("dir", ParamType.PATH).param("days", ParamType.INT).build();
    static final CommandTemplate COMPRESS = CommandTemplate.builder("disk_usage.compress",
            "find {{dir}} -xdev -type f -mtime +{{days}} ! -name '*.gz' -print -exec gzip -f {} +")
            .param("dir", ParamType.PATH).param("days", ParamType.INT).build();

    private final Scenarios scenarios;

    public DiskUsageScenario(Scenarios scenarios) {
        this.scenarios = scenarios;
    }

    public void check(ScenarioRun run) {
        run.params(v -> DiskUsageParams.read(v, run)).ifPresent(p -> {
            OptionalInt usage = usage(run, "check", p);
            if (usage.isEmpty()) {
                return;
            }
            run.fact("usageBefore", usage.getAsInt());
            run.found(p.path() + " is " + usage.getAsInt() + " % " + full(run, p) + " (threshold " + p.threshold()
                    + " %)");
            if (usage.getAsInt() < p.threshold()) {
                run.handOver(p.path() + " is below the threshold now (" + usage.getAsInt() + " %" + inodeNote(run, p)
                        + "): nothing changed");
            }
        });
    }

    public void gather(ScenarioRun run) {
        run.params(v -> DiskUsageParams.read(v, run)).ifPresent(p -> {
            boolean inodes = p.inodes(run);
            SshResult biggest = scenarios.ssh(run, "gather", inodes ? MOST_INODES : BIGGEST, Map.of("path", p.path()));
            if (biggest == null) {
                return;
            }
            run.checked((inodes ? "the directories with the most inodes under " : "the biggest directories under ")
                    + p.path());
            List<DirSize> dirs = sizes(biggest.stdout()).stream().filter(d -> !d.dir().equals(p.path()))
                    .sorted(Comparator.comparingLong(DirSize::kbytes).reversed()).limit(p.topDirs()).toList();
            if (!dirs.isEmpty()) {
                run.found((inodes ? "most inodes under " : "biggest under ") + p.path() + ": " + String.join(", ",
                        dirs.stream().map(d -> inodes ? d.dir() + " " + d.kbytes() + " inodes" : d.toString()).toList()));
            }
            for (String dir : p.cleanPaths()) {
                SshResult size = scenarios.ssh(run, "gather", inodes ? DIR_INODES : DIR_SIZE, Map.of("dir", dir));
                if (size == null) {
                    return;
                }
                sizes(size.stdout()).stream().findFirst().ifPresent(d -> run.found(dir + " holds "
                        + (inodes ? d.kbytes() + " inodes" : human(d.kbytes()))));
            }
            if (p.cleanPaths().isEmpty()) {
                run.leftForYou("free " + (inodes ? "inodes" : "space") + " on " + p.path() + ": no directory is "
                        + "allow-listed for cleaning (parameter cleanPaths)");
                run.handOver("no allow-listed path to clean on " + p.path());
            } else if (inodes && p.cleanAction().equals("compress")) {
                run.leftForYou("free inodes on " + p.path() + ": compressing keeps one file per file, so the "
                        + "binding's cleanAction compress frees none; delete small old files");
                run.handOver("inodes are short on " + p.path() + " and the binding only compresses");
            } else {
                run.wantRemediation();
            }
        });
    }

    public void remediate(ScenarioRun run) {
        run.params(v -> DiskUsageParams.read(v, run)).ifPresent(p -> {
            CommandTemplate command = p.cleanAction().equals("compress") ? COMPRESS : CLEAN;
            for (String dir : p.cleanPaths()) {
                SshResult result = scenarios.remediate(run, command, Map.of("dir", dir,
                        "days", Integer.toString(p.olderThanDays())), p.cleanAction() + " files older than "
                        + p.olderThanDays() + " days in " + dir);
                if (result == null) {
                    return;
                }
                long files = result.stdout().lines().filter(l -> !l.isBlank()).count();
                run.found((p.cleanAction().equals("compress") ? "compressed " : "deleted ") + files + " files in "
                        + dir + (result.succeeded() ? "" : " (exit " + result.exitCode() + ": "
                        + result.stderr().strip() + ")"));
            }
        });
    }

    public void verify(ScenarioRun run) {
        run.params(v -> DiskUsageParams.read(v, run)).ifPresent(p -> {
            if (!run.remediated()) {
                return;
            }
            OptionalInt after = usage(run, "verify", p);
            if (after.isEmpty()) {
                return;
            }
            Integer before = run.fact("usageBefore");
            if (after.getAsInt() < p.threshold()) {
                run.resolve("cleaned " + String.join(", ", p.cleanPaths()) + ": " + p.path() + " went from " + before
                        + " % to " + after.getAsInt() + " %" + inodeNote(run, p) + " (threshold " + p.threshold()
                        + " %)");
            } else {
                run.leftForYou("free more " + (p.inodes(run) ? "inodes" : "space") + " on " + p.path() + ": still "
                        + after.getAsInt() + " % after cleaning");
                run.handOver("cleaning was not enough: " + p.path() + " is " + after.getAsInt() + " % (threshold "
                        + p.threshold() + " %)");
            }
        });
    }

    private OptionalInt usage(ScenarioRun run, String phase, DiskUsageParams p) {
        boolean inodes = p.inodes(run);
        SshResult df = scenarios.ssh(run, phase, inodes ? INODE_USAGE : USAGE, Map.of("path", p.path()));
        if (df == null) {
            return OptionalInt.empty();
        }
        run.checked((inodes ? "inode usage of " : "disk usage of ") + p.path());
        OptionalInt usage = capacity(df.stdout());
        if (!df.succeeded() || usage.isEmpty()) {
            run.escalate("could not read the usage of " + p.path() + " (df exit " + df.exitCode() + ": "
                    + df.stderr().strip() + ")");
            return OptionalInt.empty();
        }
        return usage;
    }

    private static String full(ScenarioRun run, DiskUsageParams p) {
        return p.inodes(run) ? "of its inodes used" : "full";
    }

    private static String inodeNote(ScenarioRun run, DiskUsageParams p) {
        return p.inodes(run) ? " of inodes" : "";
    }

    /** The Capacity (or IUse%) column of POSIX {@code df -P [-i]} output (the line after the header). */
    static OptionalInt capacity(String dfOutput) {
        List<String> lines = dfOutput.lines().filter(l -> !l.isBlank()).toList();
        if (lines.size() < 2) {
            return OptionalInt.empty();
        }
        for (String field : lines.get(1).trim().split("\\s+")) {
            if (field.matches("\\d{1,3}%")) {
                return OptionalInt.of(Integer.parseInt(field.substring(0, field.length() - 1)));
            }
        }
        return OptionalInt.empty();
    }

    /** {@code du -k} lines: kbytes, whitespace, directory. */
    static List<DirSize> sizes(String duOutput) {
        List<DirSize> sizes = new ArrayList<>();
        for (String line : duOutput.lines().toList()) {
            String[] parts = line.trim().split("\\s+", 2);
            if (parts.length == 2 && parts[0].matches("\\d{1,18}")) {
                sizes.add(new DirSize(parts[1], Long.parseLong(parts[0])));
            }
        }
        return sizes;
    }

    record DirSize(String dir, long kbytes) {
        @Override
        public String toString() {
            return dir + " " + human(kbytes);
        }
    }

    static String human(long kbytes) {
        if (kbytes >= 1024L * 1024) {
            return String.format(java.util.Locale.ROOT, "%.1f GB", kbytes / (1024.0 * 1024));
        }
        if (kbytes >= 1024) {
            return String.format(java.util.Locale.ROOT, "%.1f MB", kbytes / 1024.0);
        }
        return kbytes + " KB";
    }
}
