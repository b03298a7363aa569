package io.alerthub.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import java.util.Optional;

/**
 * Where a customer's notifications go ({@code notifications:} in customer.yaml): a Slack incoming webhook or a bot
 * token plus channel, a PagerDuty Events API v2 routing key (and the signing secrets of the PagerDuty webhooks that
 * report acknowledgements back), and the customer's emergency e-mail contacts; every credential by reference.
 */
public record NotificationsConfig(@Valid SlackSettings slack, @Valid PagerDutySettings pagerduty,
        @Valid EmailSettings email) {

    /** The customer's Slack settings, when customer.yaml has {@code notifications.slack}. */
    public Optional<SlackSettings> slackSettings() {
        return Optional.ofNullable(slack);
    }

    public Optional<PagerDutySettings> pagerDutySettings() {
        return Optional.ofNullable(pagerduty);
    }

    public Optional<EmailSettings> emailSettings() {
        return Optional.ofNullable(email);
    }

    NotificationsConfig withSlack(SlackSettings resolved) {
        return new NotificationsConfig(resolved, pagerduty, email);
    }

    NotificationsConfig withPagerDuty(PagerDutySettings resolved) {
        return new NotificationsConfig(slack, resolved, email);
    }

    /**
     * Slack for one customer: either an incoming webhook URL (posts to the webhook's own channel; no thread replies,
     * since a webhook does not answer with the message's {@code ts}) or a bot token with the channel to post to.
     */
    public record SlackSettings(
            Secret webhookUrl,
            Secret botToken,
            @Pattern(regexp = SlackSettings.CHANNEL,
                    message = "invalid channel %s (valid: " + SlackSettings.CHANNEL_RULE + ")")
            String channel) {
        static final String CHANNEL = "#?[a-z0-9][a-z0-9._-]{0,79}|[CGD][A-Z0-9]{8,}";
        static final String CHANNEL_RULE = "a channel id like \"C0123456789\" or a name like \"#acme-alerts\"";

        /** True when messages go through the Web API ({@code chat.postMessage}) and can be threaded. */
        public boolean usesBotToken() {
            return botToken != null;
        }

        SlackSettings withSecrets(Secret resolvedWebhookUrl, Secret resolvedBotToken) {
            return new SlackSettings(resolvedWebhookUrl, resolvedBotToken, channel);
        }
    }

    /**
     * PagerDuty for one customer: the Events API v2 integration (routing) key, an optional base URL replacing the
     * hub's {@code alerthub.notify.pagerduty.base-url}, and the signing secrets of the v3 webhook subscription that
     * reports acknowledgements and resolutions (several while a secret is rotated).
     */
    public record PagerDutySettings(
            @NotNull(message = "is required") Secret routingKey,
            @Pattern(regexp = PagerDutySettings.BASE_URL, message = "invalid base url %s (valid: an http or https url "
                    + "without path, e.g. \"https://events.pagerduty.com\")")
            String baseUrl,
            List<@NotNull(message = "is required") Secret> webhookSecrets) {
        static final String BASE_URL = "https?://[^\\s/?#]+/?";

        public PagerDutySettings {
            webhookSecrets = CustomerConfig.immutable(webhookSecrets);
        }

        /** The customer's own Events API base URL, when customer.yaml sets one. */
        public Optional<String> baseUrlOverride() {
            return Optional.ofNullable(baseUrl).map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
        }

        PagerDutySettings withSecrets(Secret resolvedRoutingKey, List<Secret> resolvedWebhookSecrets) {
            return new PagerDutySettings(resolvedRoutingKey, baseUrl, resolvedWebhookSecrets);
        }
    }

    /** The customer's emergency contacts for e-mail notifications, with the sender and an optional reply address. */
    public record EmailSettings(
            @NotEmpty(message = "must list at least one address")
            List<@NotBlank(message = "is required") @Email(message = "invalid address %s") String> to,
            @NotBlank(message = "is required") @Email(message = "invalid address %s") String from,
            @Email(message = "invalid address %s") String replyTo) {

        public EmailSettings {
            to = CustomerConfig.immutable(to);
        }
    }
}
