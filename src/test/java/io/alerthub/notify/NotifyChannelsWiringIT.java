package io.alerthub.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.alerthub.config.CustomerRegistry;
import io.alerthub.config.CustomerRegistryProperties;
import io.alerthub.model.NotificationAction;
import io.alerthub.notify.email.EmailChannel;
import io.alerthub.notify.email.EmailConfiguration;
import io.alerthub.notify.pagerduty.PagerDutyChannel;
import io.alerthub.notify.pagerduty.PagerDutyConfiguration;
import io.alerthub.notify.slack.SlackChannel;
import io.alerthub.notify.slack.SlackConfiguration;
import io.alerthub.notify.slack.SlackInteractiveProperties;
import io.alerthub.store.Databases;
import io.alerthub.store.OutboxStore;
import io.alerthub.support.ClockConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The channels as Spring wires them: {@code alerthub.notify.*} binds, each channel finds its customer's
 * {@code notifications:} settings in the registry (secrets by reference) and reaches the configured base URLs.
 */
class NotifyChannelsWiringIT {

    @RegisterExtension
    static WireMockExtension standIn = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort())
            .build();

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path customers;

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({CustomerRegistryProperties.class, NotifyProperties.class,
            SlackInteractiveProperties.class, OutboxProperties.class})
    @Import({CustomerRegistry.class, ClockConfiguration.class, NotifyChannelsConfiguration.class,
            SlackConfiguration.class, PagerDutyConfiguration.class, EmailConfiguration.class})
    static class Wiring {
        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        /** Slack forgets proved-unposted attempts in the outbox (a real, migrated H2 database). */
        @Bean
        OutboxStore outboxStore() {
            return new OutboxStore(new JdbcTemplate(Databases.H2.migrated()));
        }

        @Bean(destroyMethod = "stop")
        CamelContext camelContext() {
            return NotificationSamples.camel();
        }

        @Bean
        ProducerTemplate producerTemplate(CamelContext camel) {
            return camel.createProducerTemplate();
        }
    }

    private ApplicationContextRunner runner() throws IOException {
        Path acme = Files.createDirectories(customers.resolve("acme"));
        Files.writeString(acme.resolve("customer.yaml"), """
                id: acme
                name: ACME Industries
                ingest:
                  auth:
                    - type: bearer
                      token: { env: ACME_TOKEN }
                notifications:
                  slack:
                    botToken: { env: ACME_SLACK_TOKEN }
                    channel: C0123456789
                  pagerduty:
                    routingKey: { file: pagerduty.key }
                  email:
                    to: [oncall@acme.example]
                    from: alerthub@msp.example
                """);
        Files.writeString(acme.resolve("pagerduty.key"), "R0UT1NGKEY\n");
        return new ApplicationContextRunner().withUserConfiguration(Wiring.class).withPropertyValues(
                "ACME_TOKEN=acme-token", "ACME_SLACK_TOKEN=xoxb-acme",
                "alerthub.customers.dir=" + customers,
                "alerthub.notify.slack.api-base-url=" + standIn.baseUrl() + "/slack/api",
                "alerthub.notify.pagerduty.base-url=" + standIn.baseUrl() + "/pagerduty",
                "alerthub.notify.email.host=127.0.0.1",
                "alerthub.notify.email.port=" + greenMail.getSmtp().getPort(),
                "alerthub.notify.email.username=",
                "alerthub.notify.email.message-id-domain=hub.msp.example");
    }

    @Test
    void eachChannelDeliversWithItsCustomersSettings() throws Exception {
        standIn.stubFor(post("/slack/api/chat.postMessage").willReturn(okJson("{\"ok\":true,\"ts\":\"9.1\"}")));
        standIn.stubFor(post("/pagerduty/v2/enqueue").willReturn(aResponse().withStatus(202)
                .withBody("{\"status\":\"success\",\"dedup_key\":\"inc-42\"}")));

        runner().run(context -> {
            assertThat(context).hasNotFailed();
            Notification n = NotificationSamples.notification(NotificationAction.TRIGGER, "en", null);

            assertThat(context.getBean(SlackChannel.class).deliver(n).externalRef()).isEqualTo("9.1");
            assertThat(context.getBean(PagerDutyChannel.class).deliver(n).externalRef()).isEqualTo("inc-42");
            assertThat(context.getBean(EmailChannel.class).deliver(n).externalRef())
                    .isEqualTo("<inc-42-slack-trigger-1@hub.msp.example>");
        });

        standIn.verify(1, postRequestedFor(urlEqualTo("/slack/api/chat.postMessage"))
                .withHeader("Authorization", equalTo("Bearer xoxb-acme"))
                .withRequestBody(matchingJsonPath("$.channel", equalTo("C0123456789"))));
        standIn.verify(1, postRequestedFor(urlEqualTo("/pagerduty/v2/enqueue"))
                .withRequestBody(matchingJsonPath("$.routing_key", equalTo("R0UT1NGKEY"))));
        assertThat(greenMail.getReceivedMessages()).hasSize(1);
    }

    @Test
    void theDefaultsAreTheRealServices() {
        new ApplicationContextRunner().withUserConfiguration(PropertiesOnly.class).run(context -> {
            NotifyProperties properties = context.getBean(NotifyProperties.class);
            assertThat(properties.slack().apiBaseUrl()).isEqualTo("https://slack.com/api");
            assertThat(properties.pagerduty().baseUrl()).isEqualTo("https://events.pagerduty.com");
            assertThat(properties.email().port()).isEqualTo(25);
            assertThat(properties.email().toString()).contains("password=<secret>");
        });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(NotifyProperties.class)
    static class PropertiesOnly {
    }
}
