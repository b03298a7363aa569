package io.alerthub.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The systemd side of a simulated host: units with their state, main process and ports, the journal (per unit and the
 * kernel's), answering {@code systemctl}, {@code journalctl} and {@code ss} as systemd 252 and iproute2 print them.
 * Not thread-safe: {@link HostState} serialises access.
 */
final class SimulatedServices {
    private static final DateTimeFormatter JOURNAL_TIME = DateTimeFormatter.ofPattern("MMM dd HH:mm:ss", Locale.ENGLISH);
    private static final DateTimeFormatter STATUS_TIME =
            DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm:ss zzz", Locale.ENGLISH);
    private static final DateTimeFormatter APP_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
            Locale.ROOT);
    /** How long the simulated machines have been up when the demo starts. */
    static final Duration UPTIME = Duration.ofDays(41).plusHours(3).plusMinutes(7);

    /** One systemd service and, while it runs, its main process. */
    static final class Unit {
        final String name;
        final String description;
        final String execStart;
        final String user;
        final List<Integer> ports;
        final double cpuPercent;
        final long residentKb;
        /** Whether the login user may start, stop and restart it without sudo (a polkit rule on the real host). */
        boolean loginUserMayControl;
        boolean active;
        int pid;
        /** How the last main process ended, as systemctl status shows it. */
        String lastExit = "code=killed, signal=TERM";
        Instant since;
        final List<String> journal = new ArrayList<>();

        Unit(String name, String description, String execStart, String user, List<Integer> ports, double cpuPercent,
             long residentKb) {
            this.name = name;
            this.description = description;
            this.execStart = execStart;
            this.user = user;
            this.ports = ports;
            this.cpuPercent = cpuPercent;
            this.residentKb = residentKb;
        }

        String command() {
            String program = execStart.split(" ")[0];
            return program.substring(program.lastIndexOf('/') + 1);
        }
    }

    private final String hostname;
    private final Clock clock;
    private final ZoneId zone;
    private final Instant booted;
    private final Map<String, Unit> units = new LinkedHashMap<>();
    private final List<String> kernelLog = new ArrayList<>();
    /** The journal's last lines of the boot before this one (journalctl -b -1). */
    private final List<String> previousBoot = new ArrayList<>();
    private int nextPid = 4100;

    private SimulatedServices(String hostname, Clock clock, ZoneId zone) {
        this(hostname, clock, zone, UPTIME);
    }

    private SimulatedServices(String hostname, Clock clock, ZoneId zone, Duration uptime) {
        this.hostname = hostname;
        this.clock = clock;
        this.zone = zone;
        this.booted = clock.instant().minus(uptime);
        kernelLog.add(journalLine(booted, "kernel", "Linux version 6.1.0-28-cloud-amd64 (debian-kernel@lists.debian.org)"));
        kernelLog.add(journalLine(booted.plusSeconds(2), "kernel", "EXT4-fs (vda1): mounted filesystem with ordered data mode."));
        add(new Unit("ssh", "OpenBSD Secure Shell server", "/usr/sbin/sshd -D", "root", List.of(22), 0.0, 9_216));
        add(new Unit("cron", "Regular background program processing daemon", "/usr/sbin/cron -f", "root", List.of(),
                0.0, 2_816));
        add(new Unit("node_exporter", "Prometheus exporter for machine metrics", "/usr/bin/prometheus-node-exporter",
                "prometheus", List.of(9100), 0.3, 24_576));
    }

    /** A web server: nginx in front, everything running. */
    static SimulatedServices webServer(String hostname, Clock clock, ZoneId zone) {
        SimulatedServices services = new SimulatedServices(hostname, clock, zone);
        services.add(new Unit("nginx", "A high performance web server and a reverse proxy server",
                "/usr/sbin/nginx -g daemon on; master_process on;", "www-data", List.of(80, 443), 1.3, 14_848));
        return services;
    }

    /**
     * An application server whose unit {@code unit} (listening on {@code port}) ran out of heap seven minutes ago and
     * is inactive; every other unit runs.
     */
    static SimulatedServices crashedApp(String hostname, Clock clock, ZoneId zone, String unit, int port) {
        SimulatedServices services = new SimulatedServices(hostname, clock, zone);
        Unit app = services.add(new Unit(unit, "Demo application",
                "/usr/bin/java -Xmx512m -XX:+ExitOnOutOfMemoryError -jar /opt/app/app.jar", "app", List.of(port),
                12.5, 612_352));
        Instant crash = clock.instant().minus(Duration.ofMinutes(7));
        Instant warned = crash.minusSeconds(4);
        String service = app.name + ".service";
        String process = app.name + "[" + app.pid + "]";
        String thread = " --- [app] [nio-" + port + "-exec-3] ";
        List<String> journal = app.journal;
        journal.add(services.journalLine(warned, process, APP_TIME.format(warned.atZone(zone)) + "  WARN " + app.pid
                + thread + "c.example.app.ReportService      : export of 1204311 rows is being buffered in memory"));
        journal.add(services.journalLine(crash, process, APP_TIME.format(crash.atZone(zone)) + " ERROR " + app.pid
                + thread + "o.a.c.c.C.[.[.[/].[dispatcherServlet]    : Servlet.service() for servlet "
                + "[dispatcherServlet] threw exception"));
        journal.add(services.journalLine(crash, process, "java.lang.OutOfMemoryError: Java heap space"));
        journal.add(services.journalLine(crash, process, "Terminating due to java.lang.OutOfMemoryError: Java heap space"));
        journal.add(services.journalLine(crash, "systemd[1]", service
                + ": Main process exited, code=exited, status=3/NOTIMPLEMENTED"));
        journal.add(services.journalLine(crash, "systemd[1]", service + ": Failed with result 'exit-code'."));
        journal.add(services.journalLine(crash, "systemd[1]", service + ": Consumed 2h 3min 12.345s CPU time."));
        app.active = false;
        app.since = crash;
        app.lastExit = "code=exited, status=3/NOTIMPLEMENTED";
        app.loginUserMayControl = true;
        return services;
    }

    /** A host running only its base units. */
    static SimulatedServices base(String hostname, Clock clock, ZoneId zone) {
        return new SimulatedServices(hostname, clock, zone);
    }

    /** A host that rebooted {@code uptime} ago after a kernel panic, its base units running again. */
    static SimulatedServices rebooted(String hostname, Clock clock, ZoneId zone, Duration uptime) {
        SimulatedServices services = new SimulatedServices(hostname, clock, zone, uptime);
        Instant previousEnd = services.booted.minus(Duration.ofMinutes(2));
        services.previousBoot.add(services.journalLine(previousEnd.minusSeconds(1), "kernel",
                "watchdog: BUG: soft lockup - CPU#1 stuck for 23s! [kworker/1:2:4123]"));
        services.previousBoot.add(services.journalLine(previousEnd, "kernel",
                "Kernel panic - not syncing: softlockup: hung tasks"));
        return services;
    }

    /** Adds the time daemon chrony, running. */
    SimulatedServices withTimeDaemon() {
        add(new Unit("chrony", "chrony, an NTP client/server", "/usr/sbin/chronyd -F 1", "_chrony", List.of(),
                0.0, 3_328));
        return this;
    }

    /** The monitoring agent node_exporter failed a while ago (its collector crashed) and is inactive. */
    SimulatedServices withAgentDown() {
        Unit agent = units.get("node_exporter");
        Instant crash = clock.instant().minus(Duration.ofMinutes(12));
        String process = "prometheus-node-exporter[" + agent.pid + "]";
        agent.journal.add(journalLine(crash, process, "panic: runtime error: invalid memory address or nil pointer "
                + "dereference [recovered]"));
        agent.journal.add(journalLine(crash, "systemd[1]", "node_exporter.service: Main process exited, code=exited, "
                + "status=2/INVALIDARGUMENT"));
        agent.journal.add(journalLine(crash, "systemd[1]", "node_exporter.service: Failed with result 'exit-code'."));
        agent.active = false;
        agent.since = crash;
        agent.lastExit = "code=exited, status=2/INVALIDARGUMENT";
        return this;
    }

    /** Adds a line to the kernel log, {@code ago} before now. */
    SimulatedServices kernel(Duration ago, String message) {
        kernelLog.add(journalLine(clock.instant().minus(ago), "kernel", message));
        return this;
    }

    /** The main pid of unit {@code name} while it runs, else null: tells a restart (a new pid) from no change. */
    Integer pid(String name) {
        Unit unit = unit(name);
        return unit == null || !unit.active ? null : unit.pid;
    }

    private Unit add(Unit unit) {
        unit.active = true;
        unit.pid = nextPid;
        nextPid += 37;
        unit.since = booted.plusSeconds(5 + units.size());
        unit.journal.add(journalLine(unit.since, "systemd[1]", "Starting " + unit.name + ".service - "
                + unit.description + "..."));
        unit.journal.add(journalLine(unit.since, "systemd[1]", "Started " + unit.name + ".service - "
                + unit.description + "."));
        units.put(unit.name, unit);
        return unit;
    }

    boolean active(String name) {
        Unit unit = unit(name);
        return unit != null && unit.active;
    }

    boolean listening(int port) {
        return units.values().stream().anyMatch(unit -> unit.active && unit.ports.contains(port));
    }

    Instant booted() {
        return booted;
    }

    /** Running units' main processes. */
    List<Unit> running() {
        return units.values().stream().filter(unit -> unit.active).toList();
    }

    /** The unit a name means: {@code app} and {@code app.service} alike, {@code sshd} for Debian's {@code ssh}. */
    private Unit unit(String name) {
        String base = name.endsWith(".service") ? name.substring(0, name.length() - ".service".length()) : name;
        return units.get(base.equals("sshd") ? "ssh" : base);
    }

    private static String serviceName(String name) {
        return name.contains(".") ? name : name + ".service";
    }

    // ---- systemctl ----------------------------------------------------------------------------------------------

    /** {@code systemctl [--no-pager] [--lines=N] VERB unit…} for is-active, status, start, stop and restart. */
    CommandReply systemctl(List<String> args, boolean root) {
        int lines = 10;
        boolean failedOnly = false;
        String verb = null;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--no-pager") || arg.equals("-q") || arg.equals("--quiet") || arg.equals("--full")
                    || arg.equals("-l") || arg.equals("--all") || arg.equals("--plain") || arg.equals("--no-legend")) {
                continue;
            }
            if (arg.equals("--failed")) {
                failedOnly = true;
                continue;
            }
            if (arg.startsWith("--lines=") || arg.equals("-n")) {
                String value = arg.equals("-n") ? (i + 1 < args.size() ? args.get(++i) : "") : arg.substring(8);
                if (!value.matches("[0-9]{1,5}")) {
                    return CommandReply.fail(1, "Failed to parse lines '" + value + "'\n");
                }
                lines = Integer.parseInt(value);
            } else if (arg.startsWith("-")) {
                return CommandReply.fail(1, "systemctl: unrecognized option '" + arg + "'\n");
            } else if (verb == null) {
                verb = arg;
            } else {
                names.add(arg);
            }
        }
        if (verb == null) {
            return CommandReply.fail(1, "the demo fleet does not list units; name a verb and a unit\n");
        }
        switch (verb) {
            case "is-active" -> {
                StringBuilder out = new StringBuilder();
                boolean all = !names.isEmpty();
                for (String name : names) {
                    boolean active = active(name);
                    out.append(active ? "active" : "inactive").append('\n');
                    all &= active;
                }
                return new CommandReply(all ? 0 : 3, out.toString(), names.isEmpty() ? "Too few arguments.\n" : "");
            }
            case "status" -> {
                return status(names, lines);
            }
            case "list-units" -> {
                return listUnits(names, failedOnly);
            }
            case "start", "restart", "stop" -> {
                if (names.isEmpty()) {
                    return CommandReply.fail(1, "Too few arguments.\n");
                }
                for (String name : names) {
                    Unit unit = unit(name);
                    if (unit == null) {
                        return CommandReply.fail(5, "Failed to " + verb + " " + serviceName(name) + ": Unit "
                                + serviceName(name) + " not found.\n");
                    }
                    if (!root && !unit.loginUserMayControl) {
                        return CommandReply.fail(4, "Failed to " + verb + " " + serviceName(name)
                                + ": Access denied\nSee system logs and 'systemctl status " + serviceName(name)
                                + "' for details.\n");
                    }
                    if (verb.equals("stop")) {
                        stop(unit);
                    } else if (verb.equals("restart") || !unit.active) {
                        if (unit.active) {
                            stop(unit);
                        }
                        start(unit);
                    }
                }
                return CommandReply.ok("");
            }
            default -> {
                return CommandReply.fail(1, "Unknown command verb " + verb + ".\n");
            }
        }
    }

    /**
     * {@code systemctl list-units --plain --no-legend [--all] [--failed] [unit…]}: UNIT LOAD ACTIVE SUB DESCRIPTION; a
     * named unit the host does not have shows as not-found.
     */
    private CommandReply listUnits(List<String> names, boolean failedOnly) {
        StringBuilder out = new StringBuilder();
        List<String> wanted = names.isEmpty() ? units.keySet().stream().map(n -> n + ".service").toList() : names;
        for (String name : wanted) {
            Unit unit = unit(name);
            boolean failed = unit != null && !unit.active && unit.lastExit.startsWith("code=exited");
            if (failedOnly && !failed) {
                continue;
            }
            if (unit == null) {
                out.append(serviceName(name)).append(" not-found inactive dead ").append(serviceName(name)).append('\n');
            } else {
                out.append(unit.name).append(".service loaded ").append(unit.active ? "active running "
                        : failed ? "failed failed " : "inactive dead ").append(unit.description).append('\n');
            }
        }
        return CommandReply.ok(out.toString());
    }

    private CommandReply status(List<String> names, int lines) {
        if (names.isEmpty()) {
            return CommandReply.fail(1, "the demo fleet shows the status of named units only\n");
        }
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        int exit = 0;
        for (String name : names) {
            Unit unit = unit(name);
            if (unit == null) {
                err.append("Unit ").append(serviceName(name)).append(" could not be found.\n");
                exit = Math.max(exit, 4);
                continue;
            }
            if (!out.isEmpty()) {
                out.append('\n');
            }
            Instant now = clock.instant();
            String since = STATUS_TIME.format(unit.since.atZone(zone)) + "; " + ago(Duration.between(unit.since, now));
            out.append(unit.active ? "● " : "○ ").append(unit.name).append(".service - ").append(unit.description)
                    .append('\n');
            out.append("     Loaded: loaded (/lib/systemd/system/").append(unit.name)
                    .append(".service; enabled; preset: enabled)\n");
            if (unit.active) {
                out.append("     Active: active (running) since ").append(since).append('\n');
                out.append("   Main PID: ").append(unit.pid).append(" (").append(unit.command()).append(")\n");
                out.append("      Tasks: ").append(unit.loginUserMayControl ? 41 : 3).append(" (limit: 4615)\n");
                out.append("     Memory: ").append(String.format(Locale.ROOT, "%.1fM", unit.residentKb / 1024.0))
                        .append('\n');
                out.append("     CGroup: /system.slice/").append(unit.name).append(".service\n");
                out.append("             └─").append(unit.pid).append(' ').append(unit.execStart).append('\n');
            } else {
                exit = Math.max(exit, 3);
                out.append("     Active: inactive (dead) since ").append(since).append('\n');
                out.append("    Process: ").append(unit.pid).append(" ExecStart=").append(unit.execStart)
                        .append(" (").append(unit.lastExit).append(")\n");
                out.append("   Main PID: ").append(unit.pid).append(" (").append(unit.lastExit).append(")\n");
                out.append("        CPU: 2h 3min 12.345s\n");
            }
            if (lines > 0) {
                out.append('\n');
                tail(unit.journal, lines).forEach(line -> out.append(line).append('\n'));
            }
        }
        return new CommandReply(exit, out.toString(), err.toString());
    }

    private void start(Unit unit) {
        Instant now = clock.instant();
        unit.active = true;
        unit.pid = nextPid;
        nextPid += 37;
        unit.since = now;
        unit.journal.add(journalLine(now, "systemd[1]", "Starting " + unit.name + ".service - " + unit.description
                + "..."));
        if (unit.execStart.startsWith("/usr/bin/java")) {
            String process = unit.name + "[" + unit.pid + "]";
            unit.journal.add(journalLine(now, process, APP_TIME.format(now.atZone(zone)) + "  INFO " + unit.pid
                    + " --- [app] [main] o.s.b.w.embedded.tomcat.TomcatWebServer  : Tomcat started on port "
                    + unit.ports.get(0) + " (http) with context path '/'"));
        }
        unit.journal.add(journalLine(now, "systemd[1]", "Started " + unit.name + ".service - " + unit.description
                + "."));
    }

    private void stop(Unit unit) {
        Instant now = clock.instant();
        unit.journal.add(journalLine(now, "systemd[1]", "Stopping " + unit.name + ".service - " + unit.description
                + "..."));
        unit.journal.add(journalLine(now, "systemd[1]", unit.name + ".service: Deactivated successfully."));
        unit.journal.add(journalLine(now, "systemd[1]", "Stopped " + unit.name + ".service - " + unit.description
                + "."));
        unit.active = false;
        unit.since = now;
        unit.lastExit = "code=killed, signal=TERM";
    }

    // ---- journalctl ---------------------------------------------------------------------------------------------

    /** {@code journalctl [-k | -u unit] [-n N] [--no-pager] [--grep RE]}: the newest matching lines, oldest first. */
    CommandReply journalctl(List<String> args) {
        boolean kernel = false;
        boolean previous = false;
        List<String> unitNames = new ArrayList<>();
        int lines = Integer.MAX_VALUE;
        Pattern grep = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "-k", "--dmesg" -> kernel = true;
                case "--no-pager", "-q", "--quiet" -> { }
                case "-b", "--boot" -> {
                    if (i + 1 < args.size() && args.get(i + 1).matches("-?[0-9]{1,3}")) {
                        previous = !args.get(++i).equals("0");
                    }
                }
                case "--list-boots" -> {
                    return listBoots();
                }
                case "-u", "--unit" -> {
                    if (i + 1 >= args.size()) {
                        return CommandReply.fail(1, "journalctl: option requires an argument -- 'u'\n");
                    }
                    unitNames.add(args.get(++i));
                }
                case "-n", "--lines" -> {
                    String value = i + 1 < args.size() ? args.get(++i) : "";
                    if (!value.matches("[0-9]{1,6}")) {
                        return CommandReply.fail(1, "Failed to parse lines '" + value + "'\n");
                    }
                    lines = Integer.parseInt(value);
                }
                case "-g", "--grep" -> {
                    if (i + 1 >= args.size()) {
                        return CommandReply.fail(1, "journalctl: option '--grep' requires an argument\n");
                    }
                    try {
                        grep = Pattern.compile(args.get(++i));
                    } catch (PatternSyntaxException e) {
                        return CommandReply.fail(1, "Failed to compile pattern \"" + args.get(i) + "\"\n");
                    }
                }
                default -> {
                    return CommandReply.fail(1, "journalctl: unrecognized option '" + arg + "'\n");
                }
            }
        }
        List<String> source = new ArrayList<>();
        if (previous) {
            if (previousBoot.isEmpty()) {
                return CommandReply.fail(1, "Data from the specified boot (-1) is not available: No such boot ID in "
                        + "journal\n");
            }
            source.addAll(previousBoot);
        } else if (kernel) {
            source.addAll(kernelLog);
        }
        for (String name : unitNames) {
            Unit unit = unit(name);
            if (unit != null) {
                source.addAll(unit.journal);
            }
        }
        if (!previous && !kernel && unitNames.isEmpty()) {
            units.values().forEach(unit -> source.addAll(unit.journal));
        }
        Pattern filter = grep;
        List<String> matching = source.stream()
                .filter(line -> filter == null || filter.matcher(line.substring(line.indexOf(": ") + 2)).find())
                .toList();
        List<String> shown = tail(matching, lines);
        if (shown.isEmpty()) {
            // journalctl exits 1 when --grep matched nothing
            return new CommandReply(grep != null ? 1 : 0, "-- No entries --\n", "");
        }
        StringBuilder out = new StringBuilder();
        shown.forEach(line -> out.append(line).append('\n'));
        return CommandReply.ok(out.toString());
    }

    /** {@code journalctl --list-boots}: the previous boot (when the journal has one) and this one. */
    private CommandReply listBoots() {
        DateTimeFormatter time = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm:ss zzz", Locale.ENGLISH);
        StringBuilder out = new StringBuilder("IDX BOOT ID                          FIRST ENTRY                 "
                + "LAST ENTRY\n");
        Instant now = clock.instant();
        if (!previousBoot.isEmpty()) {
            Instant end = booted.minus(Duration.ofMinutes(2));
            out.append(String.format(Locale.ROOT, " -1 %s %s %s%n", "5c0ffee15bad4d9e8e2f0e6a1d2c3b4a",
                    time.format(end.minus(UPTIME).atZone(zone)), time.format(end.atZone(zone))));
        }
        out.append(String.format(Locale.ROOT, "  0 %s %s %s%n", "9f1e2d3c4b5a69788796a5b4c3d2e1f0",
                time.format(booted.atZone(zone)), time.format(now.atZone(zone))));
        return CommandReply.ok(out.toString());
    }

    // ---- ss -----------------------------------------------------------------------------------------------------

    /** {@code ss -Hltn [sport = :PORT]}: listening TCP sockets, optionally of one local port. */
    CommandReply ss(List<String> args) {
        boolean header = true;
        Integer port = null;
        int i = 0;
        for (; i < args.size() && args.get(i).startsWith("-"); i++) {
            for (char flag : args.get(i).substring(1).toCharArray()) {
                if (flag == 'H') {
                    header = false;
                } else if ("ltnp".indexOf(flag) < 0) {
                    return CommandReply.fail(1, "ss: invalid option -- '" + flag + "'\n");
                }
            }
        }
        List<String> filter = args.subList(i, args.size());
        if (!filter.isEmpty()) {
            if (filter.size() != 3 || !filter.get(0).equals("sport") || !(filter.get(1).equals("=")
                    || filter.get(1).equals("==") || filter.get(1).equals("eq")) || !filter.get(2).matches(":[0-9]{1,5}")) {
                return CommandReply.fail(1, "ss: the demo fleet understands only the filter \"sport = :PORT\"\n");
            }
            port = Integer.parseInt(filter.get(2).substring(1));
        }
        StringBuilder out = new StringBuilder();
        if (header) {
            out.append("State  Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess\n");
        }
        for (Unit unit : running()) {
            for (int listening : unit.ports) {
                if (port == null || port == listening) {
                    String local = (listening == 22 ? "0.0.0.0:" : "*:") + listening;
                    out.append(String.format(Locale.ROOT, "LISTEN 0      %-6d %18s %14s%n",
                            unit.execStart.startsWith("/usr/bin/java") ? 100 : 511, local, local.startsWith("*") ? "*:*" : "0.0.0.0:*"));
                }
            }
        }
        return CommandReply.ok(out.toString());
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private String journalLine(Instant at, String identifier, String message) {
        return JOURNAL_TIME.format(at.atZone(zone)) + " " + hostname + " " + identifier + ": " + message;
    }

    private static List<String> tail(List<String> lines, int count) {
        return lines.subList(Math.max(0, lines.size() - count), lines.size());
    }

    /** As systemctl says how long ago: {@code 12s ago}, {@code 7min ago}, {@code 3h 2min ago}, {@code 41 days ago}. */
    static String ago(Duration elapsed) {
        long seconds = Math.max(0, elapsed.toSeconds());
        if (seconds < 60) {
            return seconds + "s ago";
        }
        if (seconds < 3600) {
            return seconds / 60 + "min ago";
        }
        if (seconds < 86_400) {
            return seconds / 3600 + "h " + seconds % 3600 / 60 + "min ago";
        }
        return seconds / 86_400 + " days ago";
    }
}
