package io.alerthub.demo;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The kernel, clock, network and hardware side of a simulated host: what {@code cat} of the /proc files the scenario
 * templates read, {@code timedatectl}, {@code chronyc}, {@code findmnt}, {@code iostat}, {@code ps}, {@code ip} and
 * {@code ethtool} answer, healthy or with one of the scripted {@link Problem}s. Not thread-safe: {@link HostState}
 * serialises access.
 */
final class SimulatedSystem {
    /** A scripted problem, each the story of one scenario template. */
    enum Problem {
        /** chrony runs but has lost its sources: the clock is 2.3 s fast and not synchronised until chrony restarts. */
        CLOCK_NOT_SYNCHRONISED,
        /** The root filesystem was remounted read-only after ext4 errors on its device. */
        ROOT_READ_ONLY,
        /** A backup saturates the disk: high I/O pressure, long waits, processes in state D. */
        DISK_SATURATED,
        /** eth0 counts receive errors (a bad cable or switch port) and negotiated 100 Mb/s. */
        NIC_ERRORS,
        /** Open file descriptors are at 93 % of fs.file-max. */
        FILE_DESCRIPTORS_NEAR_LIMIT,
        /** md0 (RAID 1) lost a member to disk errors and runs degraded. */
        RAID_DEGRADED
    }

    private static final long FILE_MAX = 9_223_372_036_854_775_807L;

    private final Set<Problem> problems;

    SimulatedSystem(Set<Problem> problems) {
        this.problems = problems.isEmpty() ? EnumSet.noneOf(Problem.class) : EnumSet.copyOf(problems);
    }

    boolean has(Problem problem) {
        return problems.contains(problem);
    }

    /** {@code cat FILE…}: the /proc files the templates read; any other file does not exist here. */
    CommandReply cat(List<String> files, SimulatedServices services) {
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        for (String file : files) {
            String content = file(file, services);
            if (content == null) {
                err.append("cat: ").append(file).append(": No such file or directory\n");
            } else {
                out.append(content);
            }
        }
        return new CommandReply(err.isEmpty() ? 0 : 1, out.toString(), err.toString());
    }

    private String file(String path, SimulatedServices services) {
        int threads = 190 + services.running().size() * 12;
        return switch (path) {
            case "/proc/pressure/io" -> has(Problem.DISK_SATURATED)
                    ? "some avg10=78.41 avg60=74.02 avg300=61.33 total=912345678\n"
                    + "full avg10=55.12 avg60=51.87 avg300=40.09 total=612345678\n"
                    : "some avg10=0.00 avg60=0.03 avg300=0.01 total=1234567\n"
                    + "full avg10=0.00 avg60=0.00 avg300=0.00 total=456789\n";
            case "/proc/sys/fs/file-nr" -> has(Problem.FILE_DESCRIPTORS_NEAR_LIMIT) ? "761856\t0\t819200\n"
                    : "2304\t0\t" + FILE_MAX + "\n";
            case "/proc/sys/net/netfilter/nf_conntrack_count" -> "212\n";
            case "/proc/sys/net/netfilter/nf_conntrack_max" -> "262144\n";
            case "/proc/loadavg" -> "0.41 0.37 0.30 2/" + threads + " 48213\n";
            case "/proc/sys/kernel/pid_max" -> "4194304\n";
            case "/proc/sys/kernel/threads-max" -> "63457\n";
            case "/proc/mdstat" -> mdstat();
            default -> null;
        };
    }

    private String mdstat() {
        String array = has(Problem.RAID_DEGRADED)
                ? "md0 : active raid1 vdc1[1](F) vdb1[0]\n      20954112 blocks super 1.2 [2/1] [U_]\n"
                : "md0 : active raid1 vdc1[1] vdb1[0]\n      20954112 blocks super 1.2 [2/2] [UU]\n";
        return "Personalities : [raid1] [linear] [multipath] [raid0] [raid6] [raid5] [raid4] [raid10]\n" + array
                + "\nunused devices: <none>\n";
    }

    /** {@code timedatectl show --property=NTPSynchronized --value}. */
    CommandReply timedatectl(List<String> args, boolean synced) {
        if (!args.equals(List.of("show", "--property=NTPSynchronized", "--value"))) {
            return CommandReply.fail(1, "the demo fleet answers only timedatectl show --property=NTPSynchronized "
                    + "--value\n");
        }
        return CommandReply.ok(synced ? "yes\n" : "no\n");
    }

    /** {@code chronyc -n tracking | sources}, as chrony 4.3 prints them; 506 when chronyd does not run. */
    CommandReply chronyc(List<String> args, boolean running, boolean synced) {
        List<String> rest = args.isEmpty() || !args.get(0).equals("-n") ? args : args.subList(1, args.size());
        if (!running) {
            return CommandReply.fail(1, "506 Cannot talk to daemon\n");
        }
        if (rest.equals(List.of("tracking"))) {
            return CommandReply.ok(synced
                    ? tracking("A9FEA97B (169.254.169.123)", 4, "0.000012345 seconds slow", "Normal")
                    : tracking("00000000 ()", 0, "2.314000000 seconds fast", "Not synchronised"));
        }
        if (rest.equals(List.of("sources"))) {
            String state = synced ? "^*" : "^?";
            return CommandReply.ok("MS Name/IP address         Stratum Poll Reach LastRx Last sample\n"
                    + "===============================================================================\n"
                    + state + " 169.254.169.123               3   6   " + (synced ? "377" : "  0") + "    21   "
                    + (synced ? "-12us[  -15us] +/-  301us" : "+0ns[   +0ns] +/-    0ns") + "\n");
        }
        return CommandReply.fail(1, "the demo fleet answers only chronyc -n tracking and chronyc -n sources\n");
    }

    private static String tracking(String reference, int stratum, String offset, String leap) {
        return String.format(Locale.ROOT, "Reference ID    : %s%nStratum         : %d%n"
                + "Ref time (UTC)  : Mon Dec 07 13:02:11 2026%nSystem time     : %s of NTP time%n"
                + "Last offset     : +0.000004120 seconds%nRMS offset      : 0.000021315 seconds%n"
                + "Frequency       : 11.482 ppm slow%nLeap status     : %s%n", reference, stratum, offset, leap);
    }

    /** {@code findmnt -n -o TARGET,SOURCE,FSTYPE,OPTIONS -T PATH}: everything is on {@code /}. */
    CommandReply findmnt(List<String> args) {
        if (args.size() != 5 || !args.subList(0, 4).equals(List.of("-n", "-o", "TARGET,SOURCE,FSTYPE,OPTIONS", "-T"))
                || !args.get(4).startsWith("/")) {
            return CommandReply.fail(1, "the demo fleet answers only findmnt -n -o TARGET,SOURCE,FSTYPE,OPTIONS -T "
                    + "PATH\n");
        }
        return CommandReply.ok("/ /dev/vda1 ext4 " + (has(Problem.ROOT_READ_ONLY) ? "ro" : "rw")
                + ",relatime,errors=remount-ro\n");
    }

    /** {@code iostat -dxy 1 1}: sysstat 12.6's extended device statistics. */
    CommandReply iostat(List<String> args) {
        if (!args.equals(List.of("-dxy", "1", "1"))) {
            return CommandReply.fail(1, "the demo fleet answers only iostat -dxy 1 1\n");
        }
        String vda = has(Problem.DISK_SATURATED)
                ? "vda            412.00  52736.00     0.00   0.00   48.12   128.00  388.00  99328.00    12.00   3.00  "
                + "212.40   256.00    0.00      0.00     0.00   0.00    0.00     0.00    0.00    0.00  102.25 100.00\n"
                : "vda              1.00      4.00     0.00   0.00    0.41     4.00    6.00     52.00     7.00  53.85  "
                + "  0.87     8.67    0.00      0.00     0.00   0.00    0.00     0.00    0.00    0.00    0.01   0.40\n";
        return CommandReply.ok("Linux 6.1.0-28-cloud-amd64 (host) \t12/07/2026 \t_x86_64_\t(2 CPU)\n\n"
                + "Device            r/s     rkB/s   rrqm/s  %rrqm r_await rareq-sz     w/s     wkB/s   wrqm/s  %wrqm "
                + "w_await wareq-sz     d/s     dkB/s   drqm/s  %drqm d_await dareq-sz     f/s f_await  aqu-sz  %util\n"
                + vda + "\n");
    }

    /** {@code ps -eo state,pid,user,comm --no-headers} and {@code ps -eo nlwp,pid,user,comm --sort=-nlwp --no-headers}. */
    CommandReply ps(List<String> args, SimulatedServices services) {
        boolean threads = args.equals(List.of("-eo", "nlwp,pid,user,comm", "--sort=-nlwp", "--no-headers"));
        if (!threads && !args.equals(List.of("-eo", "state,pid,user,comm", "--no-headers"))) {
            return CommandReply.fail(1, "the demo fleet answers only ps -eo state,pid,user,comm --no-headers and ps -eo "
                    + "nlwp,pid,user,comm --sort=-nlwp --no-headers\n");
        }
        StringBuilder out = new StringBuilder();
        if (threads) {
            services.running().stream().sorted((a, b) -> Long.compare(b.residentKb, a.residentKb)).forEach(unit ->
                    out.append(String.format(Locale.ROOT, "%4d %7d %-8s %s%n", unit.residentKb > 100_000 ? 57 : 3,
                            unit.pid, unit.user.length() > 8 ? unit.user.substring(0, 8) : unit.user, unit.command())));
            out.append(String.format(Locale.ROOT, "%4d %7d %-8s %s%n", 1, 1, "root", "systemd"));
            return CommandReply.ok(out.toString());
        }
        out.append("S       1 root     systemd\n");
        if (has(Problem.DISK_SATURATED)) {
            out.append("D    7311 backup   tar\nD    7312 backup   gzip\nD     341 root     jbd2/vda1-8\n");
        }
        services.running().forEach(unit -> out.append("S ").append(String.format(Locale.ROOT, "%7d %-8s %s%n",
                unit.pid, unit.user.length() > 8 ? unit.user.substring(0, 8) : unit.user, unit.command())));
        return CommandReply.ok(out.toString());
    }

    /** {@code ip -s link} or {@code ip -s -d link show dev IF}: lo and eth0 with their counters. */
    CommandReply ip(List<String> args) {
        String device;
        if (args.equals(List.of("-s", "link"))) {
            device = null;
        } else if (args.size() == 6 && args.subList(0, 5).equals(List.of("-s", "-d", "link", "show", "dev"))) {
            device = args.get(5);
        } else {
            return CommandReply.fail(1, "the demo fleet answers only ip -s link and ip -s -d link show dev IF\n");
        }
        if (device != null && !device.equals("eth0") && !device.equals("lo")) {
            return CommandReply.fail(1, "Device \"" + device + "\" does not exist.\n");
        }
        long errors = has(Problem.NIC_ERRORS) ? 48_211 : 0;
        String lo = """
                1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000
                    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
                    RX:  bytes packets errors dropped  missed   mcast
                      81234567  412345      0       0       0       0
                    TX:  bytes packets errors dropped carrier collsns
                      81234567  412345      0       0       0       0
                """;
        String eth0 = """
                2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP mode DEFAULT group default qlen 1000
                    link/ether 52:54:00:12:34:56 brd ff:ff:ff:ff:ff:ff
                    RX:  bytes packets errors dropped  missed   mcast
                    9876543210 8765432 %6d    %4d       0       0
                    TX:  bytes packets errors dropped carrier collsns
                    5432109876 6543210      0       0       0       0
                """.formatted(errors, errors / 20);
        return CommandReply.ok(device == null ? lo + eth0 : device.equals("lo") ? lo : eth0);
    }

    /** {@code ethtool IF}: speed, duplex and link of eth0. */
    CommandReply ethtool(List<String> args) {
        if (args.size() != 1 || !args.get(0).equals("eth0")) {
            return CommandReply.fail(75, "netlink error: no device matches name (offset 24)\n");
        }
        String speed = has(Problem.NIC_ERRORS) ? "100Mb/s" : "10000Mb/s";
        return CommandReply.ok("Settings for eth0:\n\tSupported ports: [ FIBRE ]\n\tSpeed: " + speed
                + "\n\tDuplex: Full\n\tAuto-negotiation: on\n\tPort: FIBRE\n\tLink detected: yes\n");
    }

    /** The kernel log lines each problem left behind. */
    void kernelLog(SimulatedServices services) {
        if (has(Problem.ROOT_READ_ONLY)) {
            services.kernel(java.time.Duration.ofMinutes(9), "blk_update_request: I/O error, dev vda, sector 2048 op "
                    + "0x1:(WRITE) flags 0x800 phys_seg 1 prio class 0")
                    .kernel(java.time.Duration.ofMinutes(9), "EXT4-fs error (device vda1): ext4_journal_check_start:83: "
                            + "comm app: Detected aborted journal")
                    .kernel(java.time.Duration.ofMinutes(9), "EXT4-fs (vda1): Remounting filesystem read-only");
        }
        if (has(Problem.RAID_DEGRADED)) {
            services.kernel(java.time.Duration.ofMinutes(31), "ata3.00: failed command: READ FPDMA QUEUED")
                    .kernel(java.time.Duration.ofMinutes(30), "md/raid1:md0: Disk failure on vdc1, disabling device.");
        }
    }
}
