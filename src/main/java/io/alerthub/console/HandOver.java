package io.alerthub.console;

import io.alerthub.model.TimelineEntry;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The "checked / found / left for you" summary a person reads first on a handed-over or escalated incident: from the
 * scenario's verdict on the timeline, or, for a verdict without lists (no scenario ran), its reason alone.
 */
public record HandOver(List<String> checked, List<String> found, List<String> leftForYou, String reason) {

    /** Whether the scenario listed what it checked, found or left (a verdict without a scenario has only a reason). */
    public boolean hasLists() {
        return !(checked.isEmpty() && found.isEmpty() && leftForYou.isEmpty());
    }

    /** Whether there is anything to show. */
    public boolean isEmpty() {
        return !hasLists() && (reason == null || reason.isBlank());
    }

    /** The summary of a verdict's timeline detail; {@code fallbackReason} when it has no reason of its own. */
    static HandOver of(Map<String, Object> detail, String fallbackReason) {
        Object reason = detail.get("reason");
        return new HandOver(list(detail.get("checked")), list(detail.get("found")), list(detail.get("leftForYou")),
                reason == null ? fallbackReason : TimelineItem.cut(String.valueOf(reason), TimelineItem.MAX_VALUE_CHARS));
    }

    /** The latest verdict on the timeline, or the incident's recorded reason when no verdict entry is there. */
    static HandOver latest(List<TimelineEntry> timeline, String outcomeReason) {
        for (int i = timeline.size() - 1; i >= 0; i--) {
            if ("outcome".equals(timeline.get(i).kind())) {
                return of(timeline.get(i).detail(), outcomeReason);
            }
        }
        return new HandOver(List.of(), List.of(), List.of(), outcomeReason);
    }

    private static List<String> list(Object value) {
        if (value instanceof Collection<?> items) {
            return items.stream().map(String::valueOf)
                    .map(s -> TimelineItem.cut(s, TimelineItem.MAX_VALUE_CHARS)).toList();
        }
        return value == null ? List.of() : List.of(String.valueOf(value));
    }
}
