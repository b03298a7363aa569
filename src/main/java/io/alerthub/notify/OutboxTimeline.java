package io.alerthub.notify;

import io.alerthub.model.TimelineEntry;
import io.alerthub.store.OutboxEntry;
import io.alerthub.store.TimelineStore;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Writes what the outbox did with a notification on its incident's timeline, always with the same detail fields. */
@Component
public class OutboxTimeline {
    private final TimelineStore timeline;
    private final Clock clock;

    public OutboxTimeline(TimelineStore timeline, Clock clock) {
        this.timeline = timeline;
        this.clock = clock;
    }

    /** Records {@code kind} ({@code notification_sent}, {@code _held}, {@code _failed}, …) for {@code entry}. */
    public void record(OutboxEntry entry, String kind, Map<String, Object> more) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("channel", entry.channel().id());
        detail.put("action", entry.action().name());
        detail.put("level", entry.level());
        detail.put("audience", entry.audience());
        detail.put("notification", entry.id());
        detail.putAll(more);
        timeline.append(entry.incidentId(), new TimelineEntry(clock.instant(), "hub", kind, detail));
    }
}
