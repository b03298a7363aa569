package io.alerthub.notify.pagerduty;

import io.alerthub.config.CustomerConfig;
import io.alerthub.config.CustomerRegistry;
import io.alerthub.config.NotificationsConfig;
import io.alerthub.notify.NotifyProperties;
import io.alerthub.notify.OutboundHttp;
import java.time.Clock;
import org.apache.camel.ProducerTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the PagerDuty channel: its HTTP client on {@code alerthub.notify.pagerduty.base-url}, and each customer's
 * routing key read from the {@link CustomerRegistry} at delivery time.
 */
@Configuration(proxyBeanMethods = false)
public class PagerDutyConfiguration {

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
}
