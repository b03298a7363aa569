package io.alerthub.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The demo hosts' scripted states answer the scenario commands (SCENARIO-COMMANDS: disk_usage, process_down,
 * cpu_high, memory_high) as a Debian host would, change only through the commands that fix them, and interpret
 * nothing a shell would.
 */
class HostStateTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-05T00:18:22Z"), ZoneOffset.UTC);

    private final HostState web = HostState.diskFull("demo-web-1", CLOCK);
    private final HostState app = HostState.unitDown("demo-app-1", "app", 8080, CLOCK);

    @Test
    void theWebHostsRootIs93PercentFullAndCleaningOldLogsBringsItTo41() {
        CommandReply df = web.answer("df -P '/'");
        assertThat(df.exitCode()).isZero();
        assertThat(df.stdout()).isEqualTo("""
                Filesystem     1024-blocks     Used Available Capacity Mounted on
                /dev/vda1         41152736 38272044   2880692      93% /
                """);

        CommandReply clean = web.answer("find '/var/log/app' -xdev -type f -mtime +'7' -print -delete");
        assertThat(clean.exitCode()).isZero();
        List<String> deleted = clean.stdout().lines().toList();
        assertThat(deleted).hasSize(38).allMatch(f -> f.matches("/var/log/app/app-2025\\d{4}\\.log"))
                .contains("/var/log/app/app-20251121.log", "/var/log/app/app-20251228.log")
                .doesNotContain("/var/log/app/app-20251229.log", "/var/log/app/app.log");

        assertThat(web.answer("df -P '/'").stdout()).contains(" 41% /");
        assertThat(web.diskUsagePercent()).isEqualTo(41);
        assertThat(web.answer("find '/var/log/app' -xdev -type f -mtime +'7' -print -delete").stdout())
                .as("nothing left to clean").isEmpty();
    }

    @Test
    void duShowsVarAsTheBiggestDirectoryAndTheLogDirectoryAtAbout21GB() {
        CommandReply top = web.answer("timeout 20 du -x -k -d 1 '/'");
        assertThat(top.exitCode()).isZero();
        List<String[]> lines = top.stdout().lines().map(line -> line.split("\t")).toList();
        assertThat(lines.get(lines.size() - 1)).containsExactly("38272044", "/");
        String[] biggest = lines.subList(0, lines.size() - 1).stream()
                .max((a, b) -> Long.compare(Long.parseLong(a[0]), Long.parseLong(b[0]))).orElseThrow();
        assertThat(biggest[1]).isEqualTo("/var");
        assertThat(lines.stream().map(l -> l[1])).contains("/usr", "/home", "/opt", "/var");

        CommandReply logs = web.answer("du -x -k -s '/var/log/app'");
        String[] size = logs.stdout().strip().split("\t");
        assertThat(size[1]).isEqualTo("/var/log/app");
        assertThat(Long.parseLong(size[0]) * 1024).as("bytes").isBetween(21_000_000_000L, 24_000_000_000L);

        assertThat(web.answer("du -x -k -s '/srv/nothing'"))
                .isEqualTo(new CommandReply(1, "", "du: cannot access '/srv/nothing': No such file or directory\n"));
    }

    @Test
    void compressingOldLogsAlsoFreesTheDisk() {
        CommandReply gzip = web.answer(
                "find '/var/log/app' -xdev -type f -mtime +'7' ! -name '*.gz' -print -exec gzip -f {} +");

        assertThat(gzip.exitCode()).isZero();
        assertThat(gzip.stdout().lines()).hasSize(38).allMatch(f -> f.endsWith(".log"));
        assertThat(web.diskUsagePercent()).isBetween(41, 50);
        assertThat(web.answer("find '/var/log/app' -xdev -type f -mtime +'7' ! -name '*.gz' -print -exec gzip -f {} +")
                .stdout()).as("compressed files are skipped").isEmpty();
        assertThat(web.answer("find '/var/log/app' -xdev -type f -name '*.gz'").stdout().lines()).hasSize(38);
    }

    @Test
    void theAppUnitIsInactiveUntilRestartedThenActiveAndListening() {
        assertThat(app.answer("systemctl is-active 'app'")).isEqualTo(new CommandReply(3, "inactive\n", ""));
        CommandReply status = app.answer("systemctl status --no-pager --lines=0 'app'");
        assertThat(status.exitCode()).isEqualTo(3);
        assertThat(status.stdout()).startsWith("○ app.service - Demo application\n")
                .contains("Active: inactive (dead) since Mon 2026-01-05 09:11:22 JST; 7min ago")
                .as("--lines=0: no journal lines").doesNotContain("Java heap space");
        CommandReply journal = app.answer("journalctl -u 'app' -n '50' --no-pager");
        assertThat(journal.exitCode()).isZero();
        assertThat(journal.stdout()).contains("demo-app-1 app[", "java.lang.OutOfMemoryError: Java heap space",
                "app.service: Failed with result 'exit-code'.");
        assertThat(app.answer("ss -Hltn sport = :'8080'")).isEqualTo(new CommandReply(0, "", ""));

        assertThat(app.answer("sudo -n systemctl restart 'app'")).isEqualTo(new CommandReply(0, "", ""));

        assertThat(app.answer("systemctl is-active 'app'")).isEqualTo(new CommandReply(0, "active\n", ""));
        assertThat(app.answer("systemctl status --no-pager --lines=0 'app'").stdout())
                .startsWith("● app.service - Demo application\n").contains("Active: active (running) since");
        assertThat(app.answer("ss -Hltn sport = :'8080'").stdout()).matches("LISTEN +0 +100 +\\*:8080 +\\*:\\*\n");
        assertThat(app.answer("journalctl -u 'app' -n '2' --no-pager").stdout())
                .contains("Tomcat started on port 8080").contains("Started app.service - Demo application.");
    }

    @Test
    void theAppRestartsWithoutSudoTooButOtherUnitsNeedIt() {
        assertThat(app.answer("systemctl restart 'app'").exitCode()).isZero();
        assertThat(app.unitActive("app")).isTrue();
        assertThat(app.listening(8080)).isTrue();

        assertThat(app.answer("systemctl restart 'cron'").stderr()).startsWith("Failed to restart cron.service: "
                + "Access denied");
        assertThat(app.answer("sudo -n systemctl restart 'cron'").exitCode()).isZero();
        assertThat(app.answer("sudo systemctl restart 'cron'").stderr()).contains("a password is required");
    }

    @Test
    void otherUnitsRunAndUnknownUnitsAreNotFound() {
        assertThat(web.answer("systemctl is-active 'nginx'")).isEqualTo(new CommandReply(0, "active\n", ""));
        assertThat(app.answer("systemctl is-active 'ssh.service'").stdout()).isEqualTo("active\n");
        assertThat(web.answer("ss -Hltn sport = :'443'").stdout()).contains("*:443");
        assertThat(web.answer("systemctl is-active 'nosuch'")).isEqualTo(new CommandReply(3, "inactive\n", ""));
        assertThat(web.answer("systemctl status --no-pager --lines=0 'nosuch'"))
                .isEqualTo(new CommandReply(4, "", "Unit nosuch.service could not be found.\n"));
        assertThat(web.answer("sudo -n systemctl restart 'nosuch'").exitCode()).isEqualTo(5);
    }

    @Test
    void cpuAndMemoryCommandsAnswerWithPlausibleText() {
        assertThat(web.answer("uptime").stdout())
                .matches(" 09:18:22 up 41 days,  3:07,  1 user,  load average: [0-9.]+, [0-9.]+, [0-9.]+\n");
        CommandReply top = web.answer("top -b -n 1 -o %CPU -w 200");
        assertThat(top.exitCode()).isZero();
        List<String> lines = top.stdout().lines().toList();
        assertThat(lines.get(0)).startsWith("top - 09:18:22 up 41 days");
        assertThat(lines.get(6)).contains("PID USER").endsWith("COMMAND");
        assertThat(lines.get(7)).endsWith(" nginx");
        app.answer("sudo -n systemctl restart 'app'");
        List<String> byMemory = app.answer("top -b -n 1 -o %MEM -w 200").stdout().lines().toList();
        assertThat(byMemory.get(7)).endsWith(" java");
        assertThat(web.answer("free -m").stdout()).startsWith("               total        used        free")
                .contains("Mem:", "Swap:");
        assertThat(web.answer("journalctl -k -n 200 --no-pager --grep 'Out of memory|oom-kill|Killed process'"))
                .isEqualTo(new CommandReply(1, "-- No entries --\n", ""));
        assertThat(web.answer("top").exitCode()).as("no tty without -b").isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rm -rf /", "curl http://example.com/", "bash -c 'id'", "sh", "'df' -P /x", "python3"})
    void anyOtherCommandIsNotFound(String line) {
        CommandReply reply = web.answer(line);
        if (line.startsWith("'df'")) {
            assertThat(reply.exitCode()).as("a quoted command name is still df").isEqualTo(1);
            return;
        }
        assertThat(reply.exitCode()).isEqualTo(127);
        assertThat(reply.stderr()).isEqualTo("bash: " + line.split(" ")[0] + ": command not found\n");
        assertThat(web.diskUsagePercent()).isEqualTo(93);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "df -P /; rm -rf /var/log/app",
            "df -P / && sudo -n systemctl restart app",
            "df -P $(find /var/log/app -delete)",
            "df -P `id`",
            "df -P / | tee /tmp/x",
            "df -P /var/log/*",
            "df -P ~root",
            "IFS=x df -P /",
            "df -P \"$HOME\"",
            "df -P /\nfind /var/log/app -delete",
            "df -P {/,/var}",
            "df -P 'unterminated"})
    void unquotedShellSyntaxIsRefusedAndNothingRuns(String line) {
        CommandReply reply = web.answer(line);

        assertThat(reply.exitCode()).isEqualTo(2);
        assertThat(reply.stdout()).isEmpty();
        assertThat(reply.stderr()).contains("runs no shell");
        assertThat(web.diskUsagePercent()).isEqualTo(93);
    }

    @Test
    void quotedHostileArgumentsAreLiteralWords() {
        CommandReply reply = web.answer("df -P '/; find /var/log/app -delete' '$(reboot)' '`id`' 'a'\\''b'");

        assertThat(reply.exitCode()).isEqualTo(1);
        assertThat(reply.stderr()).isEqualTo("""
                df: /; find /var/log/app -delete: No such file or directory
                df: $(reboot): No such file or directory
                df: `id`: No such file or directory
                df: a'b: No such file or directory
                """);
        assertThat(web.diskUsagePercent()).isEqualTo(93);
        assertThat(app.answer("sudo -n systemctl restart 'app; reboot'").stderr())
                .isEqualTo("Failed to restart app; reboot.service: Unit app; reboot.service not found.\n");
        assertThat(app.unitActive("app")).isFalse();
    }

    @Test
    void resetPutsTheScriptedProblemsBack() {
        web.answer("find '/var/log/app' -xdev -type f -mtime +'7' -print -delete");
        app.answer("systemctl restart 'app'");
        long before = web.version();

        web.reset();
        app.reset();

        assertThat(web.diskUsagePercent()).isEqualTo(93);
        assertThat(web.version()).isGreaterThan(before);
        assertThat(app.unitActive("app")).isFalse();
        assertThat(app.listening(8080)).isFalse();
    }

    @Test
    void readOnlyCommandsLeaveTheVersionAlone() {
        long before = web.version();
        Arrays.asList("df -P '/'", "timeout 20 du -x -k -d 1 '/'", "uptime", "free -m", "systemctl is-active 'nginx'",
                "find '/var/log/app' -xdev -type f -mtime +'7' -print").forEach(web::answer);

        assertThat(web.version()).isEqualTo(before);
        assertThat(web.diskUsagePercent()).isEqualTo(93);
    }

    /** The demo hosts run every read-only command of the new templates (a healthy answer, or the tool is missing). */
    @ParameterizedTest
    @ValueSource(strings = {
            "timedatectl show --property=NTPSynchronized --value", "findmnt -n -o TARGET,SOURCE,FSTYPE,OPTIONS -T '/'",
            "cat /proc/pressure/io", "iostat -dxy 1 1", "ps -eo state,pid,user,comm --no-headers",
            "ip -s -d link show dev 'eth0'", "ip -s link", "ethtool 'eth0'", "cat /proc/sys/fs/file-nr",
            "cat /proc/sys/net/netfilter/nf_conntrack_count /proc/sys/net/netfilter/nf_conntrack_max",
            "cat /proc/loadavg /proc/sys/kernel/pid_max /proc/sys/kernel/threads-max",
            "ps -eo nlwp,pid,user,comm --sort=-nlwp --no-headers", "cat /proc/mdstat", "journalctl --list-boots --no-pager",
            "systemctl list-units --failed --plain --no-legend --no-pager", "df -P -i '/'",
            "timeout 20 du -x --inodes -d 1 '/'",
            "systemctl list-units --all --plain --no-legend --no-pager node_exporter.service zabbix-agent.service"})
    void theNewTemplatesReadOnlyCommandsAnswerOnAHealthyHost(String line) {
        long before = web.version();
        CommandReply reply = web.answer(line);

        assertThat(reply.exitCode()).as(line + ": " + reply.stderr()).isZero();
        if (!line.contains("--failed")) { // a healthy host has no failed unit to list
            assertThat(reply.stdout()).as(line).isNotBlank();
        }
        assertThat(web.version()).as("read-only").isEqualTo(before);
    }

    @Test
    void theClockSynchronisesOnlyOnceChronyIsRestarted() {
        HostState time = HostState.clockNotSynchronising("time-1", CLOCK);

        assertThat(time.answer("timedatectl show --property=NTPSynchronized --value").stdout()).isEqualTo("no\n");
        assertThat(time.answer("chronyc -n tracking").stdout()).contains("2.314000000 seconds fast",
                "Leap status     : Not synchronised");
        assertThat(time.answer("systemctl restart 'chrony'").exitCode()).as("needs root").isEqualTo(4);
        assertThat(time.answer("sudo -n systemctl restart 'chrony'").exitCode()).isZero();
        assertThat(time.clockSynchronisedNow()).isTrue();
        assertThat(time.answer("chronyc -n tracking").stdout()).contains("Leap status     : Normal");
        time.reset();
        assertThat(time.clockSynchronisedNow()).isFalse();
    }

    @Test
    void inodesFreeUpWhenTheOldSessionFilesAreDeleted() {
        HostState inodes = HostState.inodesFull("inode-1", CLOCK);

        assertThat(inodes.answer("df -P -i '/'").stdout()).contains("IUse%").contains(" 92% /");
        assertThat(inodes.answer("find '/var/spool/app/sessions' -xdev -type f -mtime +'7' -print -delete")
                .stdout().lines()).hasSize(14);
        assertThat(inodes.inodeUsagePercent()).isEqualTo(36);
    }
}
