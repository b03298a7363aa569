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
            run.found(run.text("disk.found.usage", "path", p.path(), "usage", usage.getAsInt(), "full", full(run, p),
                    "threshold", p.threshold()));
            if (usage.getAsInt() < p.threshold()) {
                run.handOver(run.text("disk.below", "path", p.path(), "usage", usage.getAsInt(),
                        "note", inodeNote(run, p)));
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
            run.checked(run.text(inodes ? "disk.checked.biggest.inodes" : "disk.checked.biggest", "path", p.path()));
            List<DirSize> dirs = sizes(biggest.stdout()).stream().filter(d -> !d.dir().equals(p.path()))
                    .sorted(Comparator.comparingLong(DirSize::kbytes).reversed()).limit(p.topDirs()).toList();
            if (!dirs.isEmpty()) {
                run.found(run.text(inodes ? "disk.found.biggest.inodes" : "disk.found.biggest", "path", p.path(),
                        "dirs", String.join(", ", dirs.stream().map(d -> inodes ? run.text("disk.inodes-count",
                        "dir", d.dir(), "count", d.kbytes()) : d.toString()).toList())));
            }
            for (String dir : p.cleanPaths()) {
                SshResult size = scenarios.ssh(run, "gather", inodes ? DIR_INODES : DIR_SIZE, Map.of("dir", dir));
                if (size == null) {
                    return;
                }
                sizes(size.stdout()).stream().findFirst().ifPresent(d -> run.found(run.text("disk.found.holds",
                        "dir", dir, "size", inodes ? d.kbytes() + " inodes" : human(d.kbytes()))));
            }
            if (p.cleanPaths().isEmpty()) {
                run.leftForYou(run.text("disk.left.no-paths", "what", run.text(inodes ? "disk.inodes" : "disk.space"),
                        "path", p.path()));
                run.handOver(run.text("disk.no-paths", "path", p.path()));
            } else if (inodes && p.cleanAction().equals("compress")) {
                run.leftForYou(run.text("disk.left.compress-inodes", "path", p.path()));
                run.handOver(run.text("disk.compress-inodes", "path", p.path()));
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
                        "days", Integer.toString(p.olderThanDays())), run.text(p.cleanAction().equals("compress")
                        ? "disk.action.compress" : "disk.action.clean", "days", p.olderThanDays(), "dir", dir));
                if (result == null) {
                    return;
                }
                long files = result.stdout().lines().filter(l -> !l.isBlank()).count();
                run.found(run.text(p.cleanAction().equals("compress") ? "disk.found.compressed" : "disk.found.cleaned",
                        "files", files, "dir", dir, "error", result.succeeded() ? "" : run.text("disk.exit",
                        "exitCode", result.exitCode(), "stderr", result.stderr().strip())));
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
                run.resolve(run.text("disk.resolved", "paths", String.join(", ", p.cleanPaths()), "path", p.path(),
                        "before", before, "after", after.getAsInt(), "note", inodeNote(run, p),
                        "threshold", p.threshold()));
            } else {
                run.leftForYou(run.text("disk.left.more", "what", run.text(p.inodes(run) ? "disk.inodes"
                        : "disk.space"), "path", p.path(), "after", after.getAsInt()));
                run.handOver(run.text("disk.not-enough", "path", p.path(), "after", after.getAsInt(),
                        "threshold", p.threshold()));
            }
        });
    }

    private OptionalInt usage(ScenarioRun run, String phase, DiskUsageParams p) {
        boolean inodes = p.inodes(run);
        SshResult df = scenarios.ssh(run, phase, inodes ? INODE_USAGE : USAGE, Map.of("path", p.path()));
        if (df == null) {
            return OptionalInt.empty();
        }
        run.checked(run.text(inodes ? "disk.checked.usage.inodes" : "disk.checked.usage", "path", p.path()));
        OptionalInt usage = capacity(df.stdout());
        if (!df.succeeded() || usage.isEmpty()) {
            run.escalate(run.text("disk.unreadable", "path", p.path(), "exitCode", df.exitCode(),
                    "stderr", df.stderr().strip()));
            return OptionalInt.empty();
        }
        return usage;
    }

    private static String full(ScenarioRun run, DiskUsageParams p) {
        return run.text(p.inodes(run) ? "disk.full.inodes" : "disk.full");
    }

    private static String inodeNote(ScenarioRun run, DiskUsageParams p) {
        return p.inodes(run) ? run.text("disk.note.inodes") : "";
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
