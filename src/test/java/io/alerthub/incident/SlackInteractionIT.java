package io.alerthub.incident;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.alerthub.incident.IncidentTestHub.JSON;
import static io.alerthub.incident.IncidentTestHub.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.alerthub.notify.slack.SlackMessages;
import io.alerthub.notify.slack.SlackRequestSigning;
import io.alerthub.support.security.CustomerScope;
import io.alerthub.support.security.OperatorTestUsers;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Slack's interactive buttons end to end: the hub posts an alert with Acknowledge / Take over / Resolve buttons to a
 * Slack stand-in (WireMock), a press comes back as Slack sends it (form-encoded {@code block_actions}, signed with
 * the app's signing secret) to {@code POST /api/v1/slack/interactions} without any login, the hub acts as the mapped
 * operator and replaces the message through its {@code response_url} on the stand-in. Bad, stale and replayed
 * signatures, unmapped Slack users and operators outside the incident's customer change nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:slack-interaction-it;MODE=PostgreSQL;DB_CLOSE_DELAY=-1",
        "alerthub.customers.reload-interval=0",
        "alerthub.scenarios.sweep-interval=1h",
        "alerthub.outbox.poll-interval=100ms",
        "alerthub.mail.enabled=false",
        "alerthub.slack.interactive.enabled=true",
        "alerthub.slack.interactive.signing-secret.env=IT_SLACK_SIGNING_SECRET",
        "IT_SLACK_SIGNING_SECRET=it-slack-signing-secret",
        "alerthub.slack.interactive.users.U0OPERATOR=operator",
        "alerthub.slack.interactive.users.U0STRANGER=stranger"})
@OperatorTestUsers
class SlackInteractionIT {
    static final byte[] SECRET = "it-slack-signing-secret".getBytes(StandardCharsets.UTF_8);
    static final AtomicInteger COUNTER = new AtomicInteger();

    @RegisterExtension
    static WireMockExtension slack = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @TempDir
    static Path tmp;

    @LocalServerPort
    int port;

    IncidentTestHub hub;

    // operator "stranger" (mapped from U0STRANGER) is no configured login, so the real CustomerScope lets it act
    // for no customer; login "operator" sees every customer

    @DynamicPropertySource
    static void hub(DynamicPropertyRegistry properties) throws Exception {
        Path customers = tmp.resolve("customers");
        IncidentTestHub.writeCustomer(customers, "people");
        IncidentTestHub.secrets("people").forEach(s -> properties.add(s[0], () -> s[1]));
        properties.add("alerthub.customers.dir", customers::toString);
        properties.add("alerthub.notify.slack.api-base-url", () -> slack.baseUrl() + "/slack/api");
        properties.add("alerthub.notify.pagerduty.base-url", () -> slack.baseUrl() + "/pagerduty");
        properties.add("alerthub.slack.interactive.response-url-prefixes", () -> slack.baseUrl() + "/actions/");
    }

    @BeforeEach
    void standIns() {
        hub = new IncidentTestHub(port);
        slack.stubFor(post(urlEqualTo("/slack/api/chat.postMessage"))
                .willReturn(okJson("{\"ok\":true,\"channel\":\"C0PEOPLE\",\"ts\":\"1780000000.000100\"}")));
        slack.stubFor(post(urlPathMatching("/actions/.*")).willReturn(ok("ok")));
        slack.stubFor(post(urlEqualTo("/pagerduty/v2/enqueue")).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json").withBody("{\"status\":\"success\"}")));
    }

    /** An escalated incident and the Slack message the hub posted for it, as Slack received it. */
    record Alerted(String incidentId, JsonNode message) {
    }

    Alerted alerted() throws Exception {
        String id = hub.escalated("people", "slack-fp-" + COUNTER.incrementAndGet());
        JsonNode message = await().atMost(WAIT).until(() -> slack.findAll(postRequestedFor(
                        urlEqualTo("/slack/api/chat.postMessage"))).stream().map(SlackInteractionIT::json)
                .filter(m -> m.toString().contains("\"value\":\"" + id + "\"")).findFirst().orElse(null),
                m -> m != null);
        return new Alerted(id, message);
    }

    /** The form body Slack sends when {@code user} presses {@code actionId} on {@code message}. */
    static byte[] press(Alerted alerted, String user, String actionId, String responsePath) {
        ObjectNode payload = JSON.createObjectNode().put("type", "block_actions");
        payload.putObject("user").put("id", user).put("username", user.toLowerCase());
        payload.putObject("container").put("type", "message").put("channel_id", "C0PEOPLE");
        ObjectNode shown = payload.putObject("message").put("type", "message")
                .put("text", alerted.message().path("text").asText());
        shown.set("blocks", alerted.message().path("blocks"));
        payload.put("response_url", slack.baseUrl() + responsePath);
        payload.putArray("actions").addObject().put("type", "button").put("action_id", actionId)
                .put("block_id", SlackMessages.ACTIONS_BLOCK).put("value", alerted.incidentId());
        return ("payload=" + URLEncoder.encode(payload.toString(), StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8);
    }

    HttpResponse<String> send(byte[] body, String timestamp, String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(hub.url("/api/v1/slack/interactions"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (timestamp != null) {
            request.header(SlackRequestSigning.TIMESTAMP_HEADER, timestamp);
        }
        if (signature != null) {
            request.header(SlackRequestSigning.SIGNATURE_HEADER, signature);
        }
        return hub.postAnonymous(request);
    }

    HttpResponse<String> signedNow(byte[] body) throws Exception {
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        return send(body, timestamp, SlackRequestSigning.sign(SECRET, timestamp, body));
    }

    static String responsePath() {
        return "/actions/T0PEOPLE/" + COUNTER.incrementAndGet() + "/token";
    }

    static List<JsonNode> responses(String path) {
        return slack.findAll(postRequestedFor(urlEqualTo(path))).stream().map(SlackInteractionIT::json).toList();
    }

    JsonNode awaitResponse(String path) {
        return await().atMost(WAIT).until(() -> responses(path), r -> !r.isEmpty()).get(0);
    }

    static JsonNode json(LoggedRequest request) {
        try {
            return JSON.readTree(request.getBodyAsString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theAlertCarriesTheButtonsAndATakeoverPressActsAsTheMappedOperatorAndUpdatesTheMessage() throws Exception {
        Alerted alerted = alerted();
        JsonNode buttons = alerted.message().path("blocks").findParent("block_id");
        assertThat(buttons.path("block_id").asText()).isEqualTo(SlackMessages.ACTIONS_BLOCK);
        assertThat(buttons.path("elements").findValuesAsText("action_id"))
                .containsExactly("alerthub.acknowledge", "alerthub.takeover", "alerthub.resolve");

        String path = responsePath();
        HttpResponse<String> r = signedNow(press(alerted, "U0OPERATOR", "alerthub.takeover", path));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode incident = hub.incident(alerted.incidentId());
        assertThat(incident.path("state").asText()).isEqualTo("ACKNOWLEDGED");
        assertThat(incident.path("assignee").asText()).isEqualTo("operator");
        assertThat(hub.timeline(alerted.incidentId(), "taken_over")).singleElement().satisfies(e -> {
            assertThat(e.path("actor").asText()).isEqualTo("operator");
            assertThat(e.path("detail").path("via").asText()).isEqualTo("slack");
        });

        JsonNode update = awaitResponse(path);
        assertThat(update.path("replace_original").asBoolean()).isTrue();
        assertThat(update.toString()).doesNotContain(SlackMessages.ACTIONS_BLOCK);
        assertThat(update.path("blocks").findValuesAsText("text")).anySatisfy(t ->
                assertThat(t).contains("Taken over by operator in Slack"));
    }

    @Test
    void acknowledgeAndResolvePressesActAndARepeatOnlyTellsThePresser() throws Exception {
        Alerted alerted = alerted();
        String ack = responsePath();
        assertThat(signedNow(press(alerted, "U0OPERATOR", "alerthub.acknowledge", ack)).statusCode()).isEqualTo(200);
        assertThat(hub.incident(alerted.incidentId()).path("acknowledgedBy").asText()).isEqualTo("operator");
        assertThat(awaitResponse(ack).path("blocks").findValuesAsText("text"))
                .anySatisfy(t -> assertThat(t).contains("Acknowledged by operator in Slack"));

        String resolve = responsePath();
        assertThat(signedNow(press(alerted, "U0OPERATOR", "alerthub.resolve", resolve)).statusCode()).isEqualTo(200);
        JsonNode incident = hub.incident(alerted.incidentId());
        assertThat(incident.path("state").asText()).isEqualTo("RESOLVED");
        assertThat(incident.path("resolvedBy").asText()).isEqualTo("operator");
        awaitResponse(resolve);

        String again = responsePath();
        assertThat(signedNow(press(alerted, "U0OPERATOR", "alerthub.resolve", again)).statusCode()).isEqualTo(200);
        JsonNode reply = awaitResponse(again);
        assertThat(reply.path("response_type").asText()).isEqualTo("ephemeral");
        assertThat(reply.path("text").asText()).contains("already RESOLVED");
        assertThat(hub.timeline(alerted.incidentId(), "resolved_by_person")).hasSize(1);
    }

    @Test
    void badStaleAndReplayedSignaturesAreRefusedAndChangeNothing() throws Exception {
        Alerted alerted = alerted();
        String path = responsePath();
        byte[] body = press(alerted, "U0OPERATOR", "alerthub.resolve", path);
        String now = Long.toString(Instant.now().getEpochSecond());

        HttpResponse<String> unsigned = send(body, null, null);
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(unsigned.body()).path("detail").asText()).isEqualTo("slack request signature refused");
        assertThat(send(body, now, SlackRequestSigning.sign("wrong-secret".getBytes(StandardCharsets.UTF_8), now,
                body)).statusCode()).isEqualTo(401);
        byte[] tampered = press(alerted, "U0OPERATOR", "alerthub.takeover", path);
        assertThat(send(tampered, now, SlackRequestSigning.sign(SECRET, now, body)).statusCode()).isEqualTo(401);
        String old = Long.toString(Instant.now().minusSeconds(6 * 60).getEpochSecond());
        assertThat(send(body, old, SlackRequestSigning.sign(SECRET, old, body)).statusCode()).isEqualTo(401);
        assertThat(hub.incident(alerted.incidentId()).path("state").asText()).isEqualTo("ESCALATED");

        String signature = SlackRequestSigning.sign(SECRET, now, body);
        assertThat(send(body, now, signature).statusCode()).isEqualTo(200);
        assertThat(hub.incident(alerted.incidentId()).path("state").asText()).isEqualTo("RESOLVED");
        HttpResponse<String> replay = send(body, now, signature);
        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(hub.timeline(alerted.incidentId(), "resolved_by_person")).hasSize(1);
        awaitResponse(path);
        assertThat(responses(path)).hasSize(1);
    }

    @Test
    void anUnmappedSlackUserOrAnOperatorOutsideTheCustomerIsRefusedWithAnEphemeralReply() throws Exception {
        Alerted alerted = alerted();
        String unknown = responsePath();
        assertThat(signedNow(press(alerted, "U0NOBODY", "alerthub.takeover", unknown)).statusCode()).isEqualTo(200);
        JsonNode reply = awaitResponse(unknown);
        assertThat(reply.path("response_type").asText()).isEqualTo("ephemeral");
        assertThat(reply.path("replace_original").asBoolean()).isFalse();
        assertThat(reply.path("text").asText()).contains("not mapped to an Alert Hub operator");

        String stranger = responsePath();
        assertThat(signedNow(press(alerted, "U0STRANGER", "alerthub.resolve", stranger)).statusCode()).isEqualTo(200);
        assertThat(awaitResponse(stranger).path("text").asText()).contains("does not exist or is not one you may act on");

        JsonNode incident = hub.incident(alerted.incidentId());
        assertThat(incident.path("state").asText()).isEqualTo("ESCALATED");
        assertThat(incident.path("assignee").isMissingNode()).isTrue();
        assertThat(incident.path("timeline").findValuesAsText("kind")).doesNotContain("taken_over", "resolved_by_person");
    }

    @Test
    void aResponseUrlOutsideTheAllowedPrefixesIsNeverPosted() throws Exception {
        Alerted alerted = alerted();
        String elsewhere = "/elsewhere/" + COUNTER.incrementAndGet();
        slack.stubFor(post(urlEqualTo(elsewhere)).willReturn(ok("ok")));
        assertThat(signedNow(press(alerted, "U0OPERATOR", "alerthub.acknowledge", elsewhere)).statusCode())
                .isEqualTo(200);
        assertThat(hub.incident(alerted.incidentId()).path("state").asText()).isEqualTo("ACKNOWLEDGED");
        // a later press's update arriving proves the first one had its chance to be posted
        String later = responsePath();
        signedNow(press(alerted, "U0OPERATOR", "alerthub.resolve", later));
        awaitResponse(later);
        assertThat(responses(elsewhere)).isEmpty();
    }
}
