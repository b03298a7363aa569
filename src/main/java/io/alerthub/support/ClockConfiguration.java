package io.alerthub.support;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The hub's one clock: every stage takes time from this bean, so tests can pin it. */
@Configuration(proxyBeanMethods = false)
public class ClockConfiguration {
    @Bean
    public Clock clock() {
        return Clock.systemUTC();
    }
}
