package io.alerthub.analytics;

import io.alerthub.config.CustomerConfigChanged;
import io.alerthub.config.CustomerRegistry;
import io.alerthub.ingest.mail.MailboxHealth;
import io.alerthub.model.Outcome;
import io.alerthub.scenario.ScenarioDecided;
import io.alerthub.triage.IncidentChanged;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.apache.camel.CamelContext;
import org.apache.camel.component.seda.SedaComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The analytics' Prometheus meters, each registered at start (a dashboard shows 0, not "no data", before the first
 * event): alerts received and incidents opened per customer, first-line verdicts per customer and outcome, the
 * first-response time histogram per customer and outcome, and the depths of the hub's queues (scenario dispatch,
 * notifications due, unseen mail). The {@code customer} tag is bounded: configured customers by id, anything else as
 * {@code other}.
 */
@Component
public class AnalyticsMetrics {
    static final String OTHER = "other";
    /** First-response buckets, in seconds: the MSP's 141.7 s mean sits between 120 and 300. */
    private static final Duration[] BUCKETS = {Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(300),
            Duration.ofSeconds(600), Duration.ofSeconds(1800), Duration.ofSeconds(3600)};
    private static final Logger LOG = LoggerFactory.getLogger(AnalyticsMetrics.class);

    private final MeterRegistry meters;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final CustomerRegistry registry;
    private final Set<String> customers = ConcurrentHashMap.newKeySet();
    private final Map<String, Meters> byCustomer = new ConcurrentHashMap<>();

    public AnalyticsMetrics(MeterRegistry meters, JdbcTemplate jdbc, Clock clock, CustomerRegistry registry,
                            ObjectProvider<CamelContext> camel, ObjectProvider<MailboxHealth> mail) {
        this.meters = meters;
        this.jdbc = jdbc;
        this.clock = clock;
        this.registry = registry;
        registry.all().forEach(c -> customers.add(c.id()));
        registry.addListener(this::customerChanged);
        meters(OTHER);
        customers.forEach(this::meters);
        queue("scenario.dispatch", "incidents waiting for a scenario (seda:scenario.dispatch)",
                m -> camel.stream().findFirst().map(AnalyticsMetrics::dispatchDepth).orElse(0));
        queue("outbox.due", "notifications due and not yet sent (the outbox)", m -> outboxDue());
        queue("mail.backlog", "unseen mails in the customers' alert mailboxes at their last poll",
                m -> mail.stream().findFirst().map(MailboxHealth::backlog).orElse(0));
    }

    /** Meters of a customer added at runtime are registered when its profile arrives, not on its first alert. */
    private void customerChanged(CustomerConfigChanged change) {
        if (change.kind() == CustomerConfigChanged.Kind.ADDED) {
            customers.add(change.customerId());
            meters(change.customerId());
        }
    }

    /** The registry loads its customers when it starts, after this bean was made. */
    @EventListener(ApplicationReadyEvent.class)
    void ready() {
        registry.all().forEach(c -> customers.add(c.id()));
        customers.forEach(this::meters);
    }

    /** Every alert the intake committed (called after commit, on the intake's thread: counters only). */
    @EventListener
    public void alertStored(IncidentChanged change) {
        Meters m = meters(tag(change.customerId()));
        m.alerts.increment();
        if (change.change() == IncidentChanged.Change.OPENED) {
            m.opened.increment();
        }
    }

    /**
     * A verdict: counted by outcome, and on an incident's first verdict its first-response time (firstSeen → verdict)
     * goes into the histogram.
     */
    @EventListener
    public void decided(ScenarioDecided decided) {
        Meters m = meters(tag(decided.customerId()));
        m.decided.get(decided.outcome()).increment();
        try {
            jdbc.query("SELECT first_seen, first_decided_at FROM incidents WHERE id = ? AND first_decided_at = decided_at",
                    rs -> {
                        Instant firstSeen = rs.getObject("first_seen", OffsetDateTime.class).toInstant();
                        Instant decidedAt = rs.getObject("first_decided_at", OffsetDateTime.class).toInstant();
                        m.firstResponse.get(decided.outcome()).record(Duration.between(firstSeen, decidedAt));
                    }, decided.incidentId());
        } catch (RuntimeException e) {
            // a metric must never fail the verdict's stage; the stats API reads the row itself later
            LOG.warn("incident {}: first-response time not recorded: {}", decided.incidentId(), e.toString());
        }
    }

    private String tag(String customerId) {
        return customerId != null && customers.contains(customerId) ? customerId : OTHER;
    }

    private Meters meters(String customer) {
        return byCustomer.computeIfAbsent(customer, c -> new Meters(meters, c));
    }

    private void queue(String name, String description, ToDoubleFunction<AnalyticsMetrics> depth) {
        Gauge.builder("alerthub.queue.depth", this, depth).description(description).tag("queue", name)
                .strongReference(true).register(meters);
    }

    private double outboxDue() {
        try {
            Integer due = jdbc.queryForObject("SELECT COUNT(*) FROM outbox WHERE status = 'PENDING' AND due_at <= ?",
                    Integer.class, OffsetDateTime.now(clock));
            return due == null ? 0 : due;
        } catch (RuntimeException e) {
            return Double.NaN; // the database is down: the gauge says "unknown", the db health says why
        }
    }

    private static int dispatchDepth(CamelContext camel) {
        SedaComponent seda = camel.getComponent("seda", SedaComponent.class);
        var queue = seda == null ? null : seda.getQueues().get("scenario.dispatch");
        return queue == null ? 0 : queue.getQueue().size();
    }

    /** One customer's meters. */
    private static final class Meters {
        final Counter alerts;
        final Counter opened;
        final Map<Outcome, Counter> decided = new java.util.EnumMap<>(Outcome.class);
        final Map<Outcome, Timer> firstResponse = new java.util.EnumMap<>(Outcome.class);

        Meters(MeterRegistry meters, String customer) {
            alerts = Counter.builder("alerthub.alerts.received").description("alerts committed by the intake")
                    .tag("customer", customer).register(meters);
            opened = Counter.builder("alerthub.incidents.opened").description("incidents opened")
                    .tag("customer", customer).register(meters);
            for (Outcome outcome : Outcome.values()) {
                decided.put(outcome, Counter.builder("alerthub.incidents.decided")
                        .description("first-line verdicts (RESOLVED and HANDED_OVER come from a scenario run)")
                        .tag("customer", customer).tag("outcome", outcome.name()).register(meters));
                firstResponse.put(outcome, Timer.builder("alerthub.first.response")
                        .description("first-response time: first alert of an incident to its first verdict")
                        .tag("customer", customer).tag("outcome", outcome.name())
                        .serviceLevelObjectives(BUCKETS).register(meters));
            }
        }
    }
}
