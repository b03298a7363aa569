package io.alerthub.scenario.library;

import io.alerthub.scenario.ParamValues;
import io.alerthub.scenario.ScenarioRun;
import io.alerthub.scenario.Scenarios;
import io.alerthub.scenario.ssh.CommandTemplate;
import io.alerthub.scenario.ssh.SshResult;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the gather-and-hand-over templates share: run one read-only command, note what was looked at, and tell a
 * missing tool (exit 127) or a refused read from an answer, so the hand-over says which it was.
 */
final class Diagnostics {
    /** The mount point in a Zabbix 7.x filesystem trigger name: {@code Linux: FS [/var]: Space is low}. */
    private static final Pattern ZABBIX_FS = Pattern.compile("\\bFS \\[(/[^\\]]{0,1023})]");
    /** The interface in a Zabbix interface trigger name: {@code Linux: Interface eth0(): Link down}. */
    private static final Pattern ZABBIX_INTERFACE = Pattern.compile("\\bInterface ([A-Za-z0-9_.:@-]{1,15})\\(");
    /** A Linux network interface name: up to 15 characters, no slash, no whitespace, not starting with a dot. */
    static final Pattern INTERFACE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.:@-]{0,14}");

    private Diagnostics() {
    }

    /**
     * Runs {@code command} for the {@code what} of the hand-over; its output when it ran and answered (exit 0), empty
     * when it ran but failed (the reason is noted as found), and empty with the run decided when it could not run.
     */
    static Optional<String> read(Scenarios scenarios, ScenarioRun run, String phase, CommandTemplate command,
                                 Map<String, String> values, String what) {
        return read(scenarios, run, phase, command, values, what, false);
    }

    /** As {@link #read}, for a search ({@code journalctl --grep}, {@code grep}) whose exit 1 means "no match". */
    static Optional<String> grep(Scenarios scenarios, ScenarioRun run, String phase, CommandTemplate command,
                                 Map<String, String> values, String what) {
        return read(scenarios, run, phase, command, values, what, true);
    }

    private static Optional<String> read(Scenarios scenarios, ScenarioRun run, String phase, CommandTemplate command,
                                         Map<String, String> values, String what, boolean oneIsNoMatch) {
        SshResult result = scenarios.ssh(run, phase, command, values);
        if (result == null) {
            return Optional.empty();
        }
        run.checked(what);
        if (result.succeeded()) {
            return Optional.of(result.stdout());
        }
        if (oneIsNoMatch && result.exitCode() != null && result.exitCode() == 1 && result.stderr().isBlank()) {
            return Optional.of("");
        }
        String program = command.text().split(" ")[0];
        if (result.exitCode() != null && result.exitCode() == 127) {
            run.found(run.text("diag.not-installed", "what", what, "program", program));
        } else {
            String err = result.stderr().strip();
            run.found(run.text("diag.failed", "what", what, "program", program, "exitCode", result.exitCode(),
                    "error", err.isEmpty() ? "" : run.text("diag.failed.error", "error", firstLine(err))));
        }
        return Optional.empty();
    }

    /**
     * Searches the last {@code lines} kernel log lines with {@code command} (a {@code journalctl -k --grep}) and notes
     * how many {@code kind} error lines it found and the last one.
     */
    static void kernelErrors(Scenarios scenarios, ScenarioRun run, CommandTemplate command, int lines, String kind) {
        List<String> errors = grep(scenarios, run, "gather", command, Map.of("lines", Integer.toString(lines)),
                run.text("diag.kernel.checked", "kind", kind)).map(Diagnostics::lines).orElse(List.of());
        if (run.isOpen()) {
            run.found(errors.isEmpty() ? run.text("diag.kernel.none", "kind", kind, "lines", lines)
                    : run.text("diag.kernel.some", "count", errors.size(), "kind", kind,
                    "line", errors.get(errors.size() - 1).strip()));
        }
    }

    /**
     * The mount point a template works on: the binding's {@code path} (checked as a path), else the one the alert
     * names ({@link #mountPoint}), else {@code /}; {@code run} is null only when a test reads the parameters alone.
     */
    static String pathParameter(ParamValues values, ScenarioRun run) {
        String path = values.text("path");
        if (path == null) {
            return run == null ? "/" : mountPoint(run).orElse("/");
        }
        return values.path("path", path);
    }

    /** The mount point an alert is about: its {@code mountpoint} or {@code path} label, or a Zabbix FS [..] name. */
    static Optional<String> mountPoint(ScenarioRun run) {
        return run.label("mountpoint").or(() -> run.label("path")).or(() -> fromName(run, ZABBIX_FS));
    }

    /** The network interface an alert is about: label device, interface or master, or a Zabbix interface name. */
    static Optional<String> networkInterface(ScenarioRun run) {
        return run.label("device").or(() -> run.label("interface")).or(() -> run.label("master"))
                .or(() -> fromName(run, ZABBIX_INTERFACE));
    }

    private static Optional<String> fromName(ScenarioRun run, Pattern pattern) {
        return run.alert().map(a -> a.alert().name()).map(pattern::matcher).filter(Matcher::find)
                .map(m -> m.group(1));
    }

    /** Non-blank lines. */
    static List<String> lines(String text) {
        return text.lines().filter(l -> !l.isBlank()).toList();
    }

    /** The first {@code n} non-blank lines, joined. */
    static String head(String text, int n) {
        return String.join("\n", lines(text).stream().limit(n).toList());
    }

    static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
