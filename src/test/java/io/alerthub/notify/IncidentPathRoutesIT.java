package io.alerthub.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.alerthub.model.AlertStatus;
import io.alerthub.model.ChannelKind;
import io.alerthub.model.Incident;
import io.alerthub.model.IncidentState;
import io.alerthub.model.NotificationAction;
import io.alerthub.model.Outcome;
import io.alerthub.model.Severity;
import io.alerthub.scenario.ScenarioDecided;
import io.alerthub.store.IncidentStore;
import io.alerthub.store.OutboxEntry;
import io.alerthub.store.OutboxStore;
import io.alerthub.triage.IncidentChanged;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.component.seda.SedaEndpoint;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.DisableJmx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The incident path after the scenario as routes, in Camel's idiom: triage's fan-out, escalation planning and
 * outbox delivery, each route driven through its named endpoint with AdviceWith, MockEndpoint and NotifyBuilder
 * (the channels' HTTP side is EscalationIT's and NotifyChannelsWiringIT's). The scheduled poll is slowed to an hour
 * so each test decides when the outbox is worked off.
 */
@CamelSpringBootTest
// keep JMX on: the listener otherwise sets a JVM-wide system property that turns JMX off for every later Spring
// context in this fork, and the Jolokia/Hawtio ITs then find no route MBeans (stack.md trap 7)
@DisableJmx(false)
@SpringBootTest(properties = {
        "spring.datasource.url=jdbc:h2:mem:incident-path-routes;MODE=PostgreSQL;DB_CLOSE_DELAY=-1",
        "alerthub.outbox.poll-interval=1h",
        "alerthub.customers.reload-interval=0",
        "alerthub.scenarios.sweep-interval=1h",
        "ROUTES_TOKEN=routes-token",
        "ROUTES_SLACK=xoxb-routes",
        // nothing listens there: a notification that reaches the real channel is refused at once and retried later
        "alerthub.notify.slack.api-base-url=http://127.0.0.1:9/api"})
class IncidentPathRoutesIT {
    @TempDir
    static Path tmp;

    @Autowired
    CamelContext camel;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    IncidentStore incidents;
    @Autowired
    OutboxStore outbox;
    @Autowired
    Clock clock;

    @DynamicPropertySource
    static void customers(DynamicPropertyRegistry properties) throws IOException {
        Path dir = tmp.resolve("customers/routes");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("customer.yaml"), """
                id: routes
                name: Routes Ltd
                timeZone: UTC
                ingest:
                  auth:
                    - type: bearer
                      token: { env: ROUTES_TOKEN }
                notifications:
                  slack:
                    botToken: { env: ROUTES_SLACK }
                    channel: "#routes"
                escalation:
                  levels:
                    - channels: [slack]
                    - after: 10m
                      channels: [slack]
                """);
        properties.add("alerthub.customers.dir", () -> tmp.resolve("customers").toString());
    }

    @AfterEach
    void resetMocks() {
        MockEndpoint.resetMocks(camel);
    }

    private Incident incident(String id, IncidentState state) {
        Incident i = new Incident(id, "routes", "fp-" + id, state, Outcome.ESCALATED, AlertStatus.FIRING, "Disk full",
                "disk_usage", Severity.WARNING, "web-1", "disk / at 97%", 1, clock.instant(), clock.instant(), null);
        incidents.insert(i);
        return i;
    }

    @Test
    void triageSendsAnOpenedIncidentToTheScenarioQueueAndAResolvedOneToEscalation() throws Exception {
        AdviceWith.adviceWith(camel, "triage.incident-changed", route -> {
            route.weaveByToUri("seda:scenario.dispatch").replace().to("mock:scenario.dispatch");
            route.weaveByToUri("direct:escalate.resolved").replace().to("mock:escalate.resolved");
        });
        MockEndpoint dispatch = camel.getEndpoint("mock:scenario.dispatch", MockEndpoint.class);
        MockEndpoint resolved = camel.getEndpoint("mock:escalate.resolved", MockEndpoint.class);
        dispatch.expectedBodiesReceived("opened-1");
        dispatch.expectedHeaderReceived("incidentId", "opened-1");
        resolved.expectedBodiesReceived("resolved-1");

        producer.sendBody("direct:triage.incident-changed",
                new IncidentChanged("opened-1", "routes", IncidentChanged.Change.OPENED));
        producer.sendBody("direct:triage.incident-changed",
                new IncidentChanged("repeated-1", "routes", IncidentChanged.Change.REPEATED));
        producer.sendBody("direct:triage.incident-changed",
                new IncidentChanged("resolved-1", "routes", IncidentChanged.Change.RESOLVED));

        MockEndpoint.assertIsSatisfied(camel, 5, TimeUnit.SECONDS);
    }

    @Test
    void escalationPlanningQueuesTheCustomersChainLevelByLevel() throws Exception {
        AdviceWith.adviceWith(camel, "escalate.plan", route -> route.weaveAddLast().to("mock:escalate.planned"));
        MockEndpoint planned = camel.getEndpoint("mock:escalate.planned", MockEndpoint.class);
        planned.expectedBodiesReceived(2);
        incident("plan-1", IncidentState.ESCALATED);

        producer.sendBody("direct:escalate.plan", new ScenarioDecided("plan-1", "routes", Outcome.ESCALATED));

        planned.assertIsSatisfied(5_000);
        List<OutboxEntry> chain = outbox.forIncident("plan-1");
        assertThat(chain).extracting(OutboxEntry::id)
                .containsExactlyInAnyOrder("plan-1|slack|TRIGGER|0", "plan-1|slack|TRIGGER|1");
        OutboxEntry second = chain.stream().filter(e -> e.level() == 1).findFirst().orElseThrow();
        OutboxEntry first = chain.stream().filter(e -> e.level() == 0).findFirst().orElseThrow();
        assertThat(Duration.between(first.dueAt(), second.dueAt())).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void aWakeUpWorksOffTheOutboxThroughDecideSendAndSettle() throws Exception {
        AdviceWith.adviceWith(camel, "notify.send", route -> {
            route.weaveById("notify.send.channel").replace().process(exchange -> {
                Dispatch d = exchange.getMessage().getBody(Dispatch.class);
                exchange.getMessage().setBody(new Attempt(d, "deliver-1".equals(d.incident().id())
                        ? DeliveryResult.sent("1780.000100", "ok") : DeliveryResult.retry(Duration.ofMinutes(1),
                        "slack: HTTP 429"), true, clock.instant()));
            });
            route.weaveAddLast().to("mock:notify.settled");
        });
        MockEndpoint settled = camel.getEndpoint("mock:notify.settled", MockEndpoint.class);
        settled.expectedMinimumMessageCount(2);
        incident("deliver-1", IncidentState.ESCALATED);
        incident("deliver-2", IncidentState.ESCALATED);
        incident("deliver-3", IncidentState.ACKNOWLEDGED);
        for (String id : List.of("deliver-1", "deliver-2", "deliver-3")) {
            outbox.enqueue(OutboxEntry.pending(id + "|slack|TRIGGER|0", "routes", id, ChannelKind.SLACK,
                    NotificationAction.TRIGGER, 0, "internal", clock.instant(), null, null, clock.instant()));
        }
        NotifyBuilder due = new NotifyBuilder(camel).fromRoute("notify.wake").whenDone(1).create();

        producer.sendBody("seda:notify.wake", "wake");

        assertThat(due.matches(10, TimeUnit.SECONDS)).isTrue();
        settled.assertIsSatisfied(5_000);
        // the wake-up or the scheduler (whichever leased the batch first) works it off: wait for the outcome itself
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(outbox.find("deliver-1|slack|TRIGGER|0").orElseThrow()).satisfies(e -> {
                assertThat(e.status()).isEqualTo(OutboxEntry.Status.SENT);
                assertThat(e.externalRef()).isEqualTo("1780.000100");
            });
            assertThat(outbox.find("deliver-2|slack|TRIGGER|0").orElseThrow()).satisfies(e -> {
                assertThat(e.status()).isEqualTo(OutboxEntry.Status.PENDING);
                assertThat(e.attempts()).isEqualTo(1);
                assertThat(e.lastError()).isEqualTo("slack: HTTP 429");
            });
            assertThat(outbox.find("deliver-3|slack|TRIGGER|0").orElseThrow().status())
                    .as("acknowledged before it went out").isEqualTo(OutboxEntry.Status.CANCELLED);
        });
    }

    @Test
    void theScheduledPollWaitsForItsBatchAndPollsAgainOnlyWhileItFindsWork() throws Exception {
        // a wake-up an earlier test queued (escalation planning wakes the outbox) must not take this test's batch
        // before the scheduler polls: seen under load, with no poll counted
        await().atMost(Duration.ofSeconds(10)).until(() -> camel.getEndpoint(OutboxWake.ENDPOINT, SedaEndpoint.class)
                .getCurrentQueueSize() == 0 && camel.getInflightRepository().size("notify.wake") == 0);
        // ... nor one that comes while the test runs (other stages' sweeps wake the outbox too): only the scheduler
        camel.getRouteController().stopRoute("notify.wake");
        try {
            scheduledPolls();
        } finally {
            camel.getRouteController().startRoute("notify.wake");
        }
    }

    private void scheduledPolls() throws Exception {
        for (int i = 0; i < 30; i++) {
            String id = "poll-" + i;
            // acknowledged meanwhile: each is cancelled at the decide step, so none lingers for the other tests
            incident(id, IncidentState.ACKNOWLEDGED);
            outbox.enqueue(OutboxEntry.pending(id + "|slack|TRIGGER|0", "routes", id, ChannelKind.SLACK,
                    NotificationAction.TRIGGER, 0, "internal", clock.instant(), null, null, clock.instant()));
        }
        // a fresh start fires the scheduler after its initial delay (its hour-long interval keeps it quiet otherwise)
        camel.getRouteController().stopRoute("notify.outbox");
        var route = camel.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class)
                .getManagedRoute("notify.outbox");
        route.reset();
        camel.getRouteController().startRoute("notify.outbox");

        await().atMost(Duration.ofSeconds(20)).until(() -> java.util.stream.IntStream.range(0, 30)
                .allMatch(i -> outbox.find("poll-" + i + "|slack|TRIGGER|0").orElseThrow().status()
                        == OutboxEntry.Status.CANCELLED));
        await().atMost(Duration.ofSeconds(5)).until(() -> route.getExchangesInflight() == 0);
        // one poll that found the batch, one that found nothing; a poll counted before its batch completed used to
        // make the greedy scheduler poll again at once, without end (hundreds of thousands of exchanges in flight)
        assertThat(route.getExchangesTotal()).as("polls of notify.outbox").isBetween(1L, 3L);
    }
}
