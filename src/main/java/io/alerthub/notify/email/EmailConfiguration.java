package io.alerthub.notify.email;

import io.alerthub.config.CustomerConfig;
import io.alerthub.config.CustomerRegistry;
import io.alerthub.config.NotificationsConfig;
import io.alerthub.notify.NotifyProperties;
import io.alerthub.notify.NotifyTexts;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the e-mail channel: the SMTP endpoint of {@code alerthub.notify.email}, and each customer's recipients read
 * from the {@link CustomerRegistry} at delivery time.
 */
@Configuration(proxyBeanMethods = false)
public class EmailConfiguration {

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
