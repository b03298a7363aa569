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
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.alerthub.support.MovableClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * Issue 13 items 1 and 2 in the running hub (H2, the webhook API, Slack as a WireMock stand-in, the hub's clock moved
 * by the test): an alert that flaps is marked, folds every later change into one incident, is told to Slack once
 * and, after its quiet period, worked once more; an incident on a host whose host_unreachable incident is open, or
 * one a customer's inhibit rule covers, is SUPPRESSED with inhibitedBy, and is worked (or stays resolved) once the
 * source resolves.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:noise-it;MODE=PostgreSQL;DB_CLOSE_DELAY=-1",
        "alerthub.outbox.enabled=true",
        "alerthub.outbox.poll-interval=100ms",
        "alerthub.outbox.lease=6h",
        "alerthub.notify.response-timeout=10s",
        "alerthub.customers.reload-interval=0",
        "alerthub.scenarios.sweep-interval=1h",
        "alerthub.flapping.sweep-interval=200ms",
        // the demo profile for its logins only: none of its fixed-port servers (another demo hub may hold them)
        "alerthub.demo-mail.enabled=false",
        "alerthub.demo-fleet.enabled=false",
        "alerthub.demo-sinks.enabled=false"})
@ActiveProfiles("demo")
class NoiseIT {
    static final Instant START = Instant.parse("2026-06-03T01:00:00Z");
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String SLACK = "/slack/api/chat.postMessage";
    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static WireMockExtension slack = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @TempDir
    static Path tmp;

    @LocalServerPort
    int port;
    @Autowired
    MovableClock clock;

    final HttpClient http = HttpClient.newHttpClient();

    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {
        @Bean
        @Primary
        MovableClock testClock() {
            return new MovableClock(START);
        }
    }

    @DynamicPropertySource
    static void hub(DynamicPropertyRegistry properties) throws IOException {
        Path customers = tmp.resolve("customers");
        customer(customers, "flap", """
                flapping: {changes: 4, within: 10m, quietFor: 15m}
                """);
        customer(customers, "inh", """
                inhibitRules:
                  - name: switch down
                    sourceMatchers: ['name="SwitchDown"']
                    targetMatchers: ['severity=~"warning|info"']
                    equal: [rack]
                """);
        properties.add("alerthub.customers.dir", customers::toString);
        for (String id : List.of("flap", "inh")) {
            properties.add("NOISE_IT_" + id.toUpperCase() + "_TOKEN", () -> id + "-token");
            properties.add("NOISE_IT_" + id.toUpperCase() + "_SLACK", () -> "xoxb-" + id);
        }
        properties.add("alerthub.notify.slack.api-base-url", () -> slack.baseUrl() + "/slack/api");
    }

    static void customer(Path customers, String id, String more) throws IOException {
        Files.createDirectories(customers.resolve(id));
        Files.writeString(customers.resolve(id).resolve("customer.yaml"), """
                id: %s
                name: %s Ltd
                timeZone: UTC
                ingest:
                  auth:
                    - type: bearer
                      token: { env: NOISE_IT_%s_TOKEN }
                notifications:
                  slack:
                    botToken: { env: NOISE_IT_%s_SLACK }
                    channel: "#%s"
                escalation:
                  levels:
                    - channels: [slack]
                """.formatted(id, id, id.toUpperCase(), id.toUpperCase(), id) + more, StandardCharsets.UTF_8);
    }

    // ---- flapping ------------------------------------------------------------------------------------------------

    @Test
    void aFlappingAlertIsMarkedToldOnceFoldsEveryChangeAndIsWorkedOnceMoreAfterItsQuietPeriod() throws Exception {
        slack.stubFor(post(SLACK).withRequestBody(matchingJsonPath("$.channel", equalTo("#flap")))
                .willReturn(okJson("{\"ok\":true,\"channel\":\"CFLAP\",\"ts\":\"1780448400.000100\"}")));
        String a = alert("flap", "firing", "FlapProbe", "unknown", "web-1", "critical", Map.of(), "flap-1");
        awaitState(a, "ESCALATED");
        awaitSlack("#flap", 1);
        assertThat(alert("flap", "resolved", "FlapProbe", "unknown", "web-1", "critical", Map.of(), "flap-1"))
                .isEqualTo(a);
        awaitState(a, "RESOLVED");
        awaitSlack("#flap", 2);
        clock.advance(Duration.ofMinutes(1));
        String b = alert("flap", "firing", "FlapProbe", "unknown", "web-1", "critical", Map.of(), "flap-1");
        assertThat(b).as("not flapping yet: a new incident").isNotEqualTo(a);
        awaitState(b, "ESCALATED");
        awaitSlack("#flap", 3);
        clock.advance(Duration.ofMinutes(1));
        // the fourth change within 10 minutes: B flaps, stays open, and Slack hears it once
        assertThat(alert("flap", "resolved", "FlapProbe", "unknown", "web-1", "critical", Map.of(), "flap-1"))
                .isEqualTo(b);
        JsonNode flapping = await().atMost(WAIT).until(() -> incident(b), i -> i.path("flapping").asBoolean());
        assertThat(flapping.path("state").asText()).as("a recovery while flapping does not end it")
                .isEqualTo("ESCALATED");
        assertThat(kinds(flapping)).contains("flapping_started");
        List<JsonNode> told = awaitSlack("#flap", 4);
        assertThat(told.get(3).path("text").asText()).startsWith("Flapping [critical] FlapProbe on web-1");
        for (String status : List.of("firing", "resolved", "firing")) {
            clock.advance(Duration.ofMinutes(1));
            assertThat(alert("flap", status, "FlapProbe", "unknown", "web-1", "critical", Map.of(), "flap-1"))
                    .as("while flapping every change folds into the flapping incident").isEqualTo(b);
        }
        JsonNode folded = incident(b);
        assertThat(folded.path("alertCount").asInt()).isEqualTo(5);
        assertThat(folded.path("sourceStatus").asText()).isEqualTo("firing");
        assertThat(count(folded, "outcome")).as("no scenario re-ran while it flapped").isEqualTo(1);
        assertThat(incidentsOf("flap", "FlapProbe")).containsExactlyInAnyOrder(a, b);

        // quiet for 15 minutes while still firing: the mark clears and the incident is worked once more
        clock.advance(Duration.ofMinutes(16));
        JsonNode cleared = await().atMost(WAIT).until(() -> incident(b),
                i -> !i.path("flapping").asBoolean() && count(i, "outcome") == 2);
        assertThat(kinds(cleared)).containsSubsequence("flapping_started", "flapping_stopped", "outcome");
        assertThat(cleared.path("state").asText()).isEqualTo("ESCALATED");
        assertThat(slackTo("#flap")).as("no resolve or trigger went out for the folded changes").hasSizeLessThan(6);
    }

    // ---- inhibition ----------------------------------------------------------------------------------------------

    @Test
    void anOpenHostUnreachableIncidentInhibitsItsHostsOtherIncidentsUntilItResolves() throws Exception {
        slack.stubFor(post(SLACK).withRequestBody(matchingJsonPath("$.channel", equalTo("#inh")))
                .willReturn(okJson("{\"ok\":true,\"channel\":\"CINH\",\"ts\":\"1780448400.000200\"}")));
        String down = alert("inh", "firing", "HostDown", "host_unreachable", "db-1", "critical", Map.of(), "down-1");
        awaitState(down, "ESCALATED");
        String disk = alert("inh", "firing", "DiskFull", "disk_usage", "db-1", "critical", Map.of(), "disk-1");
        JsonNode inhibited = awaitState(disk, "SUPPRESSED");
        assertThat(inhibited.path("inhibitedBy").asText()).isEqualTo(down);
        assertThat(kinds(inhibited)).contains("inhibited").doesNotContain("scenario_started", "outcome");
        String other = alert("inh", "firing", "DiskFull", "disk_usage", "web-1", "critical", Map.of(), "disk-2");
        assertThat(absent(awaitState(other, "ESCALATED").path("inhibitedBy"))).as("another host: worked").isTrue();
        JsonNode source = incident(down);
        assertThat(kinds(source)).contains("inhibits");
        assertThat(absent(source.path("inhibitedBy"))).isTrue();

        alert("inh", "resolved", "HostDown", "host_unreachable", "db-1", "critical", Map.of(), "down-1");
        JsonNode worked = awaitState(disk, "ESCALATED");
        assertThat(kinds(worked)).containsSubsequence("inhibited", "inhibition_lifted", "outcome");
        assertThat(absent(worked.path("inhibitedBy"))).isTrue();
    }

    @Test
    void aCustomersInhibitRuleMatchesLabelsAndAnInhibitedIncidentThatResolvedMeanwhileStaysResolved() throws Exception {
        slack.stubFor(post(SLACK).withRequestBody(matchingJsonPath("$.channel", equalTo("#inh")))
                .willReturn(okJson("{\"ok\":true,\"channel\":\"CINH\",\"ts\":\"1780448400.000300\"}")));
        String sw = alert("inh", "firing", "SwitchDown", "unknown", "sw-1", "critical", Map.of("rack", "r1"), "sw-1");
        awaitState(sw, "ESCALATED");
        String warn = alert("inh", "firing", "PingSlow", "unknown", "app-1", "warning", Map.of("rack", "r1"), "p-1");
        assertThat(awaitState(warn, "SUPPRESSED").path("inhibitedBy").asText()).isEqualTo(sw);
        String otherRack = alert("inh", "firing", "PingSlow", "unknown", "app-2", "warning", Map.of("rack", "r2"),
                "p-2");
        awaitState(otherRack, "ESCALATED");
        String critical = alert("inh", "firing", "PingLost", "unknown", "app-3", "critical", Map.of("rack", "r1"),
                "p-3");
        awaitState(critical, "ESCALATED");

        alert("inh", "resolved", "PingSlow", "unknown", "app-1", "warning", Map.of("rack", "r1"), "p-1");
        awaitState(warn, "RESOLVED");
        alert("inh", "resolved", "SwitchDown", "unknown", "sw-1", "critical", Map.of("rack", "r1"), "sw-1");
        awaitState(sw, "RESOLVED");
        JsonNode after = incident(warn);
        assertThat(after.path("state").asText()).isEqualTo("RESOLVED");
        assertThat(kinds(after)).doesNotContain("scenario_started", "outcome");
    }

    // ---- the hub's API and the stand-in ---------------------------------------------------------------------------

    /** Posts one generic alert; returns the incident it folded into. */
    String alert(String customer, String status, String name, String alertClass, String host, String severity,
                 Map<String, String> labels, String fingerprint) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("status", status).put("name", name)
                .put("alertClass", alertClass).put("severity", severity).put("summary", name + " on " + host)
                .put("fingerprint", fingerprint);
        body.set("resource", JSON.createObjectNode().put("host", host));
        body.set("labels", JSON.valueToTree(labels));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(url("/api/v1/customers/" + customer
                        + "/alerts/generic")).header("Authorization", "Bearer " + customer + "-token")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        String alertId = JSON.readTree(r.body()).path("alertIds").get(0).asText();
        return await().atMost(WAIT).until(() -> get("/api/v1/alerts/" + alertId).path("incidentId").asText(""),
                id -> !id.isEmpty());
    }

    JsonNode get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(url(path)).header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString("demo:demo".getBytes(StandardCharsets.UTF_8))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    JsonNode incident(String id) throws Exception {
        return get("/api/v1/incidents/" + id);
    }

    JsonNode awaitState(String id, String state) {
        return await().atMost(WAIT).until(() -> incident(id), i -> i.path("state").asText().equals(state));
    }

    Set<String> incidentsOf(String customer, String name) throws Exception {
        Set<String> ids = new LinkedHashSet<>();
        get("/api/v1/incidents?customer=" + customer).path("items").forEach(i -> {
            if (i.path("name").asText().equals(name)) {
                ids.add(i.path("id").asText());
            }
        });
        return ids;
    }

    /** A field the incident JSON leaves out when it has no value. */
    static boolean absent(JsonNode field) {
        return field.isMissingNode() || field.isNull();
    }

    static List<String> kinds(JsonNode incident) {
        List<String> kinds = new ArrayList<>();
        incident.path("timeline").forEach(e -> kinds.add(e.path("kind").asText()));
        return kinds;
    }

    static long count(JsonNode incident, String kind) {
        return kinds(incident).stream().filter(kind::equals).count();
    }

    List<JsonNode> awaitSlack(String channel, int n) {
        return await().atMost(WAIT).until(() -> slackTo(channel), l -> l.size() >= n);
    }

    List<JsonNode> slackTo(String channel) {
        return slack.findAll(postRequestedFor(urlEqualTo(SLACK))
                        .withRequestBody(matchingJsonPath("$.channel", equalTo(channel)))).stream()
                .sorted(java.util.Comparator.comparing(r -> r.getLoggedDate()))
                .map(r -> {
                    try {
                        return JSON.readTree(r.getBodyAsString());
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }).toList();
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
