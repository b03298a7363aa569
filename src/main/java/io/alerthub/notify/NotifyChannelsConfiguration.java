package io.alerthub.notify;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the notify stage's channels share: the message texts (English and Japanese). Each channel wires itself in its
 * own package ({@code notify.slack.SlackConfiguration}, {@code notify.pagerduty.PagerDutyConfiguration},
 * {@code notify.email.EmailConfiguration}), so adding a channel touches one package and the stage root never
 * imports a channel.
 */
@Configuration(proxyBeanMethods = false)
public class NotifyChannelsConfiguration {

    @Bean
    public NotifyTexts notifyTexts() {
        return new NotifyTexts();
    }
}
