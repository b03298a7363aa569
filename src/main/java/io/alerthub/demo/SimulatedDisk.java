package io.alerthub.demo;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The root filesystem of a simulated host: sizes of directories, plus the application's log files one by one (the
 * only files a scenario may clean), answering {@code df}, {@code du} and {@code find} the way GNU coreutils and
 * findutils print them. Not thread-safe: {@link HostState} serialises access.
 */
final class SimulatedDisk {
    /** 1 KiB blocks of the simulated {@code /dev/vda1} (a 40 GiB cloud disk minus its partition table). */
    static final long TOTAL_KB = 41_152_736L;
    /** What {@code /} holds in the broken demo state: 93 % of {@link #TOTAL_KB}. */
    static final long FULL_USED_KB = 38_272_044L;
    static final String LOG_DIR = "/var/log/app";
    /** Log files older than this many days are the clean-up's target in the demo story (debug logging left on). */
    static final int RECENT_DAYS = 7;
    private static final String DEVICE = "/dev/vda1";
    private static final DateTimeFormatter LOG_DATE = DateTimeFormatter.ofPattern("yyyyMMdd", Locale.ROOT);
    private static final Pattern MTIME = Pattern.compile("[+-]?[0-9]{1,6}");

    /**
     * One modelled file: size in KiB, age in whole days (what {@code find -mtime} compares) and the inodes it stands
     * for (1 for a real file; a day's worth of small session files is modelled as one entry).
     */
    record FileEntry(long kb, int ageDays, long inodes) {
        FileEntry(long kb, int ageDays) {
            this(kb, ageDays, 1);
        }
    }

    /** Inodes of the simulated {@code /dev/vda1}. */
    static final long TOTAL_INODES = 2_621_440L;
    /** Directories whose files are not modelled one by one hold one inode per this many KiB. */
    private static final long KB_PER_INODE = 64;
    /** Where the inode story's session files pile up (an allow-listed clean path of the demo binding). */
    static final String SESSION_DIR = "/var/spool/app/sessions";

    /** Own size (KiB) of each directory whose files are not modelled one by one. */
    private final TreeMap<String, Long> directories = new TreeMap<>();
    private final Map<String, FileEntry> files = new LinkedHashMap<>();

    private SimulatedDisk() {
    }

    /**
     * The demo-web-1 story: 45 days of application logs in {@link #LOG_DIR}, written at debug level until a week ago,
     * fill {@code /} to 93 %; deleting what is older than {@link #RECENT_DAYS} days brings it to 41 %.
     */
    static SimulatedDisk fullOfOldLogs(LocalDate today) {
        SimulatedDisk disk = withSystemDirectories();
        disk.addLogs(today, 45, 540_000, 60_000);
        // /var/lib (container images) takes up the difference, so df shows exactly the story's 93 %
        disk.directories.put("/var/lib", FULL_USED_KB - disk.usedKb());
        return disk;
    }

    /**
     * A host whose {@code /} has space left but 92 % of its inodes used: three weeks of small session files in
     * {@link #SESSION_DIR} (one entry per day standing for 105,000 files); deleting what is older than
     * {@link #RECENT_DAYS} days brings inode use to 36 %.
     */
    static SimulatedDisk fullOfSmallFiles(LocalDate today) {
        SimulatedDisk disk = healthy(today);
        disk.directories.put(SESSION_DIR, 4L);
        for (int age = 21; age >= 1; age--) {
            disk.files.put(SESSION_DIR + "/sess-" + today.minusDays(age).format(LOG_DATE), new FileEntry(105_000 * 4,
                    age, 105_000));
        }
        return disk;
    }

    /** A host whose disk needs nothing: a week of small logs, {@code /} about a third full. */
    static SimulatedDisk healthy(LocalDate today) {
        SimulatedDisk disk = withSystemDirectories();
        disk.addLogs(today, RECENT_DAYS, 0, 0);
        disk.directories.put("/var/lib", 2_359_296L);
        return disk;
    }

    private static SimulatedDisk withSystemDirectories() {
        SimulatedDisk disk = new SimulatedDisk();
        disk.directories.put("/boot", 262_144L);
        disk.directories.put("/etc", 12_288L);
        disk.directories.put("/home/hub", 1_572_864L);
        disk.directories.put("/opt/app", 1_048_576L);
        disk.directories.put("/root", 65_536L);
        disk.directories.put("/srv", 262_144L);
        disk.directories.put("/tmp", 131_072L);
        disk.directories.put("/usr", 4_718_592L);
        disk.directories.put("/var/cache", 786_432L);
        disk.directories.put("/var/lib", 0L);
        disk.directories.put("/var/log/journal", 1_048_576L);
        disk.directories.put("/var/log/nginx", 524_288L);
        disk.directories.put(LOG_DIR, 4L);
        return disk;
    }

    /**
     * Daily logs {@code app-YYYYMMDD.log} for {@code days} days before today, plus today's {@code app.log}; files
     * older than {@link #RECENT_DAYS} days are about {@code oldKb} (plus up to {@code oldSpread}) each.
     */
    private void addLogs(LocalDate today, int days, long oldKb, int oldSpread) {
        for (int age = days; age >= 1; age--) {
            long spread = (age * 7919L) % Math.max(1, oldSpread);
            long kb = age > RECENT_DAYS ? oldKb + spread : 60_000 + (age * 7919L) % 5_000;
            files.put(LOG_DIR + "/app-" + today.minusDays(age).format(LOG_DATE) + ".log", new FileEntry(kb, age));
        }
        files.put(LOG_DIR + "/app.log", new FileEntry(40_960, 0));
    }

    long usedKb() {
        return directories.values().stream().mapToLong(Long::longValue).sum()
                + files.values().stream().mapToLong(FileEntry::kb).sum();
    }

    /** Inodes used under {@code path}: one per {@value #KB_PER_INODE} KiB of unmodelled directories, plus files'. */
    long inodesUsed(String path) {
        String prefix = path.equals("/") ? "/" : path + "/";
        long dirs = directories.entrySet().stream()
                .filter(e -> e.getKey().equals(path) || e.getKey().startsWith(prefix))
                .mapToLong(e -> 1 + e.getValue() / KB_PER_INODE).sum();
        return dirs + files.entrySet().stream()
                .filter(e -> e.getKey().equals(path) || e.getKey().startsWith(prefix))
                .mapToLong(e -> e.getValue().inodes()).sum();
    }

    /** The IUse% column of {@code df -i}, rounded up as df does. */
    int inodePercent() {
        return (int) ((inodesUsed("/") * 100 + TOTAL_INODES - 1) / TOTAL_INODES);
    }

    /** The Capacity column of {@code df}: used blocks in percent of used plus available, rounded up as df does. */
    int capacityPercent() {
        long used = usedKb();
        return (int) ((used * 100 + TOTAL_KB - 1) / TOTAL_KB);
    }

    /** {@code df [-P] [-k] [path…]}: the filesystem holding each path (here always {@code /}). */
    CommandReply df(List<String> args) {
        List<String> paths = new ArrayList<>();
        boolean inodes = false;
        for (String arg : args) {
            if (arg.startsWith("-") && arg.length() > 1) {
                String flags = arg.substring(1);
                for (char flag : flags.toCharArray()) {
                    if (flag == 'i') {
                        inodes = true;
                    } else if (flag != 'P' && flag != 'k') {
                        return CommandReply.fail(1, "df: invalid option -- '" + flag + "'\n"
                                + "Try 'df --help' for more information.\n");
                    }
                }
            } else {
                paths.add(arg);
            }
        }
        StringBuilder out = new StringBuilder(inodes ? "Filesystem      Inodes   IUsed   IFree IUse% Mounted on\n"
                : "Filesystem     1024-blocks     Used Available Capacity Mounted on\n");
        StringBuilder err = new StringBuilder();
        String line = inodes ? String.format(Locale.ROOT, "%-14s %7d %7d %7d %4d%% /%n", DEVICE, TOTAL_INODES,
                inodesUsed("/"), TOTAL_INODES - inodesUsed("/"), inodePercent())
                : String.format(Locale.ROOT, "%-14s %11d %8d %9d %7d%% /%n", DEVICE, TOTAL_KB, usedKb(),
                TOTAL_KB - usedKb(), capacityPercent());
        int shown = 0;
        for (String path : paths.isEmpty() ? List.of("/") : paths) {
            if (exists(path)) {
                out.append(line);
                shown++;
            } else {
                err.append("df: ").append(path).append(": No such file or directory\n");
            }
        }
        return new CommandReply(err.isEmpty() ? 0 : 1, shown > 0 ? out.toString() : "", err.toString());
    }

    /** {@code du [-x] [-k] [-s | -d N] path…}: KiB per directory, deepest first, each argument last. */
    CommandReply du(List<String> args) {
        int depth = Integer.MAX_VALUE;
        boolean inodes = false;
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--inodes")) {
                inodes = true;
            } else if (arg.equals("-d") || arg.startsWith("--max-depth=")) {
                String value = arg.equals("-d") ? (i + 1 < args.size() ? args.get(++i) : null)
                        : arg.substring("--max-depth=".length());
                if (value == null || !value.matches("[0-9]{1,4}")) {
                    return CommandReply.fail(1, "du: invalid maximum depth '" + value + "'\n");
                }
                depth = Integer.parseInt(value);
            } else if (arg.startsWith("-") && arg.length() > 1) {
                for (char flag : arg.substring(1).toCharArray()) {
                    if (flag == 's') {
                        depth = 0;
                    } else if (flag != 'x' && flag != 'k') {
                        return CommandReply.fail(1, "du: invalid option -- '" + flag + "'\n"
                                + "Try 'du --help' for more information.\n");
                    }
                }
            } else {
                paths.add(arg);
            }
        }
        if (paths.isEmpty()) {
            paths.add(".");
        }
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        for (String path : paths) {
            if (!exists(path)) {
                err.append("du: cannot access '").append(path).append("': No such file or directory\n");
                continue;
            }
            String dir = normalise(path);
            appendDu(out, dir, depth, inodes);
        }
        return new CommandReply(err.isEmpty() ? 0 : 1, out.toString(), err.toString());
    }

    private void appendDu(StringBuilder out, String dir, int depth, boolean inodes) {
        if (depth > 0) {
            for (String child : childDirectories(dir)) {
                appendDu(out, child, depth - 1, inodes);
            }
        }
        out.append(inodes ? inodesUsed(dir) : sizeKb(dir)).append('\t').append(dir).append('\n');
    }

    /**
     * {@code find path [-xdev] [-type f] [[!] -mtime ±N] [[!] -name GLOB] [-print] [-delete | -exec gzip -f {} +]}:
     * the modelled files under {@code path}, tests and actions applied left to right as findutils does.
     */
    CommandReply find(List<String> args) {
        if (args.isEmpty() || args.get(0).startsWith("-") || args.get(0).equals("!")) {
            return CommandReply.fail(1, "find: the demo fleet needs a starting path first\n");
        }
        String start = args.get(0);
        List<FindStep> steps = new ArrayList<>();
        boolean negate = false;
        for (int i = 1; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "!", "-not" -> negate = !negate;
                case "-xdev", "-mount" -> { } // one filesystem only, which is all there is
                case "-type" -> {
                    String type = i + 1 < args.size() ? args.get(++i) : null;
                    if (!"f".equals(type)) {
                        return CommandReply.fail(1, type == null ? "find: missing argument to `-type'\n"
                                : "find: the demo fleet simulates only -type f, not `" + type + "'\n");
                    }
                    steps.add(new FindStep.Test(path -> true, negate));
                    negate = false;
                }
                case "-mtime" -> {
                    String value = i + 1 < args.size() ? args.get(++i) : null;
                    if (value == null) {
                        return CommandReply.fail(1, "find: missing argument to `-mtime'\n");
                    }
                    if (!MTIME.matcher(value).matches()) {
                        return CommandReply.fail(1, "find: invalid argument `" + value + "' to `-mtime'\n");
                    }
                    int days = Integer.parseInt(value.replace("+", "").replace("-", ""));
                    char sign = value.charAt(0);
                    steps.add(new FindStep.Test(path -> {
                        int age = files.get(path).ageDays();
                        return sign == '+' ? age > days : sign == '-' ? age < days : age == days;
                    }, negate));
                    negate = false;
                }
                case "-name" -> {
                    String glob = i + 1 < args.size() ? args.get(++i) : null;
                    if (glob == null) {
                        return CommandReply.fail(1, "find: missing argument to `-name'\n");
                    }
                    Pattern name = globToRegex(glob);
                    steps.add(new FindStep.Test(path -> name.matcher(path.substring(path.lastIndexOf('/') + 1))
                            .matches(), negate));
                    negate = false;
                }
                case "-print" -> steps.add(FindStep.Action.PRINT);
                case "-delete" -> steps.add(FindStep.Action.DELETE);
                case "-exec" -> {
                    List<String> exec = new ArrayList<>();
                    while (i + 1 < args.size() && !args.get(i + 1).equals("+") && !args.get(i + 1).equals(";")) {
                        exec.add(args.get(++i));
                    }
                    if (i + 1 >= args.size()) {
                        return CommandReply.fail(1, "find: missing argument to `-exec'\n");
                    }
                    i++;
                    if (!exec.equals(List.of("gzip", "-f", "{}"))) {
                        return CommandReply.fail(1, "find: the demo fleet simulates only -exec gzip -f {} +, not "
                                + String.join(" ", exec) + "\n");
                    }
                    steps.add(FindStep.Action.GZIP);
                }
                default -> {
                    return CommandReply.fail(1, arg.startsWith("-") ? "find: unknown predicate `" + arg + "'\n"
                            : "find: paths must precede expression: `" + arg + "'\n");
                }
            }
        }
        if (!exists(start)) {
            return CommandReply.fail(1, "find: '" + start + "': No such file or directory\n");
        }
        String root = normalise(start);
        boolean acts = steps.stream().anyMatch(step -> step instanceof FindStep.Action);
        StringBuilder out = new StringBuilder();
        for (String path : List.copyOf(files.keySet())) {
            if (!path.equals(root) && !path.startsWith(root.equals("/") ? "/" : root + "/")) {
                continue;
            }
            run(steps, acts, path, out);
        }
        return CommandReply.ok(out.toString());
    }

    private void run(List<FindStep> steps, boolean acts, String path, StringBuilder out) {
        for (FindStep step : steps) {
            if (step instanceof FindStep.Test test) {
                if (test.matches().test(path) == test.negated()) {
                    return;
                }
            } else {
                switch ((FindStep.Action) step) {
                    case PRINT -> out.append(path).append('\n');
                    case DELETE -> files.remove(path);
                    case GZIP -> {
                        FileEntry file = files.remove(path);
                        // the same mtime, about a tenth of the size: plain-text logs compress well
                        files.put(path + ".gz", new FileEntry(Math.max(1, file.kb() / 10), file.ageDays(),
                                file.inodes()));
                    }
                }
            }
        }
        if (!acts) {
            out.append(path).append('\n'); // find's implicit -print
        }
    }

    /** A test or an action of a {@code find} expression. */
    private sealed interface FindStep {
        record Test(java.util.function.Predicate<String> matches, boolean negated) implements FindStep {
        }

        enum Action implements FindStep { PRINT, DELETE, GZIP }
    }

    private static Pattern globToRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString());
    }

    boolean exists(String path) {
        if (path == null || !path.startsWith("/")) {
            return false; // the simulated session has no working directory to resolve a relative path against
        }
        String p = normalise(path);
        return p.equals("/") || files.containsKey(p) || directories.containsKey(p)
                || directories.keySet().stream().anyMatch(dir -> dir.startsWith(p + "/"))
                || files.keySet().stream().anyMatch(file -> file.startsWith(p + "/"));
    }

    /** KiB under {@code path}: its own size, its subdirectories' and its files'. */
    long sizeKb(String path) {
        String prefix = path.equals("/") ? "/" : path + "/";
        long dirs = directories.entrySet().stream()
                .filter(e -> e.getKey().equals(path) || e.getKey().startsWith(prefix))
                .mapToLong(Map.Entry::getValue).sum();
        return dirs + files.entrySet().stream()
                .filter(e -> e.getKey().equals(path) || e.getKey().startsWith(prefix))
                .mapToLong(e -> e.getValue().kb()).sum();
    }

    /** The immediate subdirectories of {@code dir}, in name order. */
    private List<String> childDirectories(String dir) {
        String prefix = dir.equals("/") ? "/" : dir + "/";
        TreeSet<String> children = new TreeSet<>();
        for (String known : directories.keySet()) {
            if (known.startsWith(prefix) && known.length() > prefix.length()) {
                int slash = known.indexOf('/', prefix.length());
                children.add(slash < 0 ? known : known.substring(0, slash));
            }
        }
        return new ArrayList<>(children);
    }

    private static String normalise(String path) {
        String p = path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    /** The modelled files under {@code dir}, for tests and the fleet's log. */
    Map<String, FileEntry> filesUnder(String dir) {
        Map<String, FileEntry> under = new LinkedHashMap<>();
        files.forEach((path, file) -> {
            if (path.startsWith(dir + "/")) {
                under.put(path, file);
            }
        });
        return under;
    }
}
