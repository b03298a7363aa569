package io.alerthub.triage;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.alerthub.demo.DemoFleetKeys;
import io.alerthub.demo.HostState;
import io.alerthub.demo.SimulatedHost;
import io.alerthub.model.NotificationAction;
import io.alerthub.store.OutboxEntry;
import io.alerthub.store.OutboxStore;
import io.alerthub.support.MovableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 14's "prove it", end to end in the running hub: a disk alert POSTed to the webhook API is worked by the
 * {@code disk_usage} scenario over real SSH against a simulated host whose disk stays full and is handed over (Slack,
 * a WireMock stand-in, receives it); the source never recovers. Two hours later (the hub's clock moved) the same alert
 * fires again and a person is told — in the incident's Slack thread, and again after the person acknowledged it —
 * rather than the alert folding silently. For a customer whose {@code resolveTimeout} is one hour the hub instead
 * resolves the incident itself, tells Slack, and the next firing alert opens a new incident that the scenario works
 * again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:refire-it;MODE=PostgreSQL;DB_CLOSE_DELAY=-1",
        "alerthub.outbox.enabled=true",
        "alerthub.outbox.poll-interval=100ms",
        // longer than any clock jump below: a jump must not make an in-flight delivery look abandoned
        "alerthub.outbox.lease=6h",
        "alerthub.customers.reload-interval=0",
        "alerthub.scenarios.sweep-interval=1h",
        "alerthub.incidents.sweep-interval=200ms",
        // generous for a loaded 2-core machine: a cold SSH login or first Slack answer can take seconds there
        "alerthub.notify.response-timeout=30s",
        "alerthub.ssh.auth-timeout=60s",
        "alerthub.ssh.connect-timeout=30s"})
@ActiveProfiles("demo")
class RefireIT {
    static final Instant START = Instant.parse("2026-06-03T01:00:00Z");
    static final Duration WAIT = Duration.ofSeconds(90);
    static final String SLACK = "/slack/api/chat.postMessage";
    static final String USER = "hub";
    static final KeyPair HUB_KEY = DemoFleetKeys.newClientKey();
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<SimulatedHost> HOSTS = new ArrayList<>();

    @RegisterExtension
    static WireMockExtension slack = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @TempDir
    static Path tmp;

    @LocalServerPort
    int port;
    @Autowired
    MovableClock clock;
    @Autowired
    OutboxStore outbox;

    final HttpClient http = HttpClient.newHttpClient();

    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {
        @Bean
        @Primary
        MovableClock testClock() {
            return new MovableClock(START);
        }
    }

    // ---- two customers, each with one simulated host whose disk is full and no path allowed to clean --------------

    @DynamicPropertySource
    static void hub(DynamicPropertyRegistry properties) throws IOException {
        Path customers = tmp.resolve("customers");
        customer(customers, "owned", "disk-owned", """
                incidents:
                  resolveTimeout: 24h
                  refireAfter: 1h
                """);
        customer(customers, "stale", "disk-stale", """
                incidents:
                  resolveTimeout: 1h
                """);
        properties.add("alerthub.customers.dir", customers::toString);
        for (String id : List.of("owned", "stale")) {
            properties.add("REFIRE_IT_" + id.toUpperCase() + "_TOKEN", () -> id + "-token");
            properties.add("REFIRE_IT_" + id.toUpperCase() + "_SLACK", () -> "xoxb-" + id);
        }
        properties.add("alerthub.notify.slack.api-base-url", () -> slack.baseUrl() + "/slack/api");
    }

    static void customer(Path customers, String id, String host, String incidents) throws IOException {
        SimulatedHost simulated = new SimulatedHost(host, HostState.diskFull(host, Clock.systemUTC()),
                DemoFleetKeys.hostKey(host), HUB_KEY.getPublic(), USER, Clock.systemUTC()).start("127.0.0.1", 0);
        HOSTS.add(simulated);
        Path folder = Files.createDirectories(customers.resolve(id).resolve("keys"));
        Files.writeString(folder.resolve("hub"), DemoFleetKeys.openSshPrivateKey(HUB_KEY));
        Files.writeString(customers.resolve(id).resolve("customer.yaml"), """
                id: %s
                name: %s Ltd
                ingest:
                  auth:
                    - type: bearer
                      token: { env: REFIRE_IT_%s_TOKEN }
                hosts:
                  - id: %s
                    address: 127.0.0.1
                    sshPort: %d
                    sshUser: %s
                    hostKey: "%s"
                    privateKey: { file: keys/hub }
                notifications:
                  slack:
                    botToken: { env: REFIRE_IT_%s_SLACK }
                    channel: "#%s"
                escalation:
                  levels:
                    - channels: [slack]
                  handedOver: first
                """.formatted(id, id, id.toUpperCase(), host, simulated.port(), USER, simulated.hostKeyLine(),
                id.toUpperCase(), id) + incidents, StandardCharsets.UTF_8);
        // no cleanPaths: a full disk is handed over with what fills it, and stays full (the source never recovers)
        Files.writeString(customers.resolve(id).resolve("routes.camel.yaml"), """
                - templatedRoute:
                    routeTemplateRef: disk_usage
                    routeId: %s.disk
                """.formatted(id), StandardCharsets.UTF_8);
    }

    @AfterAll
    static void stopHosts() {
        HOSTS.forEach(SimulatedHost::close);
    }

    // ---- the proof -----------------------------------------------------------------------------------------------

    @Test
    void aHandedOverIncidentWhoseSourceNeverRecoveredTellsAPersonWhenTheAlertFiresAgain() throws Exception {
        slackOk("#owned", "1780448400.000100");
        String id = fire("owned", "disk-owned");
        awaitState(id, "HANDED_OVER");
        await().atMost(WAIT).untilAsserted(() -> assertThat(slack("#owned", "Alert [warning]")).as(story(id))
                .hasSize(1));

        clock.advance(Duration.ofHours(2));
        assertThat(fire("owned", "disk-owned")).as("the alert still folds into the open incident").isEqualTo(id);

        await().atMost(WAIT).untilAsserted(() -> assertThat(slack("#owned", "Fired again")).as(story(id)).hasSize(1));
        JsonNode refire = slack("#owned", "Fired again").get(0);
        assertThat(refire.path("thread_ts").asText()).as("in the incident's thread").isEqualTo("1780448400.000100");
        assertThat(refire.path("reply_broadcast").asBoolean()).as("and shown in the channel").isTrue();
        assertThat(refire.path("text").asText()).startsWith("Fired again [warning] disk_usage alert on disk-owned");
        assertThat(refire.toString()).contains(":repeat:").containsPattern(
                "fired again 2h( \\d+m)? after it went to people as HANDED_OVER \\(refireAfter 1h\\)");
        JsonNode incident = incident(id);
        assertThat(incident.path("state").asText()).isEqualTo("HANDED_OVER");
        assertThat(incident.path("alertCount").asInt()).isEqualTo(2);
        JsonNode refired = entries(incident, "refired").get(0);
        assertThat(refired.path("detail").path("reason").asText()).matches("fired again 2h( \\d+m)? after it went to"
                + " people as HANDED_OVER \\(refireAfter 1h\\): its escalation channels are told");
        await().atMost(WAIT).untilAsserted(() -> assertThat(entries(incident(id), "notification_sent"))
                .extracting(e -> e.path("detail").path("action").asText()).contains("REFIRE"));

        // within refireAfter: on the timeline as a folded duplicate, no second notice
        fire("owned", "disk-owned");
        assertThat(kinds(incident(id))).endsWith("duplicate");
        assertThat(outbox.forIncident(id)).filteredOn(e -> e.action() == NotificationAction.REFIRE).hasSize(1);

        // a person takes it; two hours later the alert is still firing: that person hears of it
        HttpResponse<String> ack = send(HttpRequest.newBuilder(url("/api/v1/incidents/" + id + "/ack"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
        await().atMost(WAIT).untilAsserted(() -> assertThat(slack("#owned", "Acknowledged")).as(story(id)).hasSize(1));
        clock.advance(Duration.ofHours(2));
        fire("owned", "disk-owned");

        await().atMost(WAIT).untilAsserted(() -> assertThat(slack("#owned", "Fired again")).as(story(id)).hasSize(2));
        JsonNode toDemo = slack("#owned", "Fired again").get(1);
        assertThat(toDemo.path("text").asText()).startsWith("Fired again");
        assertThat(toDemo.toString()).contains("after demo took it (refireAfter 1h): demo is told");
        assertThat(incident(id).path("state").asText()).isEqualTo("ACKNOWLEDGED");
        await().atMost(WAIT).untilAsserted(() -> assertThat(outbox.forIncident(id))
                .filteredOn(e -> e.action() == NotificationAction.REFIRE).extracting(OutboxEntry::status)
                .containsExactly(OutboxEntry.Status.SENT, OutboxEntry.Status.SENT));
    }

    @Test
    void anIncidentQuietForItsResolveTimeoutIsResolvedByTheHubAndTheNextAlertIsWorkedAgain() throws Exception {
        slackOk("#stale", "1780448500.000100");
        String first = fire("stale", "disk-stale");
        awaitState(first, "HANDED_OVER");
        await().atMost(WAIT).untilAsserted(() -> assertThat(slack("#stale", "Alert [warning]")).as(story(first))
                .hasSize(1));

        clock.advance(Duration.ofHours(2));

        JsonNode resolved = awaitState(first, "RESOLVED");
        JsonNode why = entries(resolved, "resolved_by_hub").get(0);
        assertThat(why.path("actor").asText()).isEqualTo("hub");
        assertThat(why.path("detail").path("reason").asText()).containsPattern("^no firing alert for 2h( \\d+m)?"
                + " \\(resolveTimeout 1h\\): resolved by the hub");
        assertThat(resolved.path("sourceStatus").asText()).isEqualTo("firing");
        await().atMost(WAIT).untilAsserted(() -> assertThat(slack("#stale", "Resolved")).as(story(first)).hasSize(1));
        JsonNode told = slack("#stale", "Resolved").get(0);
        assertThat(told.path("text").asText()).startsWith("Resolved");
        assertThat(told.path("thread_ts").asText()).isEqualTo("1780448500.000100");

        String second = fire("stale", "disk-stale");
        assertThat(second).as("a new incident").isNotEqualTo(first);
        JsonNode worked = awaitState(second, "HANDED_OVER");
        assertThat(kinds(worked)).as("the scenario ran again").contains("received", "scenario_started", "ssh",
                "outcome");
        await().atMost(WAIT).untilAsserted(() -> assertThat(slack("#stale", "Alert [warning]")).as(story(second))
                .hasSize(2));
        assertThat(slack("#stale", "Alert [warning]").get(1).toString()).contains(second);
        assertThat(slack("#stale", "Alert [warning]").get(1).has("thread_ts")).as("a new incident, a new thread")
                .isFalse();
    }

    // ---- the hub's API and the stand-in ---------------------------------------------------------------------------

    /** Posts the customer's one disk alert (always the same fingerprint); returns its incident id. */
    String fire(String customer, String host) throws Exception {
        String body = JSON.writeValueAsString(Map.of("status", "firing", "name", "disk_usage alert",
                "alertClass", "disk_usage", "severity", "warning", "fingerprint", customer + "-disk",
                "summary", "/ is 93% full", "resource", Map.of("host", host)));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(url("/api/v1/customers/" + customer
                        + "/alerts/generic")).header("Authorization", "Bearer " + customer + "-token")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        String alertId = JSON.readTree(r.body()).path("alertIds").get(0).asText();
        return get("/api/v1/alerts/" + alertId).path("incidentId").asText();
    }

    JsonNode awaitState(String id, String state) {
        return await().atMost(WAIT).until(() -> incident(id), i -> i.path("state").asText().equals(state));
    }

    JsonNode incident(String id) throws Exception {
        return get("/api/v1/incidents/" + id);
    }

    static List<JsonNode> entries(JsonNode incident, String kind) {
        List<JsonNode> found = new ArrayList<>();
        incident.path("timeline").forEach(e -> {
            if (e.path("kind").asText().equals(kind)) {
                found.add(e);
            }
        });
        return found;
    }

    static List<String> kinds(JsonNode incident) {
        List<String> kinds = new ArrayList<>();
        incident.path("timeline").forEach(e -> kinds.add(e.path("kind").asText()));
        return kinds;
    }

    /** What the outbox and the timeline hold: the story a failed assertion tells. */
    String story(String id) {
        StringBuilder story = new StringBuilder("outbox:");
        outbox.forIncident(id).forEach(e -> story.append("\n  ").append(e.id()).append(' ').append(e.status())
                .append(" error=").append(e.lastError()));
        try {
            story.append("\ntimeline:");
            incident(id).path("timeline").forEach(t -> story.append("\n  ").append(t));
        } catch (Exception e) {
            story.append(e);
        }
        return story.toString();
    }

    JsonNode get(String path) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(url(path)).GET());
        assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** As operator "demo" (admin in the demo profile). */
    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        String basic = Base64.getEncoder().encodeToString("demo:demo".getBytes(StandardCharsets.UTF_8));
        return http.send(request.header("Authorization", "Basic " + basic).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    static void slackOk(String channel, String ts) {
        slack.stubFor(post(SLACK).withRequestBody(matchingJsonPath("$.channel", equalTo(channel)))
                .willReturn(okJson("{\"ok\":true,\"channel\":\"C0" + channel.substring(1).toUpperCase()
                        + "\",\"ts\":\"" + ts + "\"}")));
    }

    /**
     * The messages posted to {@code channel} whose text starts with {@code prefix}, in order; a delivery the hub retried
     * (the stand-in answered too slowly on a loaded machine) counts once.
     */
    static List<JsonNode> slack(String channel, String prefix) {
        return slack.findAll(postRequestedFor(urlEqualTo(SLACK))
                        .withRequestBody(matchingJsonPath("$.channel", equalTo(channel)))).stream()
                .sorted(Comparator.comparing(LoggedRequest::getLoggedDate)).map(LoggedRequest::getBodyAsString)
                .distinct().map(body -> {
                    try {
                        return JSON.readTree(body);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }).filter(m -> m.path("text").asText().startsWith(prefix)).toList();
    }
}
