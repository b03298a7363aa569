package io.alerthub.notify.slack;

import io.alerthub.config.CustomerConfig;
import io.alerthub.config.CustomerRegistry;
import io.alerthub.config.NotificationsConfig;
import io.alerthub.notify.NotifyProperties;
import io.alerthub.notify.NotifyTexts;
import io.alerthub.notify.OutboundHttp;
import io.alerthub.notify.OutboxProperties;
import io.alerthub.store.OutboxStore;
import java.time.Clock;
import org.apache.camel.ProducerTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the Slack channel: its HTTP client on {@code alerthub.notify.slack.api-base-url}, and each customer's Slack
 * target read from the {@link CustomerRegistry} at delivery time (a reloaded customer.yaml applies to the next
 * notification).
 */
@Configuration(proxyBeanMethods = false)
public class SlackConfiguration {

    @Bean
    public SlackChannel slackChannel(ProducerTemplate template, NotifyProperties properties, CustomerRegistry registry,
            NotifyTexts texts, SlackInteractiveProperties interactive, Clock clock, OutboxProperties outbox, OutboxStore store) {
        OutboundHttp http = new OutboundHttp(template, properties.slack().apiBaseUrl(), properties.connectTimeout(),
                properties.responseTimeout());
        return new SlackChannel(http, properties.slack().apiBaseUrl(), customerId -> registry.find(customerId)
                .flatMap(CustomerConfig::notificationSettings)
                .flatMap(NotificationsConfig::slackSettings)
                .map(SlackTarget::of), new SlackMessages(texts, interactive.enabled()), clock, outbox.lease(), store::searched);
    }
}
