package io.alerthub.notify.slack;

import io.alerthub.config.NotificationsConfig;
import java.nio.charset.StandardCharsets;

/**
 * Where one customer's Slack messages go, with credentials resolved: an incoming webhook URL, or a bot token and the
 * channel for {@code chat.postMessage}; never prints its credentials.
 */
public record SlackTarget(String webhookUrl, String botToken, String channel) {

    public SlackTarget {
        if ((webhookUrl == null) == (botToken == null)) {
            throw new IllegalArgumentException("slack target needs exactly one of webhookUrl or botToken");
        }
        if (botToken != null && (channel == null || channel.isBlank())) {
            throw new IllegalArgumentException("slack target with a bot token needs a channel");
        }
    }

    public static SlackTarget webhook(String url) {
        return new SlackTarget(url, null, null);
    }

    public static SlackTarget bot(String token, String channel) {
        return new SlackTarget(null, token, channel);
    }

    /** The target a customer's {@code notifications.slack} (already resolved by the registry) describes. */
    public static SlackTarget of(NotificationsConfig.SlackSettings settings) {
        return settings.usesBotToken()
                ? bot(new String(settings.botToken().bytes(), StandardCharsets.UTF_8), settings.channel())
                : webhook(new String(settings.webhookUrl().bytes(), StandardCharsets.UTF_8).trim());
    }

    public boolean usesBotToken() {
        return botToken != null;
    }

    @Override
    public String toString() {
        return usesBotToken() ? "SlackTarget[bot token <secret>, channel " + channel + "]"
                : "SlackTarget[webhook <secret>]";
    }
}
