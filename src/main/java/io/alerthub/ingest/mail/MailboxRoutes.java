package io.alerthub.ingest.mail;

import io.alerthub.config.CustomerConfig;
import io.alerthub.config.CustomerConfigChanged;
import io.alerthub.config.CustomerRegistry;
import io.alerthub.config.MailConfig;
import jakarta.annotation.PreDestroy;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps one mailbox route per customer with a {@code mail:} section: instantiates the {@code ingest.mail} route
 * template (routes/ingest/mail.camel.yaml) as {@code ingest.mail.<customerId>} once the hub is ready, and replaces or
 * removes it when the customer's profile changes. Each route's poller ({@code mail.<customerId>.poller} in Camel's
 * registry) holds the mailbox connection and the password, so the password never appears in an endpoint URI, the
 * route model or a log line; the pollers share one pool of workers that run mails through {@code direct:ingest.mail-read},
 * taken round-robin by mailbox ({@link FairWorkers}) so one customer's mailbox cannot hold them all.
 */
@Component
public class MailboxRoutes {
    public static final String TEMPLATE = "ingest.mail";
    /** The per-mail route (routes/ingest/mail.camel.yaml): raw mail in, stored alert out. */
    static final String PER_MAIL_ENDPOINT = "direct:ingest.mail-read";
    private static final Logger LOG = LoggerFactory.getLogger(MailboxRoutes.class);
    private final CamelContext camel;
    private final CustomerRegistry customers;
    private final MailboxHealth health;
    private final MailProperties properties;
    private ExecutorService workers;
    private FairWorkers fairWorkers;
    private ProducerTemplate producer;

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
        workers = camel.getExecutorServiceManager().newFixedThreadPool(this, "mail-worker", properties.workers());
        fairWorkers = new FairWorkers(workers);
        producer = camel.createProducerTemplate();
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
        // per-customer bean in Camel's registry, named by customer; the route refers to it by name
        MailboxPoller poller = new MailboxPoller(customerId, mail, properties, PER_MAIL_ENDPOINT, producer, fairWorkers,
                health.mailbox(customerId));
        camel.getRegistry().bind(beanPrefix(customerId) + "poller", MailboxPoller.class, poller);
        try {
            TemplatedRouteBuilder.builder(camel, TEMPLATE)
                    .routeId(routeId(customerId))
                    .parameter("customerId", customerId)
                    .parameter("delayMs", String.valueOf(mail.pollDuration().toMillis()))
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
        MailboxPoller poller = camel.getRegistry().lookupByNameAndType(beanPrefix(customerId) + "poller",
                MailboxPoller.class);
        if (poller != null) {
            poller.close();
        }
        camel.getRegistry().unbind(beanPrefix(customerId) + "poller");
        health.forget(customerId);
    }

    private static String beanPrefix(String customerId) {
        return "mail." + customerId + ".";
    }

    @PreDestroy
    void stopWorkers() {
        if (workers != null) {
            camel.getExecutorServiceManager().shutdown(workers);
        }
    }
}
