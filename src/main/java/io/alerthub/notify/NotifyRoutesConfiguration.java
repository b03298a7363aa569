package io.alerthub.notify;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Beans the notify routes refer to by name that are not the stage's own steps. */
@Configuration(proxyBeanMethods = false)
public class NotifyRoutesConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(NotifyRoutesConfiguration.class);

    /**
     * The threads route {@code notify.outbox} splits a leased batch over ({@code alerthub.outbox.senders}): that
     * many deliveries wait on Slack, PagerDuty or SMTP at once.
     */
    @Bean(destroyMethod = "shutdown")
    public ExecutorService outboxSenders(OutboxProperties properties) {
        if (!properties.enabled()) {
            LOG.warn("outbox: delivery is off (alerthub.outbox.enabled=false): notifications wait in the outbox");
        }
        return Executors.newFixedThreadPool(properties.senders(), r -> {
            Thread t = new Thread(r, "outbox-sender");
            t.setDaemon(true);
            return t;
        });
    }
}
