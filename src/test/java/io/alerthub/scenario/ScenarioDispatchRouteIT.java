package io.alerthub.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.alerthub.model.Incident;
import io.alerthub.model.IncidentState;
import io.alerthub.store.IncidentStore;
import io.alerthub.support.AlertHeaders;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.EndpointInject;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.DisableJmx;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The scenario dispatch as a table: an alert's class, host and labels → the customer binding (route) the
 * {@code scenario.dispatch} route hands the incident to, or none (the incident escalates). The alert enters through
 * the real webhook; AdviceWith replaces every {@code direct:scenario-*} hand-off by a mock, so no scenario runs and
 * only the routing is under test.
 */
@CamelSpringBootTest
// keep JMX on: the listener otherwise sets a JVM-wide system property that turns JMX off for every later Spring
// context in this fork, and the Jolokia/Hawtio ITs then find no route MBeans (stack.md trap 7)
@DisableJmx(false)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:scenario-dispatch-route;MODE=PostgreSQL;DB_CLOSE_DELAY=-1",
        "DISPATCH_IT_TOKEN=dispatch-it-token"})
class ScenarioDispatchRouteIT {
    private static final AtomicInteger ALERTS = new AtomicInteger();
    private static boolean advised;

    @TempDir
    static Path tmp;

    @Autowired
    CamelContext camel;
    @Autowired
    ObjectMapper json;
    @Autowired
    IncidentStore incidents;
    @EndpointInject("mock:scenario")
    MockEndpoint scenario;
    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void customers(DynamicPropertyRegistry properties) throws Exception {
        Path acme = Files.createDirectories(tmp.resolve("customers/acme"));
        Files.writeString(acme.resolve("customer.yaml"), """
                id: acme
                name: Acme
                ingest:
                  auth:
                    - type: bearer
                      token: { env: DISPATCH_IT_TOKEN }
                """, StandardCharsets.UTF_8);
        // file order is the dispatcher's order: the narrower binding of a template comes first
        Files.writeString(acme.resolve("routes.camel.yaml"), """
                - templatedRoute:
                    routeTemplateRef: disk_usage
                    routeId: acme.disk-web
                    parameters:
                      - {name: hosts, value: "web-*"}
                - templatedRoute:
                    routeTemplateRef: disk_usage
                    routeId: acme.disk
                - templatedRoute:
                    routeTemplateRef: process_down
                    routeId: acme.service-db
                    parameters:
                      - {name: labels, value: "team=db"}
                - templatedRoute:
                    routeTemplateRef: process_down
                    routeId: acme.service
                - templatedRoute:
                    routeTemplateRef: resource_high
                    routeId: acme.load
                    parameters:
                      - {name: alertClass, value: "cpu_high,memory_high"}
                """, StandardCharsets.UTF_8);
        properties.add("alerthub.customers.dir", () -> tmp.resolve("customers").toString());
    }

    @BeforeEach
    void adviseOnce() throws Exception {
        if (!advised) {
            AdviceWith.adviceWith(camel, "scenario.dispatch", route -> route.interceptSendToEndpoint("direct:scenario-*")
                    .skipSendToOriginalEndpoint().to("mock:scenario"));
            advised = true;
        }
        scenario.reset();
        scenario.whenAnyExchangeReceived(exchange -> { });
    }

    @ParameterizedTest(name = "{0} on {1} with [{2}] -> {3}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            disk_usage   | web-1 | -         | acme.disk-web
            disk_usage   | db-1  | -         | acme.disk
            process_down | db-1  | team=db   | acme.service-db
            process_down | db-1  | team=web  | acme.service
            process_down | web-1 | -         | acme.service
            cpu_high     | db-1  | -         | acme.load
            memory_high  | db-1  | team=db   | acme.load
            http_down    | web-1 | -         | -
            unknown      | web-1 | team=db   | -
            """)
    void routesTheIncidentToTheFirstMatchingBinding(String alertClass, String host, String label, String expected)
            throws Exception {
        NotifyBuilder dispatched = new NotifyBuilder(camel).fromRoute("scenario.dispatch").whenDone(1).create();
        scenario.expectedMessageCount(expected == null ? 0 : 1);
        if (expected != null) {
            scenario.expectedHeaderReceived(AlertHeaders.SCENARIO_ROUTE, expected);
        }

        fire(alertClass, host, label);

        assertThat(dispatched.matches(30, TimeUnit.SECONDS)).as("scenario.dispatch handled the incident").isTrue();
        scenario.assertIsSatisfied();
    }

    /** The stage's error policy (scenario-errors.camel.yaml): a scenario that throws escalates, and is not re-run. */
    @Test
    void aScenarioThatThrowsEscalatesItsIncident() throws Exception {
        NotifyBuilder dispatched = new NotifyBuilder(camel).fromRoute("scenario.dispatch").whenDone(1).create();
        scenario.expectedMessageCount(1);
        scenario.whenAnyExchangeReceived(exchange -> {
            throw new IllegalStateException("boom");
        });

        fire("disk_usage", "web-9", null);

        assertThat(dispatched.matches(30, TimeUnit.SECONDS)).as("scenario.dispatch handled the incident").isTrue();
        scenario.assertIsSatisfied();
        String incidentId = scenario.getReceivedExchanges().get(0).getMessage()
                .getHeader(AlertHeaders.INCIDENT_ID, String.class);
        Incident incident = incidents.find(incidentId).orElseThrow();
        assertThat(incident.state()).isEqualTo(IncidentState.ESCALATED);
        assertThat(incident.outcomeReason()).isEqualTo("scenario acme.disk-web failed: boom");
    }

    private void fire(String alertClass, String host, String label) throws Exception {
        Map<String, String> labels = label == null ? Map.of() : Map.of(label.split("=")[0], label.split("=")[1]);
        Map<String, Object> alert = Map.of("status", "firing", "name", alertClass + " #" + ALERTS.incrementAndGet(),
                "alertClass", alertClass, "resource", Map.of("host", host), "labels", labels);
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/v1/customers/acme/alerts/generic"))
                .header("Authorization", "Bearer dispatch-it-token").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(alert))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
    }
}
