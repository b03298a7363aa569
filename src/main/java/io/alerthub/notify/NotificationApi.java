package io.alerthub.notify;

import io.alerthub.model.TimelineEntry;
import io.alerthub.store.OutboxEntry;
import io.alerthub.store.OutboxStore;
import io.alerthub.store.Page;
import io.alerthub.store.TimelineStore;
import io.alerthub.support.PageResponse;
import io.alerthub.support.security.CustomerScope;
import java.security.Principal;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The outbox for operators ({@code /api/v1/notifications}): list notifications by status — {@code DEAD} is the dead
 * letter — and send a dead one again once its channel is fixed. Behind login; retrying needs the admin role. Only the
 * caller's customers are listed; another customer's notification answers 404 (the incident stage's path gate).
 */
@RestController
@RequestMapping("/api/v1/notifications")
public class NotificationApi {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationApi.class);
    private final OutboxStore outbox;
    private final TimelineStore timeline;
    private final OutboxWake wake;
    private final Clock clock;
    private final CustomerScope scope;

    public NotificationApi(OutboxStore outbox, TimelineStore timeline, OutboxWake wake, Clock clock,
                           CustomerScope scope) {
        this.outbox = outbox;
        this.timeline = timeline;
        this.wake = wake;
        this.clock = clock;
        this.scope = scope;
    }

    @GetMapping
    public PageResponse<OutboxEntry> list(@RequestParam(required = false) OutboxEntry.Status status,
                                          @RequestParam(required = false) String customer,
                                          @RequestParam(required = false) String cursor,
                                          @RequestParam(required = false) Integer limit) {
        Page<OutboxEntry> page = outbox.list(status, customer, scope.within(), cursor, PageResponse.limit(limit));
        return PageResponse.of(page.items(), page.nextCursor());
    }

    /** Puts a dead notification back in the queue, with its attempts reset. */
    @PostMapping("/{id}/retry")
    public OutboxEntry retry(@PathVariable String id, Principal principal) {
        OutboxEntry entry = outbox.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "notification \"" + id + "\" not found"));
        if (entry.status() != OutboxEntry.Status.DEAD) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "notification \"" + id + "\" is " + entry.status()
                    + ": only a DEAD notification can be sent again");
        }
        outbox.retry(id, entry.lastError(), 0, clock.instant());
        // who sent a dead notification again is part of the incident's story
        timeline.append(entry.incidentId(), new TimelineEntry(clock.instant(), principal.getName(),
                "notification_retried", Map.of("notificationId", id, "channel", entry.channel().id(),
                "action", entry.action().name())));
        LOG.info("{} sent dead notification {} ({} {} of incident {}) again", principal.getName(), id,
                entry.channel(), entry.action(), entry.incidentId());
        wake.request();
        return outbox.find(id).orElseThrow();
    }
}
