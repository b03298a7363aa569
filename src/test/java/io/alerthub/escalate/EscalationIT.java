package io.alerthub.escalate;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
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
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.alerthub.AlertHubApplication;
import io.alerthub.notify.OutboxSettler;
import io.alerthub.store.OutboxEntry;
import io.alerthub.store.OutboxStore;
import io.alerthub.support.MovableClock;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Escalation and delivery end to end in the running hub: alerts in over the webhook API, the escalation levels into
 * the outbox, and the exact requests Slack (WireMock), PagerDuty (WireMock) and the customer's mail server (GreenMail)
 * receive, with the incident timeline that records them. Covers acknowledgement (API and signed PagerDuty webhooks),
 * resolution follow-ups, retries (429 with Retry-After, bursts of 500s, timeouts), fallback, the dead letter, a
 * restart with a pending outbox, quiet hours with a digest, silences and the notification budget.
 *
 * <p>The hub's clock is a {@link TestClock}: real time ticking from a fixed start (a Wednesday, 02:30 UTC) that a test
 * may move forward, so quiet hours are deterministic and long escalation delays need no waiting.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:escalation-it;MODE=PostgreSQL;DB_CLOSE_DELAY=-1",
        "alerthub.outbox.enabled=true",
        "alerthub.outbox.poll-interval=100ms",
        // longer than any clock jump below: a jump must not make an in-flight delivery look abandoned
        "alerthub.outbox.lease=6h",
        "alerthub.outbox.max-attempts=5",
        "alerthub.outbox.initial-backoff=200ms",
        "alerthub.outbox.max-backoff=1s",
        // generous for a loaded 2-core machine (a cold first request can take a second); the timeout test delays more
        "alerthub.notify.response-timeout=4s",
        "alerthub.customers.reload-interval=0",
        "alerthub.scenarios.sweep-interval=1h"})
@ActiveProfiles("demo")
class EscalationIT {
    static final Instant START = Instant.parse("2026-06-03T02:30:00Z");
    static final Duration WAIT = Duration.ofSeconds(20);
    static final String SLACK = "/slack/api/chat.postMessage";
    static final String PAGERDUTY = "/pagerduty/v2/enqueue";
    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static WireMockExtension standIn = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().templatingEnabled(true)).build();

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withPerMethodLifecycle(false);

    @TempDir
    static Path tmp;

    @LocalServerPort
    int port;
    @Autowired
    TestClock clock;
    @Autowired
    OutboxStore outbox;
    @Autowired
    ProducerTemplate camel;
    @Autowired
    MeterRegistry meters;

    final HttpClient http = HttpClient.newHttpClient();

    /** Real time from {@link #START}, movable forward (or to a moment) by a test. */
    static final class TestClock extends MovableClock {
        TestClock() {
            super(START);
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {
        @Bean
        @Primary
        TestClock testClock() {
            return new TestClock();
        }
    }

    // ---- customers ---------------------------------------------------------------------------------------------

    static final Map<String, String> CUSTOMERS = new LinkedHashMap<>();

    static {
        CUSTOMERS.put("flow", all("flow") + """
                escalation:
                  levels:
                    - channels: [slack]
                    - after: 2s
                      channels: [pagerduty]
                    - after: 4s
                      channels: [email]
                """);
        CUSTOMERS.put("acked", all("acked") + """
                escalation:
                  levels:
                    - channels: [slack]
                    - after: 30s
                      channels: [pagerduty]
                    - after: 1m
                      channels: [email]
                """);
        CUSTOMERS.put("paged", all("paged") + """
                escalation:
                  levels:
                    - channels: [slack, pagerduty]
                """);
        CUSTOMERS.put("limited", slackOnly("limited"));
        CUSTOMERS.put("flaky", slackOnly("flaky"));
        CUSTOMERS.put("slow", slackOnly("slow"));
        CUSTOMERS.put("fallback", all("fallback") + """
                escalation:
                  levels:
                    - channels: [slack]
                  fallback:
                    slack: email
                """);
        CUSTOMERS.put("dead", slackOnly("dead"));
        CUSTOMERS.put("nihon", all("nihon").replace("timeZone: UTC\n", "timeZone: UTC\nlocale: ja\n") + """
                escalation:
                  levels:
                    - channels: [slack, email]
                """);
        CUSTOMERS.put("quiet", all("quiet") + """
                escalation:
                  levels:
                    - channels: [slack, email]
                quietHours:
                  digest: true
                  dropResolved: true
                  criticalOverrides: true
                  intervals:
                    - name: early-hours
                      times: [{start_time: "02:00", end_time: "05:00"}]
                """);
        CUSTOMERS.put("silenced", slackOnly("silenced") + """
                silences:
                  - hosts: ["db-*"]
                    startsAt: "2026-06-03T00:00:00Z"
                    endsAt: "2026-06-10T00:00:00Z"
                    comment: database maintenance
                """);
        CUSTOMERS.put("grouped", slackOnly("grouped") + """
                escalation:
                  groupBy: [alertClass]
                  groupWait: 1m
                  groupInterval: 5m
                """);
        CUSTOMERS.put("maint", slackOnly("maint") + """
                silences:
                  - matchers: ['name=~"Nightly .*"', 'severity!="critical"']
                    startsAt: "2026-06-03T00:00:00Z"
                    endsAt: "2026-06-10T00:00:00Z"
                    comment: batch window
                muteTimeIntervals:
                  - name: batch-hosts
                    hosts: ["batch-*"]
                    comment: the batch hosts restart every night
                    intervals:
                      - times: [{start_time: "00:00", end_time: "24:00"}]
                """);
        CUSTOMERS.put("budget", slackOnly("budget") + """
                escalation:
                  levels:
                    - after: 1m
                      channels: [slack]
                  budgetPerHour: 2
                """);
    }

    static String profile(String id) {
        return """
                id: %s
                name: %s Ltd
                timeZone: UTC
                ingest:
                  auth:
                    - type: bearer
                      token: { env: ESC_%s_TOKEN }
                """.formatted(id, id, id.toUpperCase());
    }

    static String slackOnly(String id) {
        return profile(id) + """
                notifications:
                  slack:
                    botToken: { env: ESC_%s_SLACK }
                    channel: "#%s"
                """.formatted(id.toUpperCase(), id);
    }

    static String all(String id) {
        return slackOnly(id) + """
                  pagerduty:
                    routingKey: { env: ESC_%s_PD }
                    webhookSecrets:
                      - { env: ESC_%s_PD_WEBHOOK }
                  email:
                    to: [oncall@%s.example]
                    from: alert-hub@msp.example
                """.formatted(id.toUpperCase(), id.toUpperCase(), id);
    }

    /** The per-customer secrets the profiles name; each customer needs its own. */
    static Map<String, String> secrets(String id) {
        String up = id.toUpperCase();
        return Map.of("ESC_" + up + "_TOKEN", id + "-token", "ESC_" + up + "_SLACK", "xoxb-" + id,
                "ESC_" + up + "_PD", id + "-routing-key", "ESC_" + up + "_PD_WEBHOOK", id + "-webhook-secret");
    }

    static Path writeCustomers(Path dir, Map<String, String> profiles) throws IOException {
        for (Map.Entry<String, String> c : profiles.entrySet()) {
            Files.createDirectories(dir.resolve(c.getKey()));
            Files.writeString(dir.resolve(c.getKey()).resolve("customer.yaml"), c.getValue());
        }
        return dir;
    }

    @DynamicPropertySource
    static void hub(DynamicPropertyRegistry properties) throws IOException {
        Path customers = writeCustomers(tmp.resolve("customers"), CUSTOMERS);
        properties.add("alerthub.customers.dir", customers::toString);
        CUSTOMERS.keySet().forEach(id -> secrets(id).forEach((k, v) -> properties.add(k, () -> v)));
        properties.add("alerthub.notify.slack.api-base-url", () -> standIn.baseUrl() + "/slack/api");
        properties.add("alerthub.notify.pagerduty.base-url", () -> standIn.baseUrl() + "/pagerduty");
        properties.add("alerthub.notify.email.host", () -> "127.0.0.1");
        properties.add("alerthub.notify.email.port", () -> greenMail.getSmtp().getPort());
    }

    // ---- stand-ins ---------------------------------------------------------------------------------------------

    /** Slack answers ok for {@code channel} with message ts {@code ts}. */
    static void slackOk(String channel, String ts) {
        standIn.stubFor(post(SLACK).withRequestBody(matchingJsonPath("$.channel", equalTo(channel)))
                .willReturn(okJson("{\"ok\":true,\"channel\":\"C0" + channel.substring(1).toUpperCase()
                        + "\",\"ts\":\"" + ts + "\"}")));
    }

    /** PagerDuty accepts every event, answering with its dedup key as the real Events API does. */
    static void pagerDutyAccepts() {
        standIn.stubFor(post(PAGERDUTY).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"status\":\"success\",\"message\":\"Event processed\","
                        + "\"dedup_key\":\"{{jsonPath request.body '$.dedup_key'}}\"}")
                .withTransformers("response-template")));
    }

    static List<JsonNode> slackRequests(String channel) {
        return bodies(standIn.findAll(postRequestedFor(urlEqualTo(SLACK))
                .withRequestBody(matchingJsonPath("$.channel", equalTo(channel)))));
    }

    static List<LoggedRequest> slackLog(String channel) {
        return standIn.findAll(postRequestedFor(urlEqualTo(SLACK))
                .withRequestBody(matchingJsonPath("$.channel", equalTo(channel))));
    }

    static List<JsonNode> pagerDutyRequests(String incidentId) {
        return bodies(standIn.findAll(postRequestedFor(urlEqualTo(PAGERDUTY))
                .withRequestBody(matchingJsonPath("$.dedup_key", equalTo(incidentId)))));
    }

    static List<JsonNode> bodies(List<LoggedRequest> requests) {
        return requests.stream().sorted(java.util.Comparator.comparing(LoggedRequest::getLoggedDate))
                .map(r -> {
                    try {
                        return JSON.readTree(r.getBodyAsString());
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }).toList();
    }

    static List<MimeMessage> mailsTo(String address) {
        return Arrays.stream(greenMail.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getRecipients(Message.RecipientType.TO))
                        .anyMatch(a -> a.toString().equals(address));
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    // ---- the hub's API -----------------------------------------------------------------------------------------

    /** Posts one generic alert for {@code customer}; returns its incident id. */
    String alert(String customer, String status, String name, String host, String severity) throws Exception {
        String body = JSON.createObjectNode().put("status", status).put("name", name).put("alertClass", "unknown")
                .put("severity", severity).put("summary", name + " on " + host)
                .set("resource", JSON.createObjectNode().put("host", host)).toString();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(url("/api/v1/customers/" + customer
                        + "/alerts/generic")).header("Authorization", "Bearer " + customer + "-token")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        String alertId = JSON.readTree(r.body()).path("alertIds").get(0).asText();
        return get("/api/v1/alerts/" + alertId).path("incidentId").asText();
    }

    JsonNode get(String path) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(url(path)).header("Authorization", basic()).GET());
        assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.header("Authorization", basic()).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postSilence(JsonNode silence) throws Exception {
        return send(HttpRequest.newBuilder(url("/api/v1/silences")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(silence.toString())));
    }

    JsonNode incident(String id) throws Exception {
        return get("/api/v1/incidents/" + id);
    }

    JsonNode awaitState(String incidentId, String state) {
        return await().atMost(WAIT).until(() -> incident(incidentId), i -> i.path("state").asText().equals(state));
    }

    List<JsonNode> timeline(String incidentId, String kind) throws Exception {
        List<JsonNode> entries = new ArrayList<>();
        incident(incidentId).path("timeline").forEach(e -> {
            if (e.path("kind").asText().equals(kind)) {
                entries.add(e);
            }
        });
        return entries;
    }

    Instant timeOf(String incidentId, String kind, String channel, String action) throws Exception {
        return timeline(incidentId, kind).stream()
                .filter(e -> channel == null || e.path("detail").path("channel").asText().equals(channel))
                .filter(e -> action == null || e.path("detail").path("action").asText().equals(action))
                .map(e -> Instant.parse(e.path("at").asText())).findFirst().orElseThrow();
    }

    /** What the outbox and the timeline hold for an incident: the story a failed assertion tells. */
    String story(String incidentId) {
        StringBuilder story = new StringBuilder("outbox:");
        outbox.forIncident(incidentId).forEach(e -> story.append("\n  ").append(e.id()).append(' ').append(e.status())
                .append(" attempts=").append(e.attempts()).append(" due=").append(e.dueAt()).append(" error=")
                .append(e.lastError()));
        story.append("\ntimeline:");
        try {
            incident(incidentId).path("timeline").forEach(t -> story.append("\n  ").append(t));
        } catch (Exception e) {
            story.append(e);
        }
        return story.toString();
    }

    OutboxEntry entry(String incidentId, String channel, String action, int level) {
        return outbox.find(incidentId + "|" + channel + "|" + action + "|" + level).orElseThrow();
    }

    private static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString("demo:demo".getBytes(StandardCharsets.UTF_8));
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    // ---- escalation and resolution ---------------------------------------------------------------------------

    @Test
    void aJapaneseCustomerReadsWhyThePersonTakesOverInJapaneseInSlackAndEmail() throws Exception {
        slackOk("#nihon", "1780453800.000900");

        String id = alert("nihon", "firing", "Mystery signal", "nihon-web-1", "error");
        JsonNode escalated = awaitState(id, "ESCALATED");
        String why = "アラートの種類が不明です: ハブでは内容を判断できないため、担当者が対応します";
        assertThat(escalated.path("outcomeReason").asText()).isEqualTo(why);
        await().atMost(WAIT).until(() -> mailsTo("oncall@nihon.example").size() == 1);
        await().atMost(WAIT).until(() -> slackRequests("#nihon").size() == 1);

        String slack = slackRequests("#nihon").get(0).toString();
        assertThat(slack).contains(why).contains("担当者にエスカレーションしました").doesNotContain("alert class unknown");
        MimeMessage mail = mailsTo("oncall@nihon.example").get(0);
        String body = (String) mail.getContent();
        assertThat(body).contains(why).contains("診断情報").doesNotContain("alert class unknown");
    }

    @Test
    void anUnknownAlertEscalatesLevelByLevelAndItsResolutionFollowsUpOnEveryChannel() throws Exception {
        slackOk("#flow", "1780453800.000100");
        pagerDutyAccepts();

        String id = alert("flow", "firing", "Mystery signal", "flow-web-1", "error");
        JsonNode escalated = awaitState(id, "ESCALATED");
        assertThat(escalated.path("alertClass").asText()).isEqualTo("unknown");
        assertThat(escalated.path("outcome").asText()).isEqualTo("ESCALATED");
        await().atMost(WAIT).until(() -> mailsTo("oncall@flow.example").size() == 1);

        // the levels are due at the verdict plus their delays, and nothing goes out before it is due
        Instant decided = timeOf(id, "outcome", null, null);
        OutboxEntry slackEntry = entry(id, "slack", "TRIGGER", 0);
        OutboxEntry pageEntry = entry(id, "pagerduty", "TRIGGER", 1);
        OutboxEntry mailEntry = entry(id, "email", "TRIGGER", 2);
        assertThat(slackEntry.dueAt()).isAfterOrEqualTo(decided).isBefore(decided.plusSeconds(1));
        assertThat(Duration.between(slackEntry.dueAt(), pageEntry.dueAt())).isEqualTo(Duration.ofSeconds(2));
        assertThat(Duration.between(slackEntry.dueAt(), mailEntry.dueAt())).isEqualTo(Duration.ofSeconds(4));
        assertThat(timeOf(id, "notification_sent", "slack", "TRIGGER")).isAfterOrEqualTo(slackEntry.dueAt());
        assertThat(timeOf(id, "notification_sent", "pagerduty", "TRIGGER")).isAfterOrEqualTo(pageEntry.dueAt());
        assertThat(timeOf(id, "notification_sent", "email", "TRIGGER")).isAfterOrEqualTo(mailEntry.dueAt());
        assertThat(slackLog("#flow").get(0).getLoggedDate()).as("slack is told before pagerduty is paged")
                .isBefore(standIn.findAll(postRequestedFor(urlEqualTo(PAGERDUTY))
                        .withRequestBody(matchingJsonPath("$.dedup_key", equalTo(id)))).get(0).getLoggedDate());

        List<JsonNode> slack = slackRequests("#flow");
        assertThat(slack).hasSize(1);
        assertThat(slack.get(0).path("text").asText())
                .isEqualTo("Alert [error] Mystery signal on flow-web-1 (flow Ltd): Mystery signal on flow-web-1");
        assertThat(slack.get(0).has("thread_ts")).isFalse();
        assertThat(slackLog("#flow").get(0).getHeader("Authorization")).isEqualTo("Bearer xoxb-flow");

        List<JsonNode> pages = pagerDutyRequests(id);
        assertThat(pages).as(story(id)).hasSize(1);
        JsonNode trigger = pages.get(0);
        assertThat(trigger.path("routing_key").asText()).isEqualTo("flow-routing-key");
        assertThat(trigger.path("event_action").asText()).isEqualTo("trigger");
        assertThat(trigger.path("payload").path("summary").asText())
                .isEqualTo("[flow Ltd] Mystery signal on flow-web-1: Mystery signal on flow-web-1");
        assertThat(trigger.path("payload").path("source").asText()).isEqualTo("flow-web-1");
        assertThat(trigger.path("payload").path("severity").asText()).isEqualTo("error");
        assertThat(trigger.path("payload").path("class").asText()).isEqualTo("unknown");
        assertThat(trigger.path("payload").path("group").asText()).isEqualTo("flow");
        assertThat(trigger.path("payload").path("custom_details").path("incident").asText()).isEqualTo(id);

        MimeMessage mail = mailsTo("oncall@flow.example").get(0);
        assertThat(mail.getSubject()).isEqualTo("[Alert Hub] Alert [error] Mystery signal on flow-web-1");
        assertThat(mail.getFrom()[0].toString()).isEqualTo("alert-hub@msp.example");

        alert("flow", "resolved", "Mystery signal", "flow-web-1", "error");
        awaitState(id, "RESOLVED");
        await().atMost(WAIT).until(() -> pagerDutyRequests(id).size() == 2 && slackRequests("#flow").size() == 2
                && mailsTo("oncall@flow.example").size() == 2);

        assertThat(pagerDutyRequests(id).get(1)).isEqualTo(JSON.readTree("{\"routing_key\":\"flow-routing-key\","
                + "\"event_action\":\"resolve\",\"dedup_key\":\"" + id + "\"}"));
        JsonNode reply = slackRequests("#flow").get(1);
        assertThat(reply.path("thread_ts").asText()).isEqualTo("1780453800.000100");
        assertThat(reply.path("reply_broadcast").asBoolean()).isTrue();
        assertThat(reply.path("text").asText()).startsWith("Resolved [error] Mystery signal on flow-web-1");
        assertThat(mailsTo("oncall@flow.example").get(1).getSubject())
                .isEqualTo("[Alert Hub] Resolved [error] Mystery signal on flow-web-1");
        assertThat(mailsTo("oncall@flow.example").get(1).getHeader("In-Reply-To")).isNotNull();
        assertThat(incident(id).path("timeline").findValuesAsText("kind")).containsSubsequence(
                "received", "outcome", "notification_sent", "notification_sent", "notification_sent",
                "resolved_by_source", "notification_sent");
        await().atMost(WAIT).until(() -> timeline(id, "notification_sent").size() == 6);
    }

    // ---- acknowledgement -------------------------------------------------------------------------------------

    @Test
    void anAckThroughTheApiStopsTheChainAndTellsTheChannelsAlreadyNotified() throws Exception {
        slackOk("#acked", "1780453900.000200");
        pagerDutyAccepts();
        String id = alert("acked", "firing", "Odd noise", "acked-app-1", "warning");
        await().atMost(WAIT).until(() -> entry(id, "slack", "TRIGGER", 0).status() == OutboxEntry.Status.SENT);

        HttpResponse<String> ack = send(HttpRequest.newBuilder(url("/api/v1/incidents/" + id + "/ack"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
        assertThat(JSON.readTree(ack.body()).path("state").asText()).isEqualTo("ACKNOWLEDGED");
        assertThat(JSON.readTree(ack.body()).path("acknowledgedBy").asText()).isEqualTo("demo");
        HttpResponse<String> again = send(HttpRequest.newBuilder(url("/api/v1/incidents/" + id + "/ack"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(again.statusCode()).isEqualTo(409);

        // past both remaining levels (30 s and 1 min): nothing of the stopped chain may go out
        clock.advance(Duration.ofMinutes(2));
        camel.sendBody("direct:notify.due", null);
        assertThat(entry(id, "pagerduty", "TRIGGER", 1).status()).isEqualTo(OutboxEntry.Status.CANCELLED);
        assertThat(entry(id, "email", "TRIGGER", 2).status()).isEqualTo(OutboxEntry.Status.CANCELLED);
        assertThat(pagerDutyRequests(id)).isEmpty();
        assertThat(mailsTo("oncall@acked.example")).isEmpty();

        await().atMost(WAIT).untilAsserted(() -> assertThat(slackRequests("#acked")).as(story(id)).hasSize(2));
        JsonNode reply = slackRequests("#acked").get(1);
        assertThat(reply.path("thread_ts").asText()).isEqualTo("1780453900.000200");
        assertThat(reply.path("text").asText()).startsWith("Acknowledged [warning] Odd noise on acked-app-1");
        assertThat(timeline(id, "acknowledged").get(0).path("detail").path("via").asText()).isEqualTo("api");
        assertThat(timeline(id, "escalation_stopped").get(0).path("detail").path("cancelled").asInt()).isEqualTo(2);
    }

    @Test
    void aSignedPagerDutyWebhookAcknowledgesAndAWrongSignatureChangesNothing() throws Exception {
        slackOk("#paged", "1780454000.000300");
        pagerDutyAccepts();
        String id = alert("paged", "firing", "Paged thing", "paged-db-1", "critical");
        await().atMost(WAIT).until(() -> entry(id, "slack", "TRIGGER", 0).status() == OutboxEntry.Status.SENT
                && entry(id, "pagerduty", "TRIGGER", 0).status() == OutboxEntry.Status.SENT);
        String body = """
                {"event":{"id":"01DEN6UJYRVVVSPGFIH5X1TJAH","event_type":"incident.acknowledged",\
                "resource_type":"incident","occurred_at":"%s",\
                "agent":{"id":"PLH1HKV","summary":"山田 太郎","type":"user_reference"},\
                "data":{"id":"PGR0VU2","type":"incident","status":"acknowledged","incident_key":"%s"}}}"""
                .formatted(clock.instant(), id); // within the replay window, wherever other tests moved the clock

        HttpResponse<String> forged = webhook("paged", body, "v1=" + hmac("not-the-secret", body));
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(incident(id).path("state").asText()).isEqualTo("ESCALATED");
        assertThat(timeline(id, "acknowledged")).isEmpty();

        HttpResponse<String> signed = webhook("paged", body, "v1=" + hmac("paged-webhook-secret", body));
        assertThat(signed.statusCode()).as(signed.body()).isEqualTo(202);
        assertThat(JSON.readTree(signed.body()).path("applied").asBoolean()).isTrue();
        JsonNode acked = incident(id);
        assertThat(acked.path("state").asText()).isEqualTo("ACKNOWLEDGED");
        assertThat(acked.path("acknowledgedBy").asText()).isEqualTo("山田 太郎");
        assertThat(timeline(id, "acknowledged").get(0).path("detail").path("via").asText()).isEqualTo("pagerduty");

        await().atMost(WAIT).until(() -> slackRequests("#paged").size() == 2);
        assertThat(slackRequests("#paged").get(1).path("thread_ts").asText()).isEqualTo("1780454000.000300");
        assertThat(pagerDutyRequests(id)).as("pagerduty told us: no acknowledge back to it")
                .extracting(p -> p.path("event_action").asText()).containsExactly("trigger");
    }

    HttpResponse<String> webhook(String customer, String body, String signature) throws Exception {
        return http.send(HttpRequest.newBuilder(url("/api/v1/customers/" + customer + "/pagerduty"))
                .header("Content-Type", "application/json").header("X-PagerDuty-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String hmac(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    // ---- delivery failures -----------------------------------------------------------------------------------

    @Test
    void a429IsRetriedNoSoonerThanItsRetryAfter() throws Exception {
        standIn.stubFor(post(SLACK).withRequestBody(matchingJsonPath("$.channel", equalTo("#limited")))
                .inScenario("limited").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2"))
                .willSetStateTo("allowed"));
        standIn.stubFor(post(SLACK).withRequestBody(matchingJsonPath("$.channel", equalTo("#limited")))
                .inScenario("limited").whenScenarioStateIs("allowed")
                .willReturn(okJson("{\"ok\":true,\"ts\":\"1780454100.000400\"}")));

        String id = alert("limited", "firing", "Limited", "limited-1", "warning");
        await().atMost(WAIT).until(() -> entry(id, "slack", "TRIGGER", 0).status() == OutboxEntry.Status.SENT);

        List<LoggedRequest> attempts = slackLog("#limited").stream()
                .sorted(java.util.Comparator.comparing(LoggedRequest::getLoggedDate)).toList();
        assertThat(attempts).hasSize(2);
        long gapMs = attempts.get(1).getLoggedDate().getTime() - attempts.get(0).getLoggedDate().getTime();
        assertThat(gapMs).as("second attempt waits for Retry-After: 2 (the backoff alone is 200 ms)")
                .isGreaterThanOrEqualTo(2000);
        JsonNode failed = timeline(id, "notification_failed").get(0).path("detail");
        assertThat(failed.path("error").asText()).isEqualTo("slack rate limit (429)");
        // the timeline entry is written a moment after the retry time was computed from the same clock
        assertThat(Duration.between(timeOf(id, "notification_failed", "slack", "TRIGGER"),
                Instant.parse(failed.path("nextAttemptAt").asText()))).isBetween(Duration.ofMillis(1900),
                Duration.ofSeconds(2));
        assertThat(entry(id, "slack", "TRIGGER", 0).attempts()).isEqualTo(2);
    }

    @Test
    void aBurstOf500sThenOkIsSentOnce() throws Exception {
        String state = Scenario.STARTED;
        for (int i = 1; i <= 3; i++) {
            standIn.stubFor(post(SLACK).withRequestBody(matchingJsonPath("$.channel", equalTo("#flaky")))
                    .inScenario("flaky").whenScenarioStateIs(state)
                    .willReturn(aResponse().withStatus(500)).willSetStateTo("failed-" + i));
            state = "failed-" + i;
        }
        standIn.stubFor(post(SLACK).withRequestBody(matchingJsonPath("$.channel", equalTo("#flaky")))
                .inScenario("flaky").whenScenarioStateIs(state)
                .willReturn(okJson("{\"ok\":true,\"ts\":\"1780454200.000500\"}")));

        String id = alert("flaky", "firing", "Flaky", "flaky-1", "warning");
        await().atMost(WAIT).until(() -> entry(id, "slack", "TRIGGER", 0).status() == OutboxEntry.Status.SENT);

        assertThat(slackLog("#flaky")).hasSize(4);
        assertThat(timeline(id, "notification_failed")).extracting(e -> e.path("detail").path("error").asText())
                .containsExactly("slack answered 500", "slack answered 500", "slack answered 500");
        assertThat(timeline(id, "notification_sent")).hasSize(1);
        assertThat(timeline(id, "notification_sent").get(0).path("detail").path("attempt").asInt()).isEqualTo(4);
    }

    @Test
    void aTimeoutIsRetried() throws Exception {
        standIn.stubFor(post(SLACK).withRequestBody(matchingJsonPath("$.channel", equalTo("#slow")))
                .inScenario("slow").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"ok\":true,\"ts\":\"too.late\"}").withFixedDelay(6000))
                .willSetStateTo("fast"));
        standIn.stubFor(post(SLACK).withRequestBody(matchingJsonPath("$.channel", equalTo("#slow")))
                .inScenario("slow").whenScenarioStateIs("fast")
                .willReturn(okJson("{\"ok\":true,\"ts\":\"1780454300.000600\"}")));

        String id = alert("slow", "firing", "Slow", "slow-1", "warning");
        await().atMost(WAIT).until(() -> entry(id, "slack", "TRIGGER", 0).status() == OutboxEntry.Status.SENT);

        assertThat(slackLog("#slow")).hasSize(2);
        assertThat(timeline(id, "notification_failed").get(0).path("detail").path("error").asText())
                .startsWith("slack unreachable: ").containsIgnoringCase("timeout");
        assertThat(entry(id, "slack", "TRIGGER", 0).externalRef()).isEqualTo("1780454300.000600");
    }

    @Test
    void aPermanentFailureGoesToTheFallbackChannel() throws Exception {
        standIn.stubFor(post(SLACK).withRequestBody(matchingJsonPath("$.channel", equalTo("#fallback")))
                .willReturn(aResponse().withStatus(400).withBody("invalid_blocks")));

        String id = alert("fallback", "firing", "Falls back", "fallback-1", "error");
        await().atMost(WAIT).until(() -> mailsTo("oncall@fallback.example").size() == 1);

        assertThat(slackLog("#fallback")).as("a 4xx is not retried").hasSize(1);
        OutboxEntry slack = entry(id, "slack", "TRIGGER", 0);
        assertThat(slack.status()).isEqualTo(OutboxEntry.Status.FAILED);
        assertThat(slack.lastError()).isEqualTo("slack answered 400 \"invalid_blocks\"");
        await().atMost(WAIT).until(() -> outbox.find(slack.id() + "|fallback-email").orElseThrow().status()
                == OutboxEntry.Status.SENT);
        assertThat(outbox.find(slack.id() + "|fallback-email").orElseThrow().fallbackOf()).isEqualTo(slack.id());
        assertThat(timeline(id, "notification_failed").get(0).path("detail").path("fallback").asText())
                .isEqualTo("email");
        assertThat(mailsTo("oncall@fallback.example").get(0).getSubject())
                .isEqualTo("[Alert Hub] Alert [error] Falls back on fallback-1");
    }

    @Test
    void withNoFallbackAFailedNotificationIsDeadListedCountedRaisedAndCanBeSentAgain() throws Exception {
        standIn.stubFor(post(SLACK).withRequestBody(matchingJsonPath("$.channel", equalTo("#dead")))
                .atPriority(1).willReturn(okJson("{\"ok\":false,\"error\":\"channel_not_found\"}")));
        double deadBefore = deadCount();

        String id = alert("dead", "firing", "Nobody hears", "dead-1", "error");
        String entryId = id + "|slack|TRIGGER|0";
        await().atMost(WAIT).until(() -> entry(id, "slack", "TRIGGER", 0).status() == OutboxEntry.Status.DEAD);

        JsonNode deadLetter = get("/api/v1/notifications?status=DEAD&customer=dead");
        assertThat(deadLetter.path("items").findValuesAsText("id")).contains(entryId);
        assertThat(deadCount()).isGreaterThanOrEqualTo(deadBefore + 1);
        assertThat(timeline(id, "notification_dead").get(0).path("detail").path("error").asText())
                .isEqualTo("slack error \"channel_not_found\"");
        JsonNode internal = await().atMost(WAIT).until(() -> get("/api/v1/incidents?customer=dead&limit=100"),
                page -> page.path("items").findValuesAsText("alertClass").contains(OutboxSettler.DEAD_LETTER_CLASS));
        assertThat(internal.path("items").findValuesAsText("name")).contains("Notification could not be delivered");

        // the channel is fixed: an operator sends the dead one again
        slackOk("#dead", "1780454400.000700");
        standIn.removeStub(standIn.getStubMappings().stream().filter(s -> Integer.valueOf(1).equals(s.getPriority()))
                .findFirst().orElseThrow());
        HttpResponse<String> retry = send(HttpRequest.newBuilder(url("/api/v1/notifications/"
                + URLEncoder.encode(entryId, StandardCharsets.UTF_8) + "/retry")).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
        await().atMost(WAIT).until(() -> entry(id, "slack", "TRIGGER", 0).status() == OutboxEntry.Status.SENT);
        assertThat(entry(id, "slack", "TRIGGER", 0).externalRef()).isEqualTo("1780454400.000700");
    }

    double deadCount() {
        return meters.find("alerthub.notify.dead").tag("channel", "slack").counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    // ---- restart ---------------------------------------------------------------------------------------------

    @Test
    void afterARestartEachPendingNotificationIsSentExactlyOnce() throws Exception {
        slackOk("#restart", "1780454500.000800");
        pagerDutyAccepts();
        Path customers = writeCustomers(tmp.resolve("restart-customers"), Map.of("restart", all("restart")));
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=jdbc:h2:file:" + tmp.resolve("restart-db") + ";MODE=PostgreSQL;WRITE_DELAY=0",
                "--server.port=0", "--spring.jmx.enabled=false", "--alerthub.customers.dir=" + customers,
                "--alerthub.customers.reload-interval=0",
                "--alerthub.notify.slack.api-base-url=" + standIn.baseUrl() + "/slack/api",
                "--alerthub.notify.pagerduty.base-url=" + standIn.baseUrl() + "/pagerduty",
                "--alerthub.notify.email.host=127.0.0.1",
                "--alerthub.notify.email.port=" + greenMail.getSmtp().getPort(),
                "--alerthub.outbox.poll-interval=100ms"));
        secrets("restart").forEach((k, v) -> args.add("--" + k + "=" + v));

        String id;
        try (ConfigurableApplicationContext first = startHub(args, "--alerthub.outbox.enabled=false")) {
            int firstPort = first.getEnvironment().getProperty("local.server.port", Integer.class);
            int mainPort = port;
            port = firstPort;
            try {
                id = alert("restart", "firing", "Restarted", "restart-1", "error");
            } finally {
                port = mainPort;
            }
            OutboxStore firstOutbox = first.getBean(OutboxStore.class);
            await().atMost(WAIT).until(() -> firstOutbox.forIncident(id).size() == 3);
            assertThat(firstOutbox.forIncident(id)).extracting(OutboxEntry::status)
                    .containsOnly(OutboxEntry.Status.PENDING);
        }
        assertThat(slackRequests("#restart")).isEmpty();

        try (ConfigurableApplicationContext second = startHub(args, "--alerthub.outbox.enabled=true")) {
            OutboxStore secondOutbox = second.getBean(OutboxStore.class);
            await().atMost(WAIT).until(() -> secondOutbox.forIncident(id).stream()
                    .allMatch(e -> e.status() == OutboxEntry.Status.SENT));
            assertThat(slackRequests("#restart")).hasSize(1);
            assertThat(pagerDutyRequests(id)).hasSize(1);
            assertThat(mailsTo("oncall@restart.example")).hasSize(1);
            assertThat(secondOutbox.forIncident(id)).extracting(OutboxEntry::attempts)
                    .as(() -> second.getBean(io.alerthub.store.TimelineStore.class).list(id).toString())
                    .containsOnly(1);
        }
    }

    static ConfigurableApplicationContext startHub(List<String> args, String outbox) {
        String[] all = Stream.concat(args.stream(), Stream.of(outbox)).toArray(String[]::new);
        return new SpringApplicationBuilder(AlertHubApplication.class).profiles("demo").run(all);
    }

    // ---- quiet hours -----------------------------------------------------------------------------------------

    @Test
    void quietHoursHoldCustomerMailAndSendOneDigestWhenTheWindowEnds() throws Exception {
        slackOk("#quiet", "1780454600.000900");
        Instant windowEnd = Instant.parse("2026-06-03T05:00:00Z");
        assertThat(clock.instant()).as("the test clock is inside the 02:00-05:00 window")
                .isBetween(Instant.parse("2026-06-03T02:00:00Z"), windowEnd.minus(Duration.ofMinutes(10)));

        String a = alert("quiet", "firing", "Quiet A", "quiet-1", "warning");
        String b = alert("quiet", "firing", "Quiet B", "quiet-2", "error");
        String c = alert("quiet", "firing", "Quiet C", "quiet-3", "warning");
        String d = alert("quiet", "firing", "Quiet D", "quiet-4", "critical");
        await().atMost(WAIT).until(() -> slackRequests("#quiet").size() == 4);
        await().atMost(WAIT).until(() -> Stream.of(a, b, c).allMatch(i ->
                entry(i, "email", "TRIGGER", 0).status() == OutboxEntry.Status.HELD));
        await().atMost(WAIT).until(() -> mailsTo("oncall@quiet.example").size() == 1);

        assertThat(slackRequests("#quiet")).as("internal escalation is not muted").hasSize(4);
        assertThat(mailsTo("oncall@quiet.example").get(0).getSubject()).as("critical overrides the window")
                .isEqualTo("[Alert Hub] Alert [critical] Quiet D on quiet-4");
        JsonNode held = timeline(a, "notification_held").get(0).path("detail");
        assertThat(held.path("channel").asText()).isEqualTo("email");
        assertThat(held.path("reason").asText()).isEqualTo("quiet hours (early-hours)");
        assertThat(Instant.parse(held.path("until").asText())).isEqualTo(windowEnd);

        alert("quiet", "resolved", "Quiet C", "quiet-3", "warning");
        awaitState(c, "RESOLVED");

        clock.moveTo(windowEnd.plusSeconds(1));
        await().atMost(WAIT).until(() -> Stream.of(a, b).allMatch(i ->
                entry(i, "email", "TRIGGER", 0).status() == OutboxEntry.Status.SENT));
        await().atMost(WAIT).until(() -> mailsTo("oncall@quiet.example").size() == 2);

        MimeMessage digest = mailsTo("oncall@quiet.example").get(1);
        assertThat(digest.getSubject()).isEqualTo("[Alert Hub] Digest: 2 notifications for quiet Ltd");
        String text = digest.getContent().toString();
        assertThat(text).contains("Quiet A", "Quiet B").doesNotContain("Quiet C");
        assertThat(entry(c, "email", "TRIGGER", 0).status()).as("resolved while held: dropped")
                .isEqualTo(OutboxEntry.Status.CANCELLED);
        assertThat(timeline(a, "notification_sent").stream().filter(e -> e.path("detail").path("channel").asText()
                .equals("email")).findFirst().orElseThrow().path("detail").path("digest").asInt()).isEqualTo(2);
    }

    // ---- silences --------------------------------------------------------------------------------------------

    @Test
    void silencesFromTheProfileAndTheApiSuppressNewIncidentsUntilDeleted() throws Exception {
        slackOk("#silenced", "1780454700.001000");
        String fromYaml = alert("silenced", "firing", "Maintenance noise", "db-1", "error");
        JsonNode suppressed = awaitState(fromYaml, "SUPPRESSED");
        assertThat(suppressed.path("timeline").findValuesAsText("kind")).contains("suppressed")
                .doesNotContain("scenario_started", "outcome");

        HttpResponse<String> created = postSilence(JSON.createObjectNode().put("customerId", "silenced")
                .put("comment", "deploy").put("endsAt", clock.instant().plus(Duration.ofHours(1)).toString())
                .set("hosts", JSON.createArrayNode().add("web-9")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String silenceId = JSON.readTree(created.body()).path("id").asText();
        assertThat(get("/api/v1/silences?customer=silenced").findValuesAsText("comment"))
                .contains("database maintenance", "deploy");

        String fromApi = alert("silenced", "firing", "Deploy noise", "web-9", "error");
        JsonNode byApi = awaitState(fromApi, "SUPPRESSED");
        assertThat(timeline(fromApi, "suppressed").get(0).path("detail").path("silence").asText()).isEqualTo(silenceId);

        HttpResponse<String> deleted = send(HttpRequest.newBuilder(url("/api/v1/silences/" + silenceId)).DELETE());
        assertThat(deleted.statusCode()).isEqualTo(204);
        String after = alert("silenced", "firing", "After deploy", "web-9", "error");
        awaitState(after, "ESCALATED");
        await().atMost(WAIT).until(() -> slackRequests("#silenced").size() == 1);

        assertThat(slackRequests("#silenced").get(0).path("text").asText()).contains("After deploy");
        assertThat(outbox.forIncident(fromYaml)).isEmpty();
        assertThat(outbox.forIncident(fromApi)).isEmpty();
        assertThat(byApi.path("outcome").isMissingNode() || byApi.path("outcome").isNull()).isTrue();
    }

    @Test
    void matchersAndRecurringWindowsSuppressAndTheTimelineNamesWhich() throws Exception {
        slackOk("#maint", "1780454750.001050");
        String nightly = alert("maint", "firing", "Nightly export late", "web-1", "warning");
        String batch = alert("maint", "firing", "Disk full", "batch-7", "critical");
        String other = alert("maint", "firing", "Nightly export late", "web-2", "critical");

        awaitState(nightly, "SUPPRESSED");
        awaitState(batch, "SUPPRESSED");
        awaitState(other, "ESCALATED");
        assertThat(timeline(nightly, "suppressed").get(0).path("detail").path("silence").asText())
                .isEqualTo("customers/maint/customer.yaml silences[0]");
        JsonNode window = timeline(batch, "suppressed").get(0).path("detail");
        assertThat(window.path("silence").asText())
                .isEqualTo("customers/maint/customer.yaml muteTimeIntervals[0] \"batch-hosts\"");
        assertThat(window.path("comment").asText()).isEqualTo("the batch hosts restart every night");

        HttpResponse<String> bad = postSilence(JSON.createObjectNode().put("customerId", "maint")
                .put("comment", "typo").put("endsAt", clock.instant().plus(Duration.ofHours(1)).toString())
                .set("matchers", JSON.createArrayNode().add("team")));
        assertThat(bad.statusCode()).isEqualTo(400);
        JsonNode problem = JSON.readTree(bad.body());
        assertThat(problem.path("errors").get(0).path("field").asText()).as(bad.body()).isEqualTo("matchers[0]");
        assertThat(problem.path("errors").get(0).path("message").asText()).startsWith("invalid matcher \"team\"");

        HttpResponse<String> created = postSilence(JSON.createObjectNode().put("customerId", "maint")
                .put("comment", "known issue").put("endsAt", clock.instant().plus(Duration.ofHours(1)).toString())
                .set("matchers", JSON.createArrayNode().add("host=~\"app-[0-9]+\"")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(get("/api/v1/silences?customer=maint").findValuesAsText("comment")).contains("known issue");
        String app = alert("maint", "firing", "Process down", "app-12", "critical");
        awaitState(app, "SUPPRESSED");
        assertThat(timeline(app, "suppressed").get(0).path("detail").path("silence").asText())
                .isEqualTo(JSON.readTree(created.body()).path("id").asText());
    }

    // ---- storm control ---------------------------------------------------------------------------------------

    @Test
    void groupWaitHoldsOnlyANewGroupsFirstNotificationAndALaterIncidentWaitsForTheGroupInterval() throws Exception {
        slackOk("#grouped", "1780454780.001080");
        String first = alert("grouped", "firing", "Batch A failed", "b-1", "error");
        String second = alert("grouped", "firing", "Batch B failed", "b-2", "error");
        awaitState(first, "ESCALATED");
        awaitState(second, "ESCALATED");
        Instant firstDue = entry(first, "slack", "TRIGGER", 0).dueAt();
        assertThat(entry(second, "slack", "TRIGGER", 0).dueAt()).as("joins the new group's first notification")
                .isEqualTo(firstDue);
        assertThat(Duration.between(clock.instant(), firstDue)).isGreaterThan(Duration.ofSeconds(50));

        clock.advance(Duration.ofMinutes(1));
        await().atMost(WAIT).until(() -> slackRequests("#grouped").size() == 1
                && entry(second, "slack", "TRIGGER", 0).status() == OutboxEntry.Status.SENT);
        assertThat(slackRequests("#grouped").get(0).path("text").asText()).contains("2 notifications");
        Instant flushed = entry(first, "slack", "TRIGGER", 0).sentAt();

        String third = alert("grouped", "firing", "Batch C failed", "b-3", "error");
        awaitState(third, "ESCALATED");
        await().atMost(WAIT).until(() -> entry(third, "slack", "TRIGGER", 0).dueAt().equals(flushed
                .plus(Duration.ofMinutes(5))));
        assertThat(entry(third, "slack", "TRIGGER", 0).lastError()).isEqualTo("waiting for the group interval");
        assertThat(slackRequests("#grouped")).as(story(third)).hasSize(1);

        clock.moveTo(flushed.plus(Duration.ofMinutes(5)));
        await().atMost(WAIT).until(() -> slackRequests("#grouped").size() == 2);
        assertThat(slackRequests("#grouped").get(1).path("text").asText()).contains("Batch C failed");
    }

    @Test
    void overTheNotificationBudgetTheThirdIsHeld() throws Exception {
        slackOk("#budget", "1780454800.001100");
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            ids.add(alert("budget", "firing", "Storm " + i, "storm-" + i, "error"));
        }
        // a storm: the three triggers fall due together (the level's minute passes at once) and go out in parallel
        await().atMost(WAIT).until(() -> ids.stream().allMatch(i -> outbox.find(i + "|slack|TRIGGER|0")
                .map(e -> e.status() == OutboxEntry.Status.PENDING).orElse(false)));
        clock.advance(Duration.ofMinutes(2));
        await().atMost(WAIT).until(() -> ids.stream().map(i -> entry(i, "slack", "TRIGGER", 0).status())
                .filter(s -> s == OutboxEntry.Status.SENT || s == OutboxEntry.Status.HELD).count() == 3);

        assertThat(slackRequests("#budget")).hasSize(2);
        List<String> held = ids.stream().filter(i -> entry(i, "slack", "TRIGGER", 0).status()
                == OutboxEntry.Status.HELD).toList();
        assertThat(held).hasSize(1);
        assertThat(timeline(held.get(0), "notification_held").get(0).path("detail").path("reason").asText())
                .isEqualTo("notification budget of 2 per hour used up");
    }
}
