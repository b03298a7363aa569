package io.alerthub.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where customer profiles live and how often the running hub looks for changes ({@code alerthub.customers.*});
 * a reload interval of zero turns the polling off.
 */
@ConfigurationProperties("alerthub.customers")
public record CustomerRegistryProperties(
        @DefaultValue("customers") String dir,
        @DefaultValue("5s") Duration reloadInterval) {

    public CustomerRegistryProperties {
        dir = dir == null || dir.isBlank() ? "customers" : dir;
        reloadInterval = reloadInterval == null ? Duration.ofSeconds(5) : reloadInterval;
    }
}
