package io.alerthub.console;

import io.alerthub.model.TimelineEntry;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One timeline event as the incident page shows it: when, who, what kind, a person's text (a note, a resolution
 * note), an SSH step laid out readably (command, exit code, bounded output), the verdict's lists, and every other
 * detail as plain name/value pairs.
 */
public record TimelineItem(Instant at, String actor, String kind, String text, SshStep ssh, HandOver verdict,
                           Map<String, String> details) {

    /** Output longer than this is cut on the page (the timeline itself is already bounded by the scenario stage). */
    static final int MAX_OUTPUT_CHARS = 8000;
    /** Detail values longer than this are cut. */
    static final int MAX_VALUE_CHARS = 2000;

    /** Detail keys that carry a person's own words. */
    private static final List<String> TEXT_KEYS = List.of("text", "note", "comment");
    private static final Set<String> SSH_KINDS = Set.of("ssh", "ssh_failed", "ssh_refused", "would_run");
    private static final Set<String> SSH_KEYS = Set.of("phase", "step", "host", "command", "exitCode", "exitSignal",
            "stdout", "stderr", "truncated", "durationMs", "timedOut", "dryRun");
    private static final Set<String> VERDICT_KEYS = Set.of("checked", "found", "leftForYou");

    /**
     * A command the scenario ran (or refused, or only would have run) on a host.
     *
     * @param exitCode null when the command did not run to an exit code
     */
    public record SshStep(String phase, String step, String host, String command, Integer exitCode,
                          String exitSignal, String stdout, String stderr, boolean truncated, Long durationMs,
                          boolean timedOut, boolean dryRun) {

        /** Whether the command ended with exit code 0. */
        public boolean succeeded() {
            return exitCode != null && exitCode == 0 && !timedOut;
        }
    }

    /** The page's view of a stored timeline entry. */
    public static TimelineItem of(TimelineEntry entry) {
        Map<String, Object> detail = entry.detail();
        String text = TEXT_KEYS.stream().map(detail::get).filter(v -> v != null && !String.valueOf(v).isBlank())
                .map(v -> cut(String.valueOf(v), MAX_VALUE_CHARS)).findFirst().orElse(null);
        SshStep ssh = SSH_KINDS.contains(entry.kind()) ? ssh(entry.kind(), detail) : null;
        HandOver verdict = "outcome".equals(entry.kind()) ? HandOver.of(detail, null) : null;
        Map<String, String> rest = new LinkedHashMap<>();
        detail.forEach((key, value) -> {
            boolean shown = (text != null && TEXT_KEYS.contains(key))
                    || (ssh != null && SSH_KEYS.contains(key))
                    || (verdict != null && (VERDICT_KEYS.contains(key) || key.equals("reason")));
            if (!shown && value != null) {
                rest.put(key, cut(format(value), MAX_VALUE_CHARS));
            }
        });
        return new TimelineItem(entry.at(), entry.actor(), entry.kind(), text, ssh, verdict, rest);
    }

    /** The message key of the kind's label; templates fall back to the raw kind for kinds added later. */
    public String labelKey() {
        return "timeline.kind." + kind;
    }

    private static SshStep ssh(String kind, Map<String, Object> d) {
        return new SshStep(str(d.get("phase")), str(d.get("step")), str(d.get("host")), str(d.get("command")),
                d.get("exitCode") instanceof Number n ? n.intValue() : null, str(d.get("exitSignal")),
                output(d.get("stdout")), output(d.get("stderr")), Boolean.TRUE.equals(d.get("truncated"))
                        || length(d.get("stdout")) > MAX_OUTPUT_CHARS || length(d.get("stderr")) > MAX_OUTPUT_CHARS,
                d.get("durationMs") instanceof Number n ? n.longValue() : null, Boolean.TRUE.equals(d.get("timedOut")),
                Boolean.TRUE.equals(d.get("dryRun")) || "would_run".equals(kind));
    }

    private static String output(Object value) {
        return value == null ? "" : cut(String.valueOf(value), MAX_OUTPUT_CHARS);
    }

    private static int length(Object value) {
        return value == null ? 0 : String.valueOf(value).length();
    }

    private static String str(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    static String format(Object value) {
        if (value instanceof Collection<?> list) {
            return list.stream().map(String::valueOf).collect(Collectors.joining(", "));
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
        }
        return String.valueOf(value);
    }

    static String cut(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max) + "…";
    }
}
