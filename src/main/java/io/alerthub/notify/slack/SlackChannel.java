package io.alerthub.notify.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alerthub.model.ChannelKind;
import io.alerthub.model.NotificationAction;
import io.alerthub.notify.DeliveryResult;
import io.alerthub.notify.Notification;
import io.alerthub.notify.NotificationChannel;
import io.alerthub.notify.OutboundHttp;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Sends notifications to Slack as Block Kit messages (notify stage): with a bot token through {@code chat.postMessage},
 * updates and resolutions as replies in the incident's thread ({@code thread_ts} = the first message's {@code ts});
 * with an incoming webhook as plain channel messages.
 *
 * <p>Why camel-http and not camel-slack: camel-slack 4.17's producer (checked in its source) drops the
 * {@code chat.postMessage} response, so the message {@code ts} that thread replies need is lost; it cannot send
 * {@code thread_ts} at all (it copies only channel, text, blocks and attachments); it turns {@code ok:false} into an
 * exception whose only trace of the Slack error code or {@code Retry-After} is a message string, so rate limits could
 * not be told from a revoked token; and its token and channel are endpoint options, i.e. one endpoint (with the
 * token in its URI) per customer. Its {@code serverUrl} would have allowed a local base URL, which this class keeps
 * ({@code alerthub.notify.slack.api-base-url}).
 *
 * <p>Failure classes: HTTP 429 and Slack's {@code ratelimited} are retried after {@code Retry-After}; 5xx, timeouts
 * and Slack's transient errors ({@code internal_error}, {@code fatal_error}, {@code service_unavailable},
 * {@code request_timeout}) are retried; every other {@code ok:false} error ({@code invalid_auth},
 * {@code channel_not_found}, {@code not_in_channel}, {@code invalid_blocks}…) and every other 4xx is permanent.
 *
 * <p>A notification whose earlier attempt was cut off (the hub stopped mid-send) is looked for in the channel first
 * ({@link SlackEarlierPost}) and posted again only when it is not there.
 */
public final class SlackChannel implements NotificationChannel {
    /** Slack errors worth another try (all others are configuration or content problems a retry cannot fix). */
    static final Set<String> TRANSIENT_ERRORS = Set.of("ratelimited", "rate_limited", "internal_error",
            "fatal_error", "service_unavailable", "request_timeout");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final OutboundHttp http;
    private final String apiBaseUrl;
    private final Function<String, Optional<SlackTarget>> targets;
    private final SlackMessages messages;
    private final Clock clock;
    private final SlackEarlierPost earlier;
    private final Consumer<String> searched;

    /**
     * @param apiBaseUrl the Web API base ({@code https://slack.com/api}); {@code /chat.postMessage} is appended
     * @param targets    the Slack target of a customer id, empty when the customer has no Slack settings
     * @param lease      the outbox lease ({@code alerthub.outbox.lease}): an interrupted attempt posted within it
     * @param searched   told the id of a notification whose earlier attempts the channel's history proved unposted
     */
    public SlackChannel(OutboundHttp http, String apiBaseUrl, Function<String, Optional<SlackTarget>> targets,
            SlackMessages messages, Clock clock, Duration lease, Consumer<String> searched) {
        this.http = http;
        this.apiBaseUrl = apiBaseUrl.endsWith("/") ? apiBaseUrl.substring(0, apiBaseUrl.length() - 1) : apiBaseUrl;
        this.targets = targets;
        this.messages = messages;
        this.earlier = new SlackEarlierPost(http, this.apiBaseUrl, lease);
        this.searched = searched;
        this.clock = clock;
    }

    @Override
    public ChannelKind kind() {
        return ChannelKind.SLACK;
    }

    @Override
    public DeliveryResult deliver(Notification n) {
        Optional<SlackTarget> target = targets.apply(n.customerId());
        if (target.isEmpty()) {
            return DeliveryResult.failed("customer \"" + n.customerId() + "\" has no notifications.slack settings");
        }
        ObjectNode message = messages.render(n);
        try {
            return target.get().usesBotToken() ? postMessage(target.get(), n, message) : postWebhook(target.get(),
                    message);
        } catch (OutboundHttp.TransportException e) {
            return DeliveryResult.retry(null, "slack unreachable: " + e.getMessage());
        }
    }

    private DeliveryResult postMessage(SlackTarget target, Notification n, ObjectNode message)
            throws OutboundHttp.TransportException {
        ObjectNode body = MAPPER.createObjectNode().put("channel", target.channel());
        body.setAll(message);
        boolean reply = n.threadRef() != null && n.action() != NotificationAction.DIGEST;
        if (n.interruptedAt() != null) {
            SlackEarlierPost.Found found = earlier.find(target, n, reply);
            if (found.ts() != null) {
                return DeliveryResult.sent(found.ts(), "already posted by an interrupted attempt (ts " + found.ts()
                        + "): not posted again");
            }
            if (found.unknownBecause() == null) {
                // the whole window was read: no earlier attempt posted it, so if this one is cut off too, only its own
                // lease needs searching (a window kept from the first attempt grew past what one lookup reads)
                searched.accept(n.id());
            }
        }
        body.set("metadata", SlackEarlierPost.metadata(n));
        if (reply) {
            body.put("thread_ts", n.threadRef());
            if (n.action() == NotificationAction.RESOLVE || n.action() == NotificationAction.REFIRE) {
                // the resolution (or the alert firing again) also shows in the channel, where people saw the alert
                body.put("reply_broadcast", true);
            }
        }
        body.put("unfurl_links", false).put("unfurl_media", false);
        OutboundHttp.Response response = http.postJson(apiBaseUrl + "/chat.postMessage",
                Map.of("Authorization", "Bearer " + target.botToken()), body.toString());
        DeliveryResult byStatus = byStatus(response);
        if (byStatus != null) {
            return byStatus;
        }
        // Slack's answer starts with "ok" and "ts": a cut answer still tells whether the message was posted
        JsonNode answer = response.json();
        if (answer.isMissingNode()) {
            return DeliveryResult.failed("slack answered " + response.status() + " with a body that is not json");
        }
        if (!answer.path("ok").isBoolean()) {
            return DeliveryResult.failed("slack answered " + response.status() + " without \"ok\"");
        }
        if (answer.path("ok").asBoolean()) {
            String ts = answer.path("ts").asText(null);
            return DeliveryResult.sent(ts, "posted to " + answer.path("channel").asText(target.channel())
                    + (reply ? " in thread " + n.threadRef() : "") + " ts " + ts);
        }
        String error = answer.path("error").asText("unknown_error");
        if (TRANSIENT_ERRORS.contains(error)) {
            return DeliveryResult.retry(OutboundHttp.retryAfter(response.retryAfter(), clock),
                    "slack error \"" + error + "\"");
        }
        return DeliveryResult.failed("slack error \"" + error + "\"");
    }

    private DeliveryResult postWebhook(SlackTarget target, ObjectNode message) throws OutboundHttp.TransportException {
        OutboundHttp.Response response = http.postJson(target.webhookUrl(), Map.of(), message.toString());
        DeliveryResult byStatus = byStatus(response);
        if (byStatus != null) {
            return byStatus;
        }
        // an incoming webhook answers "ok" and no ts: its messages cannot be threaded
        return DeliveryResult.sent(null, "posted through the incoming webhook");
    }

    /** The result an HTTP status alone decides (429, 5xx, other non-2xx); null for 2xx. */
    private DeliveryResult byStatus(OutboundHttp.Response response) {
        int status = response.status();
        if (status == 429) {
            return DeliveryResult.retry(OutboundHttp.retryAfter(response.retryAfter(), clock),
                    "slack rate limit (429)");
        }
        if (status >= 500) {
            return DeliveryResult.retry(null, "slack answered " + status);
        }
        if (status < 200 || status > 299) {
            // webhooks name their error in a short text body (invalid_token, channel_not_found, no_service…)
            return DeliveryResult.failed("slack answered " + status + errorText(response.body()));
        }
        return null;
    }

    private static String errorText(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String first = body.strip().lines().findFirst().orElse("");
        return " \"" + (first.length() > 100 ? first.substring(0, 100) : first) + "\"";
    }
}
