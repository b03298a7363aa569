package io.alerthub.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.alerthub.ingest.IngestAuthProperties;
import io.alerthub.support.ClockConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.AnnotatedGenericBeanDefinition;
import org.springframework.beans.factory.support.SimpleBeanDefinitionRegistry;
import org.springframework.boot.actuate.health.HealthContributorNameFactory;
import org.springframework.context.annotation.AnnotationBeanNameGenerator;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;

/** The registry as Spring wires it: properties, health contributor, gauge, application events, start-up failure. */
class CustomerRegistryWiringTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({CustomerRegistryProperties.class, IngestAuthProperties.class})
    @Import({CustomerRegistry.class, CustomersHealthIndicator.class,
            ClockConfiguration.class, Listener.class})
    static class Wiring {
        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(CustomerRegistryProperties.class)
    static class PropertiesOnly {
    }

    static class Listener {
        final List<CustomerConfigChanged> heard = new CopyOnWriteArrayList<>();

        @EventListener
        void on(CustomerConfigChanged change) {
            heard.add(change);
        }
    }

    final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Wiring.class)
            .withPropertyValues("ACME_TOKEN=acme-token", "BRAVO_TOKEN=bravo-token");

    @Test
    void propertiesDefaultToCustomersEveryFiveSeconds() {
        runner.withPropertyValues("alerthub.customers.dir=" + CustomerRegistryTest.FIXTURES.resolve("valid"))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(CustomerRegistryProperties.class).reloadInterval())
                            .isEqualTo(Duration.ofSeconds(5));
                    assertThat(context.getBean(IngestAuthProperties.class).maxClockSkew())
                            .isEqualTo(Duration.ofMinutes(5));
                    assertThat(context.getBean(CustomerRegistry.class).isRunning()).isTrue();
                });
        new ApplicationContextRunner().withUserConfiguration(PropertiesOnly.class).run(context ->
                assertThat(context.getBean(CustomerRegistryProperties.class).dir()).isEqualTo("customers"));
    }

    @Test
    void healthContributorIsNamedCustomersAndTheGaugeIsRegistered() {
        runner.withPropertyValues("alerthub.customers.dir=" + CustomerRegistryTest.FIXTURES.resolve("valid"))
                .run(context -> {
                    // the name component scanning gives the bean in the application
                    String beanName = AnnotationBeanNameGenerator.INSTANCE.generateBeanName(
                            new AnnotatedGenericBeanDefinition(CustomersHealthIndicator.class),
                            new SimpleBeanDefinitionRegistry());
                    assertThat(HealthContributorNameFactory.INSTANCE.apply(beanName)).isEqualTo("customers");
                    assertThat(context.getBean(CustomersHealthIndicator.class).health().getDetails())
                            .containsEntry("customers", 2);
                    assertThat(context.getBean(MeterRegistry.class).get("alerthub.customer.config.errors").gauge()
                            .value()).isZero();
                });
    }

    @Test
    void anInvalidFileStopsStartUpWithTheWholeList() {
        runner.withPropertyValues("alerthub.customers.dir=" + CustomerRegistryTest.FIXTURES.resolve("broken-files"))
                .run(context -> assertThat(context).getFailure().rootCause()
                        .isInstanceOf(CustomerConfigException.class)
                        .hasMessageStartingWith("invalid customer configuration (5 errors):"));
    }

    @Test
    void changesReachSpringEventListeners(@TempDir Path tmp) throws IOException {
        Path bravo = tmp.resolve("bravo/customer.yaml");
        Files.createDirectories(bravo.getParent());
        Files.writeString(bravo, CustomerRegistryReloadTest.BRAVO);
        runner.withPropertyValues("alerthub.customers.dir=" + tmp, "alerthub.customers.reload-interval=0")
                .run(context -> {
                    CustomerRegistry registry = context.getBean(CustomerRegistry.class);
                    assertThat(registry.isRunning()).as("interval 0 turns polling off").isFalse();
                    Files.delete(bravo);
                    Files.delete(bravo.getParent());

                    registry.reload();

                    assertThat(context.getBean(Listener.class).heard).singleElement()
                            .extracting(CustomerConfigChanged::kind).isEqualTo(CustomerConfigChanged.Kind.REMOVED);
                });
    }
}
