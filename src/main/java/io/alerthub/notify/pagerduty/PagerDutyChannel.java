package io.alerthub.notify.pagerduty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alerthub.model.ChannelKind;
import io.alerthub.model.NotificationAction;
import io.alerthub.notify.DeliveryResult;
import io.alerthub.notify.Excerpts;
import io.alerthub.notify.Notification;
import io.alerthub.notify.NotificationContent;
import io.alerthub.notify.NotificationChannel;
import io.alerthub.notify.OutboundHttp;
import io.alerthub.notify.TextFormat;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Pages people through the PagerDuty Events API v2 (notify stage): {@code POST {base}/v2/enqueue} with the customer's
 * routing key, {@code dedup_key} = the hub's incident id (so trigger, acknowledge and resolve address one PagerDuty
 * alert, and PagerDuty's webhooks name the incident back by it) and the PD-CEF payload: summary (at most 1024
 * characters), source = host, severity, component = alert name, group = customer, class = alert class, and
 * custom_details carrying what the automation did and the diagnostics.
 *
 * <p>Alert text is made inert in one place, {@link #TEXT}: PagerDuty shows the summary as the alert's title and relays
 * it into its own Slack, Teams, e-mail and SMS notifications, whose markup the hub cannot escape for; so besides
 * control characters and bidi overrides, {@code <} becomes its full-width form {@code ＜}: readable, but without it
 * neither Slack ({@code <!channel>}, {@code <https://…|…>}) nor HTML has markup to open ({@code >} alone opens none). Links travel only in {@code links[]}
 * and {@code client_url}, and only the hub's own. Every field is bounded, so an event stays far below the Events
 * API's 512 KB whatever the alert and the scenario produced.
 *
 * <p>Failure classes: 202 sent; 429 retried after {@code Retry-After}; 5xx and timeouts retried; 400 (invalid event)
 * and any other 4xx permanent. A digest is refused: PagerDuty is for people on call, quiet hours do not hold it.
 */
public final class PagerDutyChannel implements NotificationChannel {
    /** PD-CEF limits. */
    static final int SUMMARY_MAX = 1024;
    /** Source, component, group, class and names in the details: identifiers, not prose. */
    static final int FIELD_MAX = 255;
    static final int STEP_MAX = 500;
    /** Keeps an event far below the Events API's 512 KB limit whatever the scenario gathered. */
    static final int DIAGNOSTICS_MAX = 16_000;
    static final int STEPS_MAX = 100;
    private static final Set<String> SEVERITIES = Set.of("critical", "error", "warning", "info");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Plain text without the characters chat and mail renderers downstream of PagerDuty read as markup. */
    public static final TextFormat TEXT = TextFormat.plainThen(PagerDutyChannel::unmarked);
    private final OutboundHttp http;
    private final String defaultBaseUrl;
    private final Function<String, Optional<PagerDutyTarget>> targets;
    private final Clock clock;

    /**
     * @param defaultBaseUrl the Events API base used when a customer names none ({@code https://events.pagerduty.com})
     */
    public PagerDutyChannel(OutboundHttp http, String defaultBaseUrl,
            Function<String, Optional<PagerDutyTarget>> targets, Clock clock) {
        this.http = http;
        this.defaultBaseUrl = withoutTrailingSlash(defaultBaseUrl);
        this.targets = targets;
        this.clock = clock;
    }

    @Override
    public ChannelKind kind() {
        return ChannelKind.PAGERDUTY;
    }

    /** PagerDuty groups by itself (one dedup key per incident): a digest is not an event it takes. */
    @Override
    public boolean digests() {
        return false;
    }

    @Override
    public DeliveryResult deliver(Notification n) {
        if (n.action() == NotificationAction.DIGEST) {
            return DeliveryResult.failed("pagerduty takes no digests (quiet hours do not hold pages)");
        }
        Optional<PagerDutyTarget> target = targets.apply(n.customerId());
        if (target.isEmpty()) {
            return DeliveryResult.failed("customer \"" + n.customerId() + "\" has no notifications.pagerduty settings");
        }
        String base = target.get().baseUrl() != null ? withoutTrailingSlash(target.get().baseUrl()) : defaultBaseUrl;
        OutboundHttp.Response response;
        try {
            response = http.postJson(base + "/v2/enqueue", Map.of(), event(n, target.get()).toString());
        } catch (OutboundHttp.TransportException e) {
            return DeliveryResult.retry(null, "pagerduty unreachable: " + e.getMessage());
        }
        int status = response.status();
        if (status >= 200 && status <= 299) {
            String dedupKey = field(response, "dedup_key");
            return DeliveryResult.sent(dedupKey != null ? dedupKey : n.incidentId(),
                    "pagerduty " + eventAction(n.action()) + " accepted (" + status + ")");
        }
        if (status == 429) {
            return DeliveryResult.retry(OutboundHttp.retryAfter(response.retryAfter(), clock),
                    "pagerduty rate limit (429)");
        }
        if (status >= 500) {
            return DeliveryResult.retry(null, "pagerduty answered " + status);
        }
        String message = field(response, "message");
        JsonNode errors = response.json().path("errors");
        return DeliveryResult.failed("pagerduty answered " + status + (message != null ? " \"" + message + "\"" : "")
                + (errors.isArray() && !errors.isEmpty() ? " " + errors : ""));
    }

    /** The Events API v2 event for {@code n}. */
    ObjectNode event(Notification n, PagerDutyTarget target) {
        ObjectNode event = MAPPER.createObjectNode();
        event.put("routing_key", target.routingKey());
        event.put("event_action", eventAction(n.action()));
        event.put("dedup_key", n.incidentId());
        if (!"trigger".equals(eventAction(n.action()))) {
            // acknowledge and resolve carry only the key: PagerDuty ignores a payload on them
            return event;
        }
        NotificationContent c = n.content().in(TEXT);
        ObjectNode payload = event.putObject("payload");
        payload.put("summary", Excerpts.limit(summary(c), SUMMARY_MAX));
        payload.put("source", Excerpts.limit(firstNonBlank(c.host(), c.customerName(), c.customerId()), FIELD_MAX));
        payload.put("severity", severity(c.severity()));
        if (c.firstSeen() != null) {
            payload.put("timestamp", c.firstSeen().toString());
        }
        putIfPresent(payload, "component", c.alertName());
        putIfPresent(payload, "group", c.customerId());
        putIfPresent(payload, "class", c.alertClass());
        ObjectNode details = payload.putObject("custom_details");
        putIfPresent(details, "customer", c.customerName());
        putIfPresent(details, "incident", c.incidentId());
        putIfPresent(details, "state", c.state());
        putIfPresent(details, "outcome", c.outcome());
        putIfPresent(details, "rawSeverity", c.severity());
        ArrayNode steps = details.putArray("steps");
        if (c.steps() != null) {
            c.steps().stream().limit(STEPS_MAX).forEach(step -> steps.add(Excerpts.limit(step, STEP_MAX)));
        }
        if (c.diagnostics() != null) {
            details.put("diagnostics", Excerpts.limit(c.diagnostics(), DIAGNOSTICS_MAX));
        }
        event.put("client", "Alert Hub");
        if (c.incidentUrl() != null) {
            event.put("client_url", c.incidentUrl());
            event.putArray("links").addObject().put("href", c.incidentUrl())
                    .put("text", "Alert Hub incident " + c.incidentId());
        }
        // the source's runbook and dashboard links ride along; PagerDuty shows links[] as links, never as markup
        c.links().forEach(l -> event.withArray("links").addObject().put("href", l.href()).put("text", l.text()));
        return event;
    }

    private static String unmarked(String text) {
        return text == null ? null : text.replace('<', '＜');
    }

    static String eventAction(NotificationAction action) {
        return switch (action) {
            case ACKNOWLEDGE -> "acknowledge";
            case RESOLVE -> "resolve";
            // an update re-triggers the same dedup_key: PagerDuty adds it to the open alert's log
            // a re-fire too: on an acknowledged PagerDuty incident it lands in the alert log without paging again
            // a flapping notice lands in the same alert's log too (the dedup_key is the incident's)
            case TRIGGER, UPDATE, REFIRE, FLAPPING, DIGEST -> "trigger";
        };
    }

    /** PD-CEF severity; an unknown value pages as {@code error}, louder rather than lost. */
    static String severity(String severity) {
        String s = severity == null ? "" : severity.toLowerCase(Locale.ROOT);
        return SEVERITIES.contains(s) ? s : "error";
    }

    private static String summary(NotificationContent c) {
        StringBuilder summary = new StringBuilder();
        if (c.customerName() != null || c.customerId() != null) {
            summary.append('[').append(c.customerName() != null ? c.customerName() : c.customerId()).append("] ");
        }
        summary.append(firstNonBlank(c.alertName(), c.alertClass(), "alert"));
        if (c.host() != null) {
            summary.append(" on ").append(c.host());
        }
        if (c.summary() != null && !c.summary().isBlank()) {
            // a title: the summary's lines run on
            summary.append(": ").append(TextFormat.plainLine(c.summary()).strip());
        }
        return summary.toString();
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return "unknown";
    }

    /** A short identifying field: present only when known, at most {@link #FIELD_MAX} characters. */
    private static void putIfPresent(ObjectNode node, String name, String value) {
        if (value != null) {
            node.put(name, Excerpts.limit(value, FIELD_MAX));
        }
    }

    private static String field(OutboundHttp.Response response, String name) {
        JsonNode value = response.json().path(name);
        return value.isTextual() ? value.asText() : null;
    }

    private static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
