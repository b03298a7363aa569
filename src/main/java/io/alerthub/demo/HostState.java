package io.alerthub.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The scripted state of one simulated Linux host of the demo fleet, and the commands it understands: it reads a
 * command line as a POSIX shell would split it (never running a shell or anything else), answers the commands the
 * scenario templates send ({@code df}, {@code du}, {@code find}, {@code systemctl}, {@code journalctl}, {@code ss},
 * {@code uptime}, {@code top}, {@code free}, {@code cat} of /proc files, {@code timedatectl}, {@code chronyc},
 * {@code findmnt}, {@code iostat}, {@code ps}, {@code ip}, {@code ethtool}, behind {@code sudo -n} or {@code timeout N}
 * when given) from its state, and 127 "command not found" for anything else. {@link #reset()} restores the scripted
 * problem. Thread-safe.
 */
public final class HostState {
    /** The simulated hosts keep Japan time, like the demo customer. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");
    private static final DateTimeFormatter CLOCK_TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    private static final double MEMORY_TOTAL_MIB = 7951.2;

    private final String hostname;
    private final Clock clock;
    private final Supplier<SimulatedDisk> diskScript;
    private final Supplier<SimulatedServices> servicesScript;
    private final Set<SimulatedSystem.Problem> problems;
    private final long cacheMib;
    private SimulatedDisk disk;
    private SimulatedServices services;
    private SimulatedSystem system;
    /** chrony's pid when the clock story began: a new pid means it was restarted and synchronises again. */
    private Integer chronyPidAtStart;
    private long version;

    private HostState(String hostname, Clock clock, Supplier<SimulatedDisk> diskScript,
                      Supplier<SimulatedServices> servicesScript, long cacheMib) {
        this(hostname, clock, diskScript, servicesScript, cacheMib, Set.of());
    }

    private HostState(String hostname, Clock clock, Supplier<SimulatedDisk> diskScript,
                      Supplier<SimulatedServices> servicesScript, long cacheMib, Set<SimulatedSystem.Problem> problems) {
        this.hostname = hostname;
        this.clock = clock;
        this.diskScript = diskScript;
        this.servicesScript = servicesScript;
        this.problems = problems;
        this.cacheMib = cacheMib;
        script();
    }

    private void script() {
        disk = diskScript.get();
        services = servicesScript.get();
        system = new SimulatedSystem(problems);
        system.kernelLog(services);
        chronyPidAtStart = services.pid("chrony");
    }

    /**
     * A host whose time daemon chrony runs but lost its sources: the clock is 2.3 s fast and not synchronised; a
     * restart of chrony (with or without {@code sudo -n}) makes it synchronise.
     */
    public static HostState clockNotSynchronising(String hostname, Clock clock) {
        return withProblem(hostname, clock, () -> SimulatedServices.base(hostname, clock, ZONE).withTimeDaemon(),
                SimulatedSystem.Problem.CLOCK_NOT_SYNCHRONISED);
    }

    /** A host whose monitoring agent node_exporter crashed and is inactive until restarted. */
    public static HostState agentDown(String hostname, Clock clock) {
        return withProblem(hostname, clock, () -> SimulatedServices.base(hostname, clock, ZONE).withAgentDown(), null);
    }

    /** A host that came back four minutes ago from a kernel panic, every unit running again. */
    public static HostState rebooted(String hostname, Clock clock) {
        return withProblem(hostname, clock, () -> SimulatedServices.rebooted(hostname, clock, ZONE,
                Duration.ofMinutes(4)), null);
    }

    /** A host whose {@code /} was remounted read-only after ext4 errors on its device. */
    public static HostState rootReadOnly(String hostname, Clock clock) {
        return baseWith(hostname, clock, SimulatedSystem.Problem.ROOT_READ_ONLY);
    }

    /** A host whose disk a backup saturates: high I/O pressure, processes waiting on I/O. */
    public static HostState diskSaturated(String hostname, Clock clock) {
        return baseWith(hostname, clock, SimulatedSystem.Problem.DISK_SATURATED);
    }

    /** A host whose eth0 counts receive errors and runs at 100 Mb/s. */
    public static HostState nicErrors(String hostname, Clock clock) {
        return baseWith(hostname, clock, SimulatedSystem.Problem.NIC_ERRORS);
    }

    /** A host whose open file descriptors are at 93 % of fs.file-max. */
    public static HostState fileDescriptorsNearLimit(String hostname, Clock clock) {
        return baseWith(hostname, clock, SimulatedSystem.Problem.FILE_DESCRIPTORS_NEAR_LIMIT);
    }

    /** A host whose software RAID 1 md0 lost a member. */
    public static HostState raidDegraded(String hostname, Clock clock) {
        return baseWith(hostname, clock, SimulatedSystem.Problem.RAID_DEGRADED);
    }

    /**
     * A host whose {@code /} has 92 % of its inodes used by three weeks of small session files in
     * {@code /var/spool/app/sessions}; deleting the ones older than 7 days brings inode use to 36 %.
     */
    public static HostState inodesFull(String hostname, Clock clock) {
        return new HostState(hostname, clock, () -> SimulatedDisk.fullOfSmallFiles(LocalDate.now(clock.withZone(ZONE))),
                () -> SimulatedServices.base(hostname, clock, ZONE), 1210);
    }

    private static HostState baseWith(String hostname, Clock clock, SimulatedSystem.Problem problem) {
        return withProblem(hostname, clock, () -> SimulatedServices.base(hostname, clock, ZONE), problem);
    }

    private static HostState withProblem(String hostname, Clock clock, Supplier<SimulatedServices> services,
                                         SimulatedSystem.Problem problem) {
        return new HostState(hostname, clock, () -> SimulatedDisk.healthy(LocalDate.now(clock.withZone(ZONE))),
                services, 1210, problem == null ? Set.of() : Set.of(problem));
    }

    /**
     * A web server whose {@code /} is 93 % full: about 21 GiB of application logs, most older than a week, in
     * {@code /var/log/app}; deleting files older than 7 days brings it to 41 %, gzipping them to about 46 %.
     */
    public static HostState diskFull(String hostname, Clock clock) {
        return new HostState(hostname, clock, () -> SimulatedDisk.fullOfOldLogs(LocalDate.now(clock.withZone(ZONE))),
                () -> SimulatedServices.webServer(hostname, clock, ZONE), 5328);
    }

    /**
     * An application server whose systemd unit {@code unit} crashed (heap exhausted) and is inactive, so nothing
     * listens on {@code port}; a restart (with or without {@code sudo -n}) makes it active and listening.
     */
    public static HostState unitDown(String hostname, String unit, int port, Clock clock) {
        return new HostState(hostname, clock, () -> SimulatedDisk.healthy(LocalDate.now(clock.withZone(ZONE))),
                () -> SimulatedServices.crashedApp(hostname, clock, ZONE, unit, port), 2140);
    }

    /** A host with nothing wrong: disk about a third full, every unit active. */
    public static HostState healthy(String hostname, Clock clock) {
        return new HostState(hostname, clock, () -> SimulatedDisk.healthy(LocalDate.now(clock.withZone(ZONE))),
                () -> SimulatedServices.base(hostname, clock, ZONE), 1210);
    }

    public String hostname() {
        return hostname;
    }

    /** Answers one command line exactly as received over SSH. */
    public synchronized CommandReply answer(String line) {
        List<String> words = ShellWords.split(line);
        if (words == null) {
            return CommandReply.fail(2, "sh: the demo fleet runs no shell and does not interpret unquoted shell "
                    + "syntax; nothing was run\n");
        }
        long usedBefore = disk.usedKb();
        String unitsBefore = runningUnits();
        CommandReply reply = run(words, false);
        if (usedBefore != disk.usedKb() || !unitsBefore.equals(runningUnits())) {
            version++;
        }
        return reply;
    }

    private CommandReply run(List<String> words, boolean root) {
        if (words.isEmpty()) {
            return CommandReply.ok("");
        }
        String command = words.get(0);
        List<String> args = words.subList(1, words.size());
        return switch (command) {
            case "sudo" -> sudo(args);
            case "timeout" -> timeout(args, root);
            case "df" -> disk.df(args);
            case "du" -> disk.du(args);
            case "find" -> disk.find(args);
            case "systemctl" -> services.systemctl(args, root);
            case "journalctl" -> services.journalctl(args);
            case "ss" -> services.ss(args);
            case "uptime" -> args.isEmpty() ? CommandReply.ok(uptimeLine() + "\n")
                    : CommandReply.fail(1, "uptime: invalid option -- '" + args.get(0) + "'\n");
            case "top" -> top(args);
            case "free" -> free(args);
            case "cat" -> system.cat(args, services);
            case "timedatectl" -> system.timedatectl(args, clockSynchronised());
            case "chronyc" -> system.chronyc(args, services.pid("chrony") != null, clockSynchronised());
            case "findmnt" -> system.findmnt(args);
            case "iostat" -> system.iostat(args);
            case "ps" -> system.ps(args, services);
            case "ip" -> system.ip(args);
            case "ethtool" -> system.ethtool(args);
            default -> CommandReply.fail(127, "bash: " + command + ": command not found\n");
        };
    }

    /** {@code sudo -n command…}: the hub's account may run anything as root without a password, never interactively. */
    private CommandReply sudo(List<String> args) {
        if (args.isEmpty() || !args.get(0).equals("-n")) {
            return CommandReply.fail(1, "sudo: a terminal is required to read the password; either use the -S option "
                    + "to read from standard input or configure an askpass helper\nsudo: a password is required\n");
        }
        if (args.size() == 1) {
            return CommandReply.fail(1, "usage: sudo -n command\n");
        }
        return run(args.subList(1, args.size()), true);
    }

    /** {@code timeout DURATION command…}: every simulated command answers at once, so this only checks the syntax. */
    private CommandReply timeout(List<String> args, boolean root) {
        if (args.size() < 2) {
            return CommandReply.fail(125, "timeout: missing operand\n");
        }
        if (!args.get(0).matches("[0-9]+(\\.[0-9]+)?[smhd]?")) {
            return CommandReply.fail(125, "timeout: invalid time interval '" + args.get(0) + "'\n");
        }
        return run(args.subList(1, args.size()), root);
    }

    private String uptimeLine() {
        Duration up = Duration.between(services.booted(), clock.instant());
        return String.format(Locale.ROOT, " %s up %d days, %2d:%02d,  1 user,  load average: %s",
                CLOCK_TIME.format(clock.instant().atZone(ZONE)), up.toDays(), up.toHoursPart(), up.toMinutesPart(),
                load());
    }

    private String load() {
        return services.running().stream().anyMatch(unit -> unit.cpuPercent > 10) ? "0.92, 0.81, 0.77"
                : "0.08, 0.05, 0.01";
    }

    /** {@code top -b -n 1 [-o %CPU|%MEM] [-w N]}: one batch-mode snapshot. */
    private CommandReply top(List<String> args) {
        boolean batch = false;
        String order = "%CPU";
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "-b" -> batch = true;
                case "-c" -> { }
                case "-n", "-w" -> {
                    if (i + 1 >= args.size() || !args.get(++i).matches("[0-9]{1,4}")) {
                        return CommandReply.fail(1, "top: bad number for " + arg + "\n");
                    }
                }
                case "-o" -> {
                    order = i + 1 < args.size() ? args.get(++i) : "";
                    if (!order.equals("%CPU") && !order.equals("%MEM")) {
                        return CommandReply.fail(1, "top: unrecognized field name '" + order + "'\n");
                    }
                }
                default -> {
                    return CommandReply.fail(1, "top: unknown option '" + arg + "'\n");
                }
            }
        }
        if (!batch) {
            return CommandReply.fail(1, "top: failed tty get\n");
        }
        List<Process> processes = processes();
        Comparator<Process> by = order.equals("%MEM") ? Comparator.comparingLong(Process::residentKb)
                : Comparator.comparingDouble(Process::cpuPercent);
        processes.sort(by.reversed().thenComparingInt(Process::pid));
        double usedMib = usedMib();
        double free = MEMORY_TOTAL_MIB - usedMib - cacheMib;
        double busy = processes.stream().mapToDouble(Process::cpuPercent).sum() / 2; // two cores
        StringBuilder out = new StringBuilder();
        out.append("top -").append(uptimeLine()).append('\n');
        out.append(String.format(Locale.ROOT, "Tasks: %3d total,   1 running, %3d sleeping,   0 stopped,   0 zombie%n",
                96 + processes.size(), 95 + processes.size()));
        out.append(String.format(Locale.ROOT, "%%Cpu(s): %4.1f us,  1.0 sy,  0.0 ni, %4.1f id,  0.2 wa,  0.0 hi,  "
                + "0.1 si,  0.0 st%n", busy, 100 - busy - 1.3));
        out.append(String.format(Locale.ROOT, "MiB Mem : %8.1f total, %8.1f free, %8.1f used, %8.1f buff/cache%n",
                MEMORY_TOTAL_MIB, free, usedMib, (double) cacheMib));
        out.append(String.format(Locale.ROOT, "MiB Swap:      0.0 total,      0.0 free,      0.0 used. %8.1f avail Mem%n",
                free + cacheMib * 0.95));
        out.append('\n');
        out.append("    PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND\n");
        for (Process p : processes) {
            out.append(String.format(Locale.ROOT, "%7d %-8s  %2d %3d %7d %6d %6d %s %5.1f %5.1f %9s %s%n", p.pid(),
                    p.user(), 20, 0, p.residentKb() * 3, p.residentKb(), p.residentKb() / 3,
                    p.command().equals("top") ? "R" : "S", p.cpuPercent(),
                    p.residentKb() * 100 / 1024.0 / MEMORY_TOTAL_MIB, p.time(), p.command()));
        }
        return CommandReply.ok(out.toString());
    }

    /** {@code free [-m | -k]}. */
    private CommandReply free(List<String> args) {
        long unit = 1;
        for (String arg : args) {
            switch (arg) {
                case "-m", "--mebi" -> unit = 1;
                case "-k", "--kibi" -> unit = 1024;
                default -> {
                    return CommandReply.fail(1, "free: invalid option -- '" + arg.replace("-", "") + "'\n");
                }
            }
        }
        long total = Math.round(MEMORY_TOTAL_MIB) * unit;
        long used = Math.round(usedMib()) * unit;
        long cache = cacheMib * unit;
        long free = total - used - cache;
        return CommandReply.ok(String.format(Locale.ROOT,
                "               total        used        free      shared  buff/cache   available%n"
                        + "Mem:      %10d  %10d  %10d  %10d  %10d  %10d%n"
                        + "Swap:     %10d  %10d  %10d%n",
                total, used, free, 18 * unit, cache, free + Math.round(cache * 0.95), 0, 0, 0));
    }

    /** One line of {@code top}. */
    private record Process(int pid, String user, long residentKb, double cpuPercent, String time, String command) {
    }

    private List<Process> processes() {
        List<Process> processes = new ArrayList<>();
        processes.add(new Process(1, "root", 12_288, 0.0, "2:11.04", "systemd"));
        processes.add(new Process(212, "root", 48_128, 0.0, "1:02.77", "systemd-journal"));
        processes.add(new Process(388, "systemd+", 12_800, 0.0, "0:19.30", "systemd-resolve"));
        processes.add(new Process(402, "root", 7_424, 0.0, "0:41.12", "systemd-logind"));
        processes.add(new Process(9_981, "hub", 4_352, 0.0, "0:00.00", "top"));
        for (SimulatedServices.Unit unit : services.running()) {
            long minutes = Math.max(1, Duration.between(unit.since, clock.instant()).toMinutes());
            double cpuMinutes = minutes * unit.cpuPercent / 100;
            String time = String.format(Locale.ROOT, "%d:%05.2f", (long) cpuMinutes, cpuMinutes % 1 * 60);
            processes.add(new Process(unit.pid, unit.user.length() > 8 ? unit.user.substring(0, 7) + "+" : unit.user,
                    unit.residentKb, unit.cpuPercent, time, unit.command()));
        }
        return processes;
    }

    private double usedMib() {
        return 1180 + processes().stream().mapToLong(Process::residentKb).sum() / 1024.0;
    }

    private String runningUnits() {
        StringBuilder running = new StringBuilder();
        services.running().forEach(unit -> running.append(unit.name).append(' ').append(unit.pid).append(','));
        return running.toString();
    }

    /** Whether the clock is synchronised: always, unless chrony lost its sources and was not restarted since. */
    private boolean clockSynchronised() {
        Integer chrony = services.pid("chrony");
        return !system.has(SimulatedSystem.Problem.CLOCK_NOT_SYNCHRONISED)
                || (chrony != null && !chrony.equals(chronyPidAtStart));
    }

    /** Puts the scripted problem back (a full disk, a stopped unit), as when the fleet started. */
    public synchronized void reset() {
        script();
        version++;
    }

    /** The IUse% column {@code df -P -i /} shows now. */
    public synchronized int inodeUsagePercent() {
        return disk.inodePercent();
    }

    /** What {@code timedatectl} would say about NTP synchronisation: true for {@code yes}. */
    public synchronized boolean clockSynchronisedNow() {
        return clockSynchronised();
    }

    /** Counts changes: every command that changed disk usage or units, and every {@link #reset()}. */
    public synchronized long version() {
        return version;
    }

    /** The Capacity column {@code df -P /} shows now. */
    public synchronized int diskUsagePercent() {
        return disk.capacityPercent();
    }

    /** What {@code systemctl is-active} would say: true for {@code active}. */
    public synchronized boolean unitActive(String unit) {
        return services.active(unit);
    }

    /** Whether {@code ss -Hltn} would show a listening socket on {@code port}. */
    public synchronized boolean listening(int port) {
        return services.listening(port);
    }
}
