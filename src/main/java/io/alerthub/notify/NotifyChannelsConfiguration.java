package io.alerthub.notify;

import io.alerthub.config.CustomerConfig;
import io.alerthub.config.CustomerRegistry;
import io.alerthub.config.NotificationsConfig;
import io.alerthub.notify.email.EmailChannel;
import io.alerthub.notify.email.EmailTarget;
import io.alerthub.notify.pagerduty.PagerDutyChannel;
import io.alerthub.notify.pagerduty.PagerDutyTarget;
import io.alerthub.notify.slack.SlackChannel;
import io.alerthub.notify.slack.SlackInteractiveProperties;
import io.alerthub.notify.slack.SlackMessages;
import io.alerthub.notify.slack.SlackTarget;
import java.time.Clock;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Creates the notify stage's channels as beans: each reads its customer's settings from the {@link CustomerRegistry}
 * at delivery time (so a reloaded customer.yaml applies to the next notification) and the hub-wide ones from
 * {@link NotifyProperties}.
 */
@Configuration(proxyBeanMethods = false)
public class NotifyChannelsConfiguration {

    @Bean
    public NotifyTexts notifyTexts() {
        return new NotifyTexts();
    }

    @Bean
    public SlackChannel slackChannel(ProducerTemplate template, NotifyProperties properties, CustomerRegistry registry,
            NotifyTexts texts, SlackInteractiveProperties interactive, Clock clock) {
        OutboundHttp http = new OutboundHttp(template, properties.slack().apiBaseUrl(), properties.connectTimeout(),
                properties.responseTimeout());
        return new SlackChannel(http, properties.slack().apiBaseUrl(), customerId -> registry.find(customerId)
                .flatMap(CustomerConfig::notificationSettings)
                .flatMap(NotificationsConfig::slackSettings)
                .map(SlackTarget::of), new SlackMessages(texts, interactive.enabled()), clock);
    }

    @Bean
    public PagerDutyChannel pagerDutyChannel(ProducerTemplate template, NotifyProperties properties,
            CustomerRegistry registry, Clock clock) {
        OutboundHttp http = new OutboundHttp(template, properties.pagerduty().baseUrl(), properties.connectTimeout(),
                properties.responseTimeout());
        return new PagerDutyChannel(http, properties.pagerduty().baseUrl(), customerId -> registry.find(customerId)
                .flatMap(CustomerConfig::notificationSettings)
                .flatMap(NotificationsConfig::pagerDutySettings)
                .map(PagerDutyTarget::of), clock);
    }

    @Bean
    public EmailChannel emailChannel(CamelContext camelContext, ProducerTemplate template,
            NotifyProperties properties, CustomerRegistry registry, NotifyTexts texts) {
        return new EmailChannel(template, EmailChannel.smtpEndpoint(camelContext, properties.email()),
                customerId -> registry.find(customerId)
                        .flatMap(CustomerConfig::notificationSettings)
                        .flatMap(NotificationsConfig::emailSettings)
                        .map(EmailTarget::of),
                texts, properties.email().messageIdDomain());
    }
}
