package io.alerthub.ingest.mail;

import io.alerthub.config.CustomerConfig;
import io.alerthub.config.CustomerConfigChanged;
import io.alerthub.config.CustomerRegistry;
import io.alerthub.config.MailConfig;
import io.alerthub.config.Secret;
import jakarta.mail.PasswordAuthentication;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.component.mail.MailAuthenticator;
import org.apache.camel.spi.ExceptionHandler;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps one mailbox route per customer with a {@code mail:} section: instantiates the {@code ingest.mail} route
 * template (routes/ingest/mail.camel.yaml) as {@code ingest.mail.<customerId>} once the hub is ready, and replaces or
 * removes it when the customer's profile changes. The password reaches the consumer through an authenticator bean
 * ({@code mail.<customerId>.authenticator} in Camel's registry), so it never appears in an endpoint URI, the route model or a log line.
 */
@Component
public class MailboxRoutes {
    public static final String TEMPLATE = "ingest.mail";
    private static final Logger LOG = LoggerFactory.getLogger(MailboxRoutes.class);
    private final CamelContext camel;
    private final CustomerRegistry customers;
    private final MailboxHealth health;
    private final MailProperties properties;

    public MailboxRoutes(CamelContext camel, CustomerRegistry customers, MailboxHealth health,
                         MailProperties properties) {
        this.camel = camel;
        this.customers = customers;
        this.health = health;
        this.properties = properties;
    }

    /** The route id of a customer's mailbox. */
    public static String routeId(String customerId) {
        return TEMPLATE + "." + customerId;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void start() {
        if (!properties.enabled()) {
            LOG.info("mail ingest disabled (alerthub.mail.enabled=false)");
            return;
        }
        customers.addListener(this::changed);
        for (CustomerConfig customer : customers.all()) {
            customer.mailbox().ifPresent(mail -> add(customer.id(), mail));
        }
    }

    private synchronized void changed(CustomerConfigChanged change) {
        MailConfig before = change.previous() == null ? null : change.previous().mail();
        MailConfig after = change.current() == null ? null : change.current().mail();
        if (Objects.equals(before, after)) {
            return;
        }
        if (before != null) {
            remove(change.customerId());
        }
        if (after != null) {
            add(change.customerId(), after);
        }
    }

    private void add(String customerId, MailConfig mail) {
        MailboxHealth.Mailbox mailbox = health.mailbox(customerId);
        // per-customer beans in Camel's registry, named by customer; the route refers to them by name
        String beans = beanPrefix(customerId);
        camel.getRegistry().bind(beans + "authenticator", MailAuthenticator.class,
                new SecretAuthenticator(mail.username(), mail.password()));
        camel.getRegistry().bind(beans + "pollStrategy", PollingConsumerPollStrategy.class, mailbox);
        camel.getRegistry().bind(beans + "exceptionHandler", ExceptionHandler.class, mailbox);
        try {
            TemplatedRouteBuilder.builder(camel, TEMPLATE)
                    .routeId(routeId(customerId))
                    .parameter("customerId", customerId)
                    .parameter("protocol", mail.protocol())
                    .parameter("host", mail.host())
                    .parameter("port", String.valueOf(mail.port()))
                    .parameter("username", mail.username())
                    .parameter("folder", mail.folder())
                    .parameter("processedFolder", mail.processedFolder())
                    .parameter("quarantineFolder", mail.quarantineFolder())
                    .parameter("delayMs", String.valueOf(mail.pollDuration().toMillis()))
                    .parameter("backoffMultiplier", String.valueOf(properties.backoffMultiplier()))
                    .parameter("maxMessagesPerPoll", String.valueOf(properties.maxMessagesPerPoll()))
                    .parameter("timeoutMs", String.valueOf(properties.timeout().toMillis()))
                    .parameter("beans", beanPrefix(customerId))
                    .add();
            LOG.info("customer {}: polling {}://{}:{} folder {} every {}", customerId, mail.protocol(), mail.host(),
                    mail.port(), mail.folder(), mail.pollInterval());
        } catch (Exception e) {
            LOG.error("customer {}: cannot start the mailbox route", customerId, e);
        }
    }

    private void remove(String customerId) {
        String id = routeId(customerId);
        try {
            camel.getRouteController().stopRoute(id);
            camel.removeRoute(id);
            LOG.info("customer {}: mailbox route removed", customerId);
        } catch (Exception e) {
            LOG.error("customer {}: cannot remove the mailbox route", customerId, e);
        }
        for (String bean : new String[] {"authenticator", "pollStrategy", "exceptionHandler"}) {
            camel.getRegistry().unbind(beanPrefix(customerId) + bean);
        }
        health.forget(customerId);
    }

    private static String beanPrefix(String customerId) {
        return "mail." + customerId + ".";
    }

    /** Hands the resolved password to Jakarta Mail at connect time only. */
    static final class SecretAuthenticator extends MailAuthenticator {
        private final String username;
        private final Secret password;

        SecretAuthenticator(String username, Secret password) {
            this.username = username;
            this.password = password;
        }

        @Override
        public PasswordAuthentication getPasswordAuthentication() {
            return new PasswordAuthentication(username, new String(password.bytes(), StandardCharsets.UTF_8));
        }
    }
}
