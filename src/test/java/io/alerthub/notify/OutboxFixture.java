package io.alerthub.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.alerthub.config.CustomerRegistry;
import io.alerthub.config.CustomerRegistryProperties;
import io.alerthub.escalate.EscalationPlanner;
import io.alerthub.model.AlertStatus;
import io.alerthub.model.ChannelKind;
import io.alerthub.model.Incident;
import io.alerthub.model.IncidentState;
import io.alerthub.model.NotificationAction;
import io.alerthub.model.Severity;
import io.alerthub.model.TimelineEntry;
import io.alerthub.store.Databases;
import io.alerthub.store.IncidentStore;
import io.alerthub.store.NotificationGroupStore;
import io.alerthub.store.OutboxEntry;
import io.alerthub.store.OutboxStore;
import io.alerthub.store.TimelineStore;
import io.alerthub.support.Handoff;
import io.alerthub.support.SettableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.apache.camel.impl.DefaultCamelContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox beans over a real, migrated H2 database, a customer directory written by the test, a clock the test
 * moves, and scripted channels that answer what the test says and keep what they were given. Camel is not running,
 * so a wake-up is a no-op: the tests call the steps themselves.
 */
final class OutboxFixture {
    static final Instant START = Instant.parse("2026-06-03T12:00:00Z");

    final SettableClock clock = new SettableClock(START);
    final OutboxStore outbox;
    final IncidentStore incidents;
    final TimelineStore timeline;
    final CustomerRegistry customers;
    final OutboxProperties properties = new OutboxProperties(true, Duration.ofSeconds(1), Duration.ofMinutes(1), 3,
            Duration.ofSeconds(2), Duration.ofMinutes(5), 2, "https://hub.example");
    final ScriptedChannel slack = new ScriptedChannel(ChannelKind.SLACK, true, false);
    final ScriptedChannel pagerduty = new ScriptedChannel(ChannelKind.PAGERDUTY, false, false);
    final ScriptedChannel email = new ScriptedChannel(ChannelKind.EMAIL, true, true);
    final NotificationChannels channels = new NotificationChannels(List.of(slack, pagerduty, email));
    final List<Object> events = new CopyOnWriteArrayList<>();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final OutboxTimeline outboxTimeline;
    final OutboxWake wake;
    final NotificationBudget budget;
    final OutboxLease lease;
    final OutboxDecider decider;
    final NotificationSender sender;
    final OutboxSettler settler;
    /** The escalate stage's planner over the same outbox, for tests that follow an incident from its verdict. */
    final EscalationPlanner planner;
    final TransactionTemplate tx;

    /** {@code profiles}: customer id → the YAML after its id/name/ingest lines. */
    OutboxFixture(Path dir, Map<String, String> profiles) {
        DataSource ds = Databases.H2.migrated();
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        outbox = new OutboxStore(jdbc);
        incidents = new IncidentStore(jdbc);
        timeline = new TimelineStore(jdbc, json);
        MockEnvironment env = new MockEnvironment();
        try {
            for (Map.Entry<String, String> p : profiles.entrySet()) {
                Files.createDirectories(dir.resolve(p.getKey()));
                Files.writeString(dir.resolve(p.getKey()).resolve("customer.yaml"), """
                        id: %s
                        name: %s Ltd
                        timeZone: UTC
                        ingest:
                          auth:
                            - type: bearer
                              token: { env: T_%s }
                        """.formatted(p.getKey(), p.getKey(), p.getKey().toUpperCase()) + p.getValue());
                env.withProperty("T_" + p.getKey().toUpperCase(), p.getKey() + "-token");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        env.withProperty("SLACK_TOKEN", "xoxb-test").withProperty("PD_KEY", "routing-key");
        customers = new CustomerRegistry(new CustomerRegistryProperties(dir.toString(), Duration.ZERO), env, null,
                null);
        outboxTimeline = new OutboxTimeline(timeline, clock);
        DefaultCamelContext camel = new DefaultCamelContext();
        wake = new OutboxWake(new Handoff(camel, camel.createProducerTemplate()), properties);
        budget = new NotificationBudget(outbox, properties, clock);
        lease = new OutboxLease(outbox, properties, clock);
        NotificationGroupStore groups = new NotificationGroupStore(jdbc);
        decider = new OutboxDecider(outbox, groups, incidents, customers, channels,
                new NotificationContents(timeline, properties), budget, outboxTimeline, wake, properties, clock);
        sender = new NotificationSender(channels, clock);
        tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
        settler = new OutboxSettler(outbox, incidents, channels, budget, outboxTimeline, wake, properties,
                events::add, meters, tx);
        planner = new EscalationPlanner(incidents, outbox, groups, timeline, customers,
                new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource())), events::add, clock);
    }

    /** Slack, PagerDuty and e-mail settings, for the YAML of a profile. */
    static final String ALL_CHANNELS = """
            notifications:
              slack:
                botToken: { env: SLACK_TOKEN }
                channel: "#ops"
              pagerduty:
                routingKey: { env: PD_KEY }
              email:
                to: [oncall@customer.example]
                from: alert-hub@msp.example
            """;

    /** A budget of one notification an hour, for the YAML of a profile. */
    static final String BUDGET_OF_ONE = """
            escalation:
              budgetPerHour: 1
            """;

    /** An escalated incident of {@code customerId}. */
    Incident incident(String id, String customerId, IncidentState state) {
        Incident i = new Incident(id, customerId, "fp-" + id, state, null, AlertStatus.FIRING, "Disk full",
                "disk_usage", Severity.WARNING, "web-1", "disk / at 97%", 1, clock.instant(), clock.instant(), null);
        incidents.insert(i);
        timeline.append(id, new TimelineEntry(clock.instant(), "hub", "received", Map.of()));
        return i;
    }

    /** A pending outbox entry due now, on the channel named {@code channel} (as customer.yaml names it). */
    OutboxEntry queue(String incidentId, String customerId, String channel, NotificationAction action,
                      String groupKey) {
        ChannelKind kind = ChannelKind.of(channel);
        String audience = channels.audience(kind).name().toLowerCase();
        OutboxEntry e = OutboxEntry.pending(incidentId + "|" + channel + "|" + action + "|0", customerId, incidentId,
                kind, action, 0, audience, clock.instant(), null, groupKey, clock.instant());
        outbox.enqueue(e);
        return e;
    }

    /** Two escalated incidents of {@code customerId}, each with a Slack trigger due now (for a budget of one). */
    List<OutboxEntry> twoTriggers(String customerId) {
        incident("i1", customerId, IncidentState.ESCALATED);
        incident("i2", customerId, IncidentState.ESCALATED);
        return List.of(queue("i1", customerId, "slack", NotificationAction.TRIGGER, null),
                queue("i2", customerId, "slack", NotificationAction.TRIGGER, null));
    }

    OutboxEntry row(String id) {
        return outbox.find(id).orElseThrow();
    }

    List<String> timelineKinds(String incidentId) {
        return timeline.list(incidentId).stream().map(TimelineEntry::kind).toList();
    }

    /** A channel with declared capabilities that answers from a script (sent by default) and records each request. */
    static final class ScriptedChannel implements NotificationChannel {
        private final ChannelKind kind;
        private final boolean digests;
        private final boolean customer;
        final List<Notification> received = new CopyOnWriteArrayList<>();
        final List<DeliveryResult> answers = new ArrayList<>();

        ScriptedChannel(ChannelKind kind, boolean digests, boolean customer) {
            this.kind = kind;
            this.digests = digests;
            this.customer = customer;
        }

        @Override
        public ChannelKind kind() {
            return kind;
        }

        @Override
        public DeliveryResult deliver(Notification n) {
            received.add(n);
            return answers.isEmpty() ? DeliveryResult.sent(kind.id() + "-ref-" + received.size(), "ok")
                    : answers.remove(0);
        }

        @Override
        public io.alerthub.escalate.quiet.Audience audience() {
            return customer ? io.alerthub.escalate.quiet.Audience.CUSTOMER : io.alerthub.escalate.quiet.Audience.INTERNAL;
        }

        @Override
        public boolean digests() {
            return digests;
        }
    }
}
