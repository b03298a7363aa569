package io.alerthub.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.alerthub.demo.DemoEnvironment;
import io.alerthub.demo.DemoFleetKeys;
import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The shipped demo customer (customers/demo) loads as the docs describe it. */
class DemoCustomerTest {

    @Test
    void demoCustomerLoadsWithTheDemoProfilesToken() {
        CustomerRegistry registry = new CustomerRegistry(new CustomerRegistryProperties("customers", Duration.ZERO),
                DemoEnvironment.mock(DemoFleetKeys.newClientKey()), null, null);

        CustomerConfig demo = registry.find("demo").orElseThrow();
        assertThat(demo.name()).isEqualTo("Demo Corporation (デモ株式会社)");
        assertThat(demo.locale()).isEqualTo(CustomerLocale.JA);
        assertThat(demo.timeZone()).isEqualTo(ZoneId.of("Asia/Tokyo"));
        assertThat(demo.ingest().auth()).singleElement()
                .satisfies(c -> assertThat(c.secret().matches("demo-token")).isTrue());
        assertThat(demo.hosts()).extracting(HostConfig::id).containsExactly("demo-web-1", "demo-app-1", "demo-db-1");
        assertThat(demo.hosts()).allSatisfy(host -> {
            assertThat(host.usesSsh()).isTrue();
            assertThat(host.sshUser()).isEqualTo("hub");
            assertThat(host.hostKey()).as("the demo fleet's key for " + host.id())
                    .isEqualTo(DemoFleetKeys.hostKeyLine(host.id()));
        });
        assertThat(demo.hosts()).extracting(HostConfig::sshPort).containsExactly(2221, 2222, 2223);
    }
}
