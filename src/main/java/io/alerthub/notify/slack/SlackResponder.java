package io.alerthub.notify.slack;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alerthub.notify.NotifyProperties;
import io.alerthub.notify.NotifyTexts;
import io.alerthub.notify.OutboundHttp;
import java.util.Map;
import java.util.concurrent.Executor;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Answers a button press through its {@code response_url} (notify stage): replaces the message with one that says who
 * acted, or posts a reply only the presser sees. Slack wants the interaction request answered within three seconds,
 * so the post runs on the application's task pool after the request is answered. Only URLs under
 * {@code alerthub.slack.interactive.response-url-prefixes} are posted to: a verified payload still names the URL, and
 * the hub must not be made to post elsewhere.
 */
@Component
public class SlackResponder {
    private static final Logger LOG = LoggerFactory.getLogger(SlackResponder.class);
    private final OutboundHttp http;
    private final SlackMessages messages;
    private final SlackInteractiveProperties properties;
    private final Executor executor;

    public SlackResponder(ProducerTemplate template, NotifyProperties notify, NotifyTexts texts,
            SlackInteractiveProperties properties, @Qualifier("applicationTaskExecutor") Executor executor) {
        this.http = new OutboundHttp(template, notify.slack().apiBaseUrl(), notify.connectTimeout(),
                notify.responseTimeout());
        this.messages = new SlackMessages(texts, true);
        this.properties = properties;
        this.executor = executor;
    }

    /** Replaces the pressed message: no buttons any more, and who did what. */
    public void acted(SlackInteractions.Press press, String locale, String operator) {
        post(press, messages.acted(press.message(), locale, press.actionId(), operator));
    }

    /** Tells only the presser why nothing (or nothing new) happened; {@code key} is under {@code interactive.}. */
    public void ephemeral(SlackInteractions.Press press, String locale, String key, Map<String, String> values) {
        post(press, messages.ephemeral(locale, key, values));
    }

    private void post(SlackInteractions.Press press, ObjectNode body) {
        String url = press.responseUrl();
        if (!properties.mayRespondTo(url)) {
            LOG.warn("slack interaction of user {}: response_url is not under alerthub.slack.interactive"
                    + ".response-url-prefixes {}; the message is not updated", press.userId(),
                    properties.responseUrlPrefixes());
            return;
        }
        executor.execute(() -> {
            try {
                OutboundHttp.Response response = http.postJson(url, Map.of(), body.toString());
                if (response.status() / 100 != 2) {
                    LOG.warn("slack response_url answered {} for a press of {} on incident {}", response.status(),
                            press.actionId(), press.incidentId());
                }
            } catch (OutboundHttp.TransportException e) {
                LOG.warn("slack response_url unreachable for a press of {} on incident {}: {}", press.actionId(),
                        press.incidentId(), e.getMessage());
            }
        });
    }
}
