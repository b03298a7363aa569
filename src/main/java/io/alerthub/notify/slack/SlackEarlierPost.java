package io.alerthub.notify.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alerthub.notify.Notification;
import io.alerthub.notify.OutboundHttp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the Slack message an interrupted attempt may have posted, so a notification whose sender stopped between
 * Slack's answer and the outbox commit is not posted twice (issue 11: a page after every crash was sent again).
 *
 * <p>Every message the hub posts carries Slack message metadata ({@code event_type} {@value #EVENT_TYPE},
 * {@code event_payload.notification_id} = the outbox id). Before a notification whose earlier attempt was cut off
 * is posted again, the channel's history while that attempt could post ({@code conversations.history}, or
 * {@code conversations.replies} of the incident's thread for a thread reply, from the attempt's lease to the lease's
 * end, both widened by {@link #SKEW}: Slack answers newest first, so without the upper bound a busy channel's messages
 * posted after the restart would fill the pages the search reads) is read with
 * {@code include_all_metadata}, a bounded number of small pages (each answer is read up to 64 KiB). A lookup that
 * cannot be made (missing {@code channels:history} scope, Slack down, an answer cut off) is logged and the message is
 * posted again: a page twice is better than none.
 */
final class SlackEarlierPost {
    /** The metadata event type of the hub's messages. */
    static final String EVENT_TYPE = "alerthub_notification";
    /** Messages per page (Slack suggests at most 200). */
    static final int PAGE = 100;
    /** How much of a page is read: 100 Block Kit messages of a few KiB each, with room to spare. */
    static final int MAX_PAGE_BYTES = 1024 * 1024;
    /**
     * Pages read at most: an interrupted attempt is found among the 1,000 messages of its lease (a storm that posts
     * more than ~10 a second to one channel exceeds it), or not at all.
     */
    static final int MAX_PAGES = 10;
    /** Allowance for clock skew between the hub (NTP-synchronised) and Slack when bounding the search by time. */
    static final Duration SKEW = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(SlackEarlierPost.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** What the search found: the message's {@code ts}, nothing, or that it could not tell. */
    record Found(String ts, String unknownBecause) {
        static Found none() {
            return new Found(null, null);
        }

        static Found unknown(String why) {
            return new Found(null, why);
        }
    }

    private final OutboundHttp http;
    private final String apiBaseUrl;
    private final Duration lease;

    /** @param lease how long an attempt owned its notification ({@code alerthub.outbox.lease}): it posted within it */
    SlackEarlierPost(OutboundHttp http, String apiBaseUrl, Duration lease) {
        this.http = http;
        this.apiBaseUrl = apiBaseUrl;
        this.lease = lease;
    }

    /** The metadata the hub attaches to the message of notification {@code n}. */
    static ObjectNode metadata(Notification n) {
        ObjectNode metadata = MAPPER.createObjectNode().put("event_type", EVENT_TYPE);
        metadata.putObject("event_payload").put("notification_id", n.id());
        return metadata;
    }

    /** Looks for the message of {@code n} posted while its interrupted attempt held the lease. */
    Found find(SlackTarget target, Notification n, boolean reply) {
        Instant since = n.interruptedAt().minus(SKEW);
        // the last cut-off attempt posted, if at all, before its lease ended (older rows lack that end: one lease on)
        Instant until = (n.interruptedUntil() != null ? n.interruptedUntil() : n.interruptedAt().plus(lease))
                .plus(SKEW);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("channel", target.channel());
        form.put("oldest", ts(since));
        form.put("latest", ts(until));
        form.put("inclusive", "true");
        form.put("include_all_metadata", "true");
        form.put("limit", String.valueOf(PAGE));
        if (reply) {
            form.put("ts", n.threadRef());
        }
        String method = reply ? "/conversations.replies" : "/conversations.history";
        for (int page = 0; page < MAX_PAGES; page++) {
            OutboundHttp.Response response;
            try {
                response = http.postForm(apiBaseUrl + method, Map.of("Authorization", "Bearer " + target.botToken()),
                        form, MAX_PAGE_BYTES);
            } catch (OutboundHttp.TransportException e) {
                return unknown(n, "slack unreachable: " + e.getMessage());
            }
            JsonNode answer = response.json();
            if (response.status() != 200 || response.truncated() || !answer.path("ok").asBoolean(false)) {
                return unknown(n, method.substring(1) + " answered " + response.status() + " "
                        + answer.path("error").asText(response.truncated() ? "a cut-off body" : "no ok"));
            }
            for (JsonNode message : answer.path("messages")) {
                JsonNode metadata = message.path("metadata");
                if (EVENT_TYPE.equals(metadata.path("event_type").asText())
                        && n.id().equals(metadata.path("event_payload").path("notification_id").asText())) {
                    return new Found(message.path("ts").asText(null), null);
                }
            }
            String cursor = answer.path("response_metadata").path("next_cursor").asText("");
            if (!answer.path("has_more").asBoolean(false) || cursor.isEmpty()) {
                return Found.none();
            }
            form.put("cursor", cursor);
        }
        return unknown(n, "not among the " + PAGE * MAX_PAGES + " messages of the interrupted attempt's lease");
    }

    /** A Slack message timestamp ({@code seconds.micros}) of an instant. */
    private static String ts(Instant t) {
        return t.getEpochSecond() + "." + String.format("%06d", t.getNano() / 1000);
    }

    private static Found unknown(Notification n, String why) {
        LOG.warn("slack: cannot tell whether the interrupted attempt of notification {} was posted ({}); posting it"
                + " again", n.id(), why);
        return Found.unknown(why);
    }
}
