package io.alerthub.ingest;

import io.alerthub.config.CustomerRegistry;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Wires the ingest guard in front of the machine paths (webhook ingest, SNS, PagerDuty webhooks). */
@Configuration(proxyBeanMethods = false)
public class IngestConfiguration {
    @Bean
    public FilterRegistrationBean<IngestGuardFilter> ingestGuardFilter(IngestProperties properties, IngestProblems problems,
            CustomerRegistry customers, CustomerAuthenticator authenticator, RefusalLimiter limiter,
            IngestReadiness readiness) {
        FilterRegistrationBean<IngestGuardFilter> registration = new FilterRegistrationBean<>(
                new IngestGuardFilter(properties, problems, customers, authenticator, limiter, readiness));
        registration.addUrlPatterns("/api/v1/customers/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
