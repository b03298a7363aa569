package io.alerthub.support.security;

import static io.alerthub.support.security.OperatorLogins.basic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alerthub.ingest.sns.SnsSubscription;
import io.alerthub.ingest.sns.SnsSubscriptionStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Roles per customer over real HTTP: two customers, a login limited to one of them, and every operator API — reads
 * by id, lists (with and without {@code ?customer=}), writes — answers the other customer's things 404 or leaves them
 * out, while an admin sees both; Hawtio, Jolokia and the actuator stay closed to the limited login.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:customer-scope-it;MODE=PostgreSQL;DB_CLOSE_DELAY=-1",
        "camel.main.name=customer-scope-it",
        "alerthub.customers.reload-interval=0",
        "alerthub.mail.enabled=false",
        "alerthub.sqs.enabled=false",
        // notifications wait in the outbox: the test lists them, nothing is sent anywhere
        "alerthub.outbox.enabled=false",
        "alerthub.security.users[0].username=admin",
        "alerthub.security.users[0].password.env=SCOPE_IT_ADMIN_PASSWORD",
        "alerthub.security.users[0].roles=admin",
        "alerthub.security.users[1].username=alpha-op",
        "alerthub.security.users[1].password.env=SCOPE_IT_ALPHA_PASSWORD",
        "alerthub.security.users[1].roles=operator",
        "alerthub.security.users[1].customers=alpha",
        "alerthub.security.users[2].username=watcher",
        "alerthub.security.users[2].password.env=SCOPE_IT_WATCHER_PASSWORD",
        "alerthub.security.users[2].roles=viewer",
        "SCOPE_IT_ADMIN_PASSWORD=admin-pw",
        "SCOPE_IT_ALPHA_PASSWORD=alpha-pw",
        "SCOPE_IT_WATCHER_PASSWORD=watcher-pw"})
@AutoConfigureObservability
class CustomerScopeIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] ADMIN = {"admin", "admin-pw"};
    private static final String[] ALPHA = {"alpha-op", "alpha-pw"};
    private static final String[] WATCHER = {"watcher", "watcher-pw"};

    @TempDir
    static Path tmp;

    @DynamicPropertySource
    static void customers(DynamicPropertyRegistry properties) throws IOException {
        TwoCustomers.write(tmp.resolve("customers"), "SCOPE_IT", """
                notifications:
                  slack:
                    botToken: { env: SCOPE_IT_SLACK_TOKEN }
                    channel: "#%s"
                """, List.of("alpha", "bravo"), properties);
        properties.add("SCOPE_IT_SLACK_TOKEN", () -> "xoxb-scope-it");
    }

    /** What each customer has in the hub: one escalated incident with its alert, a refused input, a silence. */
    private record Seeded(String alertId, String incidentId, String silenceId) {
    }

    private static final Map<String, Seeded> SEEDED = new TreeMap<>();

    @LocalServerPort
    int port;
    @Autowired
    SnsSubscriptionStore subscriptions;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void seedBothCustomersOnce() throws Exception {
        if (!SEEDED.isEmpty()) {
            return;
        }
        for (String customer : List.of("alpha", "bravo")) {
            HttpResponse<String> accepted = ingest(customer, """
                    {"status":"firing","name":"Scope%s","severity":"critical","resource":{"host":"%s-web-1"},\
                    "fingerprint":"scope-%s"}""".formatted(customer, customer, customer));
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            String alertId = JSON.readTree(accepted.body()).path("alertIds").get(0).asText();
            String incidentId = await().atMost(Duration.ofSeconds(20)).until(() -> JSON.readTree(
                    get("/api/v1/alerts/" + alertId, ADMIN).body()).path("incidentId").asText(null), id -> id != null);
            assertThat(ingest(customer, "{\"status\":").statusCode()).as("malformed: kept as rejected input")
                    .isEqualTo(400);
            HttpResponse<String> silence = send("POST", "/api/v1/silences", ADMIN, """
                    {"customerId":"%s","hosts":["maintenance-%s"],"endsAt":"2099-01-01T00:00:00Z",\
                    "comment":"window of %s"}""".formatted(customer, customer, customer));
            assertThat(silence.statusCode()).as(silence.body()).isEqualTo(201);
            subscriptions.insert(new SnsSubscription("sub-" + customer, customer,
                    "arn:aws:sns:ap-northeast-1:123456789012:" + customer, "msg-" + customer,
                    "SubscriptionConfirmation", "https://sns.ap-northeast-1.amazonaws.com/?Action=ConfirmSubscription",
                    SnsSubscription.PENDING, null, Instant.now(), null, null));
            SEEDED.put(customer, new Seeded(alertId, incidentId, JSON.readTree(silence.body()).path("id").asText()));
        }
        // no scenario is bound: both incidents escalate, and the escalation queues a Slack notification each
        await().atMost(Duration.ofSeconds(20)).until(() -> customersIn(get("/api/v1/notifications", ADMIN)),
                seen -> seen.containsAll(List.of("alpha", "bravo")));
    }

    @Test
    void anotherCustomersIncidentAndAlertAnswer404LikeUnknownOnes() throws Exception {
        Seeded alpha = SEEDED.get("alpha");
        Seeded bravo = SEEDED.get("bravo");
        assertThat(get("/api/v1/incidents/" + alpha.incidentId(), ALPHA).statusCode()).isEqualTo(200);
        assertThat(get("/api/v1/alerts/" + alpha.alertId(), ALPHA).statusCode()).isEqualTo(200);

        HttpResponse<String> foreign = get("/api/v1/incidents/" + bravo.incidentId(), ALPHA);
        HttpResponse<String> unknown = get("/api/v1/incidents/no-such-incident", ALPHA);
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(foreign.body()).doesNotContain("bravo", "ScopeBravo");
        assertThat(shape(foreign)).as("indistinguishable from an unknown id").isEqualTo(shape(unknown));
        assertThat(get("/api/v1/alerts/" + bravo.alertId(), ALPHA).statusCode()).isEqualTo(404);
        // matrix parameters or an encoded id reach the same gate
        assertThat(get("/api/v1/incidents/" + bravo.incidentId() + ";x=1", ALPHA).statusCode()).isIn(400, 404);

        assertThat(get("/api/v1/incidents/" + bravo.incidentId(), ADMIN).statusCode()).isEqualTo(200);
        assertThat(get("/api/v1/alerts/" + bravo.alertId(), ADMIN).statusCode()).isEqualTo(200);
    }

    @Test
    void writesOnAnotherCustomersThingsAnswer404AndChangeNothing() throws Exception {
        Seeded bravo = SEEDED.get("bravo");
        HttpResponse<String> ack = send("POST", "/api/v1/incidents/" + bravo.incidentId() + "/ack", ALPHA, "{}");
        assertThat(ack.statusCode()).as(ack.body()).isEqualTo(404);
        JsonNode incident = JSON.readTree(get("/api/v1/incidents/" + bravo.incidentId(), ADMIN).body());
        assertThat(incident.path("state").asText()).isNotEqualTo("ACKNOWLEDGED");
        assertThat(incident.path("acknowledgedBy").isMissingNode() || incident.path("acknowledgedBy").isNull())
                .isTrue();

        HttpResponse<String> expire = send("DELETE", "/api/v1/silences/" + bravo.silenceId(), ALPHA, null);
        assertThat(expire.statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/silences?customer=bravo", ADMIN).body()).contains(bravo.silenceId());

        HttpResponse<String> create = send("POST", "/api/v1/silences", ALPHA,
                "{\"customerId\":\"bravo\",\"endsAt\":\"2099-01-01T00:00:00Z\",\"comment\":\"not mine\"}");
        HttpResponse<String> createUnknown = send("POST", "/api/v1/silences", ALPHA,
                "{\"customerId\":\"no-such-customer\",\"endsAt\":\"2099-01-01T00:00:00Z\"}");
        assertThat(create.statusCode()).as("answered like an unknown customer").isEqualTo(400)
                .isEqualTo(createUnknown.statusCode());
        assertThat(get("/api/v1/silences?customer=bravo", ADMIN).body()).doesNotContain("not mine");

        // the login's own customer: allowed
        HttpResponse<String> own = send("POST", "/api/v1/silences", ALPHA,
                "{\"customerId\":\"alpha\",\"endsAt\":\"2099-01-01T00:00:00Z\",\"comment\":\"alpha-op's\"}");
        assertThat(own.statusCode()).as(own.body()).isEqualTo(201);
        String ownId = JSON.readTree(own.body()).path("id").asText();
        assertThat(send("DELETE", "/api/v1/silences/" + ownId, ALPHA, null).statusCode()).isEqualTo(204);
    }

    @Test
    void everyListShowsOnlyTheLoginsCustomers() throws Exception {
        for (String list : List.of("/api/v1/incidents", "/api/v1/alerts", "/api/v1/notifications", "/api/v1/rejected",
                "/api/v1/sns/subscriptions")) {
            assertThat(customersIn(get(list, ALPHA))).as(list).containsExactly("alpha");
            assertThat(customersIn(get(list + "?customer=alpha", ALPHA))).as(list).containsExactly("alpha");
            HttpResponse<String> other = get(list + "?customer=bravo", ALPHA);
            assertThat(other.statusCode()).as(list).isEqualTo(200);
            assertThat(JSON.readTree(other.body()).path("items")).as(list + "?customer=bravo").isEmpty();
            assertThat(customersIn(get(list, ADMIN))).as(list + " as admin").contains("alpha", "bravo");
            assertThat(customersIn(get(list, WATCHER))).as(list + " as a viewer of every customer")
                    .contains("alpha", "bravo");
        }
        String silences = get("/api/v1/silences", ALPHA).body();
        assertThat(silences).contains("window of alpha").doesNotContain("window of bravo");
        assertThat(JSON.readTree(get("/api/v1/silences?customer=bravo", ALPHA).body())).isEmpty();
        assertThat(get("/api/v1/silences", ADMIN).body()).contains("window of alpha", "window of bravo");
    }

    @Test
    void hawtioJolokiaAndTheActuatorStayWithLoginsOfEveryCustomer() throws Exception {
        assertThat(get("/actuator/prometheus", ALPHA).statusCode()).isEqualTo(403);
        assertThat(get("/actuator/metrics", ALPHA).statusCode()).isEqualTo(403);
        assertThat(get("/actuator/hawtio/", ALPHA).statusCode()).isEqualTo(403);
        assertThat(send("POST", "/actuator/jolokia", ALPHA, "{\"type\":\"version\"}").statusCode()).isEqualTo(403);
        assertThat(get("/actuator/health", ALPHA).statusCode()).as("the open probe stays open").isIn(200, 503);

        assertThat(get("/actuator/prometheus", WATCHER).statusCode()).isEqualTo(200);
        assertThat(send("POST", "/actuator/jolokia", WATCHER, "{\"type\":\"version\"}").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/hawtio/", ADMIN).statusCode()).isEqualTo(200);
    }

    @Test
    void hubWideSwitchesAreReadableButOnlyAnAdminFlipsThem() throws Exception {
        assertThat(get("/api/v1/scenarios/switches", ALPHA).statusCode()).isEqualTo(200);
        assertThat(send("PUT", "/api/v1/scenarios/switches", ALPHA, "{\"enabled\":false,\"dryRun\":true}")
                .statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(get("/api/v1/scenarios/switches", ADMIN).body()).path("enabled").asBoolean())
                .isTrue();
    }

    /** The customer ids of a list answer's items (sorted, distinct). */
    private static List<String> customersIn(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        JSON.readTree(response.body()).path("items").forEach(item -> ids.add(item.path("customerId").asText()));
        return ids.stream().distinct().sorted().toList();
    }

    /** A 404's body without the parts that differ per request (path, time). */
    private static Map<String, String> shape(HttpResponse<String> response) throws IOException {
        Map<String, String> fields = new TreeMap<>();
        JSON.readTree(response.body()).fields().forEachRemaining(field -> {
            if (!List.of("path", "timestamp", "instance", "detail").contains(field.getKey())) {
                fields.put(field.getKey(), field.getValue().asText());
            }
        });
        fields.put("status", String.valueOf(response.statusCode()));
        return fields;
    }

    private HttpResponse<String> ingest(String customer, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/customers/"
                        + customer + "/alerts/generic"))
                .header("Authorization", "Bearer " + customer + "-token")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String[] login) throws Exception {
        return send("GET", path, login, null);
    }

    private HttpResponse<String> send(String method, String path, String[] login, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", basic(login[0], login[1]));
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
