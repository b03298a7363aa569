package io.alerthub.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.alerthub.model.TimelineEntry;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How timeline entries are laid out for a person: SSH steps, verdicts, notes and everything else. */
class TimelineItemTest {
    private static final Instant AT = Instant.parse("2026-12-07T12:00:00Z");

    @Test
    void anSshStepKeepsCommandExitCodeAndOutputApart() {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("phase", "check");
        detail.put("step", "disk");
        detail.put("host", "web-1");
        detail.put("command", "df -P /");
        detail.put("exitCode", 0);
        detail.put("stdout", "/dev/sda1 93%");
        detail.put("stderr", "");
        detail.put("truncated", false);
        detail.put("durationMs", 12);
        detail.put("timedOut", false);
        detail.put("attempt", 1);

        TimelineItem item = TimelineItem.of(new TimelineEntry(AT, "hub", "ssh", detail));

        assertThat(item.ssh()).isEqualTo(new TimelineItem.SshStep("check", "disk", "web-1", "df -P /", 0, null,
                "/dev/sda1 93%", "", false, 12L, false, false));
        assertThat(item.ssh().succeeded()).isTrue();
        assertThat(item.details()).containsExactly(Map.entry("attempt", "1"));
        assertThat(item.labelKey()).isEqualTo("timeline.kind.ssh");
    }

    @Test
    void longOutputIsCutAndSaysSo() {
        TimelineItem item = TimelineItem.of(new TimelineEntry(AT, "hub", "ssh", Map.of("command", "journalctl",
                "exitCode", 1, "stdout", "y".repeat(TimelineItem.MAX_OUTPUT_CHARS * 2))));

        assertThat(item.ssh().stdout()).hasSize(TimelineItem.MAX_OUTPUT_CHARS + 1).endsWith("…");
        assertThat(item.ssh().truncated()).isTrue();
        assertThat(item.ssh().succeeded()).isFalse();
    }

    @Test
    void aTimedOutCommandIsNotASuccess() {
        TimelineItem item = TimelineItem.of(new TimelineEntry(AT, "hub", "ssh", Map.of("command", "sleep 99",
                "exitCode", 0, "timedOut", true)));
        assertThat(item.ssh().succeeded()).isFalse();
    }

    @Test
    void aDryRunCommandIsMarked() {
        TimelineItem item = TimelineItem.of(new TimelineEntry(AT, "hub", "would_run", Map.of("command",
                "systemctl restart app", "action", "restart app")));
        assertThat(item.ssh().dryRun()).isTrue();
        assertThat(item.ssh().exitCode()).isNull();
        assertThat(item.details()).containsExactly(Map.entry("action", "restart app"));
    }

    @Test
    void aVerdictBecomesTheHandOverLists() {
        TimelineItem item = TimelineItem.of(new TimelineEntry(AT, "hub", "outcome", Map.of("outcome", "HANDED_OVER",
                "reason", "left to a person", "checked", List.of("a"), "found", List.of("b"), "leftForYou",
                List.of("c"))));

        assertThat(item.verdict()).isEqualTo(new HandOver(List.of("a"), List.of("b"), List.of("c"), "left to a person"));
        assertThat(item.details()).containsExactly(Map.entry("outcome", "HANDED_OVER"));
    }

    @Test
    void aPersonsWordsAreTheText() {
        TimelineItem item = TimelineItem.of(new TimelineEntry(AT, "alice", "note", Map.of("text", "called the customer")));
        assertThat(item.text()).isEqualTo("called the customer");
        assertThat(item.details()).isEmpty();
        assertThat(item.ssh()).isNull();
    }

    @Test
    void theLatestVerdictWinsAndTheRecordedReasonIsTheFallback() {
        List<TimelineEntry> timeline = List.of(
                new TimelineEntry(AT, "hub", "outcome", Map.of("reason", "first", "found", List.of("x"))),
                new TimelineEntry(AT, "hub", "outcome", Map.of("found", List.of("y"))));

        assertThat(HandOver.latest(timeline, "recorded")).isEqualTo(
                new HandOver(List.of(), List.of("y"), List.of(), "recorded"));
        assertThat(HandOver.latest(List.of(), null).isEmpty()).isTrue();
        assertThat(HandOver.latest(List.of(), "escalated: no scenario").isEmpty()).isFalse();
    }
}
