package io.alerthub.demo;

import io.alerthub.notify.slack.SlackInteractiveProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;

/**
 * Starts the demo profile's Slack and PagerDuty stand-ins ({@link DemoSinks}) on loopback; application-demo.yaml
 * points {@code alerthub.notify.slack.api-base-url} and {@code alerthub.notify.pagerduty.base-url} at them.
 */
@Configuration(proxyBeanMethods = false)
@Profile("demo")
@ConditionalOnProperty(name = "alerthub.demo-sinks.enabled", havingValue = "true", matchIfMissing = true)
public class DemoSinksConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(DemoSinksConfiguration.class);

    @Bean(destroyMethod = "close")
    DemoSinks demoSinks(@Value("${alerthub.demo-sinks.port:3099}") int port,
                        @Value("${alerthub.demo-sinks.journal:}") String journal, Clock clock,
                        SlackInteractiveProperties slack, Environment environment) throws IOException {
        DemoSinks sinks = DemoSinks.start("127.0.0.1", port, clock);
        if (slack.enabled() && slack.signingSecret() != null && slack.signingSecret().env() != null
                && !slack.users().isEmpty()) {
            String secret = environment.getProperty(slack.signingSecret().env(), "");
            // the page presses buttons as the first mapped Slack user; the hub's port is known only once it listens
            sinks.interactive(secret.getBytes(StandardCharsets.UTF_8), slack.users().keySet().iterator().next(),
                    () -> "http://127.0.0.1:" + environment.getProperty("local.server.port", "8080"));
        }
        if (!journal.isBlank()) {
            // the reliability harness counts pages across kill -9 from this file
            sinks.journal(Path.of(journal));
        }
        LOG.info("demo sinks: Slack and PagerDuty stand-ins on http://127.0.0.1:{}/ (what the hub sent is listed there)",
                sinks.port());
        return sinks;
    }
}
