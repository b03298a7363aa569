package io.alerthub.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.alerthub.config.CustomerRegistry;
import io.alerthub.config.CustomerRegistryProperties;
import io.alerthub.config.HostConfig;
import io.alerthub.scenario.ssh.CommandTemplate;
import io.alerthub.scenario.ssh.ParamType;
import io.alerthub.scenario.ssh.SshExecutor;
import io.alerthub.scenario.ssh.SshProperties;
import io.alerthub.scenario.ssh.SshResult;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The demo profile's wiring: the hub's key exists before the customer registry reads customers/demo (which names it),
 * the fleet lets in exactly that key, and neither key nor fleet exists outside the demo profile.
 */
class DemoFleetConfigurationIT {
    private static final CommandTemplate DF = CommandTemplate.builder("usage", "df -P {{path}}")
            .param("path", ParamType.PATH).build();

    private final ApplicationContextRunner demo = new ApplicationContextRunner()
            .withUserConfiguration(DemoFleetConfiguration.class, HubStandIns.class)
            .withPropertyValues("spring.profiles.active=demo", "DEMO_TOKEN=demo-token", "ACME_TOKEN=acme-token",
                    "DEMO_MAIL_PASSWORD=demo",
                    "DEMO_SLACK_TOKEN=xoxb-demo-token", "DEMO_PAGERDUTY_KEY=demo-routing-key",
                    "DEMO_PAGERDUTY_WEBHOOK_SECRET=demo-webhook-secret",
                    "alerthub.demo-fleet.web-port=0", "alerthub.demo-fleet.app-port=0");

    /** What the demo fleet needs from the hub: its clock, and the real customer registry over ./customers. */
    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(DemoFleetProperties.class)
    static class HubStandIns {
        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }

        @Bean
        CustomerRegistry customerRegistry(Environment environment) {
            return new CustomerRegistry(new CustomerRegistryProperties("customers", Duration.ZERO), environment, null,
                    null);
        }
    }

    @Test
    void theGeneratedKeyIsPublishedBeforeTheRegistryLoadsAndTheFleetLetsItIn() {
        demo.run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(DemoFleet.class);
            assertThat(DemoFleetConfiguration.publicKeyOf(context.getEnvironment().getProperty("DEMO_SSH_KEY")))
                    .as("a private key the hub can read, generated at this start").isNotNull();

            SshResult df = dfOnWeb(context);

            assertThat(df.stdout()).contains(" 93% /");
            assertThat(context.getBean(DemoFleet.class).host(DemoFleet.WEB).receivedLines()).containsExactly("df -P '/'");
        });
    }

    @Test
    void aKeyTheEnvironmentSetsIsKeptAndLetIn() {
        String own = DemoFleetKeys.openSshPrivateKey(DemoFleetKeys.newClientKey());
        demo.withSystemProperties("DEMO_SSH_KEY=" + own).run(context -> {
            assertThat(context.getEnvironment().getProperty("DEMO_SSH_KEY")).isEqualTo(own.strip());
            assertThat(dfOnWeb(context).succeeded()).isTrue();
        });
    }

    @Test
    void withTheFleetDisabledTheKeyIsStillThereSoTheDemoCustomerLoads() {
        demo.withPropertyValues("alerthub.demo-fleet.enabled=false").run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(DemoFleet.class);
            assertThat(context.getBean(CustomerRegistry.class).find("demo").orElseThrow().host(DemoFleet.APP))
                    .hasValueSatisfying(host -> assertThat(host.privateKey().isResolved()).isTrue());
        });
    }

    @Test
    void outsideTheDemoProfileThereIsNoKeyAndNoFleet() {
        new ApplicationContextRunner().withUserConfiguration(DemoFleetConfiguration.class)
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(DemoFleet.class);
                    assertThat(context.getEnvironment().containsProperty("DEMO_SSH_KEY")).isFalse();
                });
    }

    private static SshResult dfOnWeb(ApplicationContext context) throws Exception {
        HostConfig configured = context.getBean(CustomerRegistry.class).find("demo").orElseThrow()
                .host(DemoFleet.WEB).orElseThrow();
        HostConfig host = new HostConfig(configured.id(), configured.address(), configured.aliases(),
                context.getBean(DemoFleet.class).host(DemoFleet.WEB).port(), configured.sshUser(),
                configured.hostKey(), configured.privateKey());
        try (SshExecutor ssh = new SshExecutor(SshProperties.defaults())) {
            return ssh.execute("demo", host, DF.render(Map.of("path", "/")));
        }
    }
}
