package io.alerthub.notify.pagerduty;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToIgnoreCase;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.alerthub.model.NotificationAction;
import io.alerthub.notify.DeliveryResult;
import io.alerthub.notify.Notification;
import io.alerthub.notify.NotificationContent;
import io.alerthub.notify.NotificationSamples;
import io.alerthub.notify.OutboundHttp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The PagerDuty channel against a real HTTP stand-in for the Events API v2: the exact events for trigger, acknowledge
 * and resolve (routing key, dedup key = incident id, PD-CEF payload), and how every kind of answer is classified.
 */
class PagerDutyChannelIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T03:10:00Z"), ZoneOffset.UTC);
    private static final String ENQUEUE = "/v2/enqueue";
    private static final String ACCEPTED = """
            {"status":"success","message":"Event processed","dedup_key":"inc-42"}""";

    @RegisterExtension
    static WireMockExtension pagerduty = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort())
            .build();

    static CamelContext camel;
    static OutboundHttp http;
    /** For the timeout case only: the others get time enough for a cold first request on a busy machine. */
    static OutboundHttp impatientHttp;

    @BeforeAll
    static void startCamel() {
        camel = NotificationSamples.camel();
        http = new OutboundHttp(camel.createProducerTemplate(), pagerduty.baseUrl(), Duration.ofSeconds(5),
                Duration.ofSeconds(10));
        impatientHttp = new OutboundHttp(camel.createProducerTemplate(), pagerduty.baseUrl() + "/slow",
                Duration.ofSeconds(5), Duration.ofMillis(300));
    }

    @AfterAll
    static void stopCamel() {
        camel.stop();
    }

    private static PagerDutyChannel channel(String defaultBaseUrl, PagerDutyTarget target) {
        return new PagerDutyChannel(http, defaultBaseUrl, customer -> "acme".equals(customer) ? Optional.of(target)
                : Optional.empty(), CLOCK);
    }

    private static PagerDutyChannel channel() {
        return channel(pagerduty.baseUrl(), new PagerDutyTarget("R0UT1NGKEY", null));
    }

    private static Notification notification(NotificationAction action) {
        return NotificationSamples.notification(action, "en", null);
    }

    private static void answer(int status, String body) {
        pagerduty.stubFor(post(ENQUEUE).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body)));
    }

    private static JsonNode onlyEvent() throws Exception {
        List<LoggedRequest> requests = pagerduty.findAll(postRequestedFor(urlEqualTo(ENQUEUE)));
        assertThat(requests).hasSize(1);
        return JSON.readTree(requests.get(0).getBodyAsString());
    }

    @Test
    void aTriggerIsAPdCefEventKeyedByTheIncident() {
        answer(202, ACCEPTED);

        DeliveryResult result = channel().deliver(notification(NotificationAction.TRIGGER));

        assertThat(result).isEqualTo(DeliveryResult.sent("inc-42", "pagerduty trigger accepted (202)"));
        pagerduty.verify(1, postRequestedFor(urlEqualTo(ENQUEUE))
                .withHeader("Content-Type", equalToIgnoreCase("application/json; charset=utf-8"))
                .withoutHeader("Authorization")
                .withRequestBody(equalToJson("""
                        {
                          "routing_key": "R0UT1NGKEY",
                          "event_action": "trigger",
                          "dedup_key": "inc-42",
                          "payload": {
                            "summary": "[ACME Industries (アクメ工業)] DiskUsageHigh on web-1: Disk / is 93% full",
                            "source": "web-1",
                            "severity": "critical",
                            "timestamp": "2026-11-25T03:04:05Z",
                            "component": "DiskUsageHigh",
                            "group": "acme",
                            "class": "disk_usage",
                            "custom_details": {
                              "customer": "ACME Industries (アクメ工業)",
                              "incident": "inc-42",
                              "state": "ESCALATED",
                              "outcome": "ESCALATED",
                              "rawSeverity": "critical",
                              "steps": ["check df -P '/' -> exit 0, 93% used (42 ms)",
                                        "gather du -xsh /var/log/* -> exit 0 (120 ms)"],
                              "diagnostics": "/var/log/app 41G\\n/var/log/nginx 2G"
                            }
                          },
                          "client": "Alert Hub",
                          "client_url": "https://hub.example/incidents/inc-42",
                          "links": [{"href": "https://hub.example/incidents/inc-42", "text": "Alert Hub incident inc-42"}]
                        }""")));
    }

    @ParameterizedTest(name = "{0} -> event_action {1}")
    @CsvSource({"ACKNOWLEDGE, acknowledge", "RESOLVE, resolve"})
    void acknowledgeAndResolveCarryOnlyTheKeys(NotificationAction action, String eventAction) {
        answer(202, ACCEPTED);

        DeliveryResult result = channel().deliver(notification(action));

        assertThat(result.status()).isEqualTo(DeliveryResult.Status.SENT);
        pagerduty.verify(1, postRequestedFor(urlEqualTo(ENQUEUE)).withRequestBody(equalToJson("""
                {"routing_key": "R0UT1NGKEY", "event_action": "%s", "dedup_key": "inc-42"}""".formatted(eventAction))));
    }

    @Test
    void anUpdateReTriggersTheSameAlert() throws Exception {
        answer(202, ACCEPTED);

        channel().deliver(notification(NotificationAction.UPDATE));

        JsonNode event = onlyEvent();
        assertThat(event.path("event_action").asText()).isEqualTo("trigger");
        assertThat(event.path("dedup_key").asText()).isEqualTo("inc-42");
    }

    @Test
    void aPhishingSubjectReachesPagerDutyAsInertBoundedText() throws Exception {
        answer(202, ACCEPTED);
        Notification n = NotificationSamples.with(notification(NotificationAction.TRIGGER),
                NotificationSamples.hostile("en"));

        channel().deliver(n);

        String raw = pagerduty.findAll(postRequestedFor(urlEqualTo(ENQUEUE))).get(0).getBodyAsString();
        JsonNode payload = JSON.readTree(raw).path("payload");
        // PagerDuty shows the summary as the alert's title and relays it into chat and mail it cannot escape for us
        assertThat(payload.path("summary").asText())
                .isEqualTo("[ACME Industries (アクメ工業)] ＜!channel> Mailbox verification required "
                        + "＜https://evil.example/sso|Sign in> on web-1 Bcc: victim@evil.example: ＜!channel> Mailbox "
                        + "verification required ＜https://evil.example/sso|Sign in> gnp.exe");
        assertThat(payload.path("source").asText()).isEqualTo("web-1 Bcc: victim@evil.example");
        assertThat(raw).doesNotContain("<!channel>", "<!here>", "<https://evil.example", "\u202E", "\u0007");
        assertThat(payload.path("custom_details").path("diagnostics").asText())
                .isEqualTo("```\n＜!here> ＜!channel> Mailbox verification required ＜https://evil.example/sso|Sign in>");
        // the only links are the hub's own
        assertThat(JSON.readTree(raw).path("links").findValuesAsText("href"))
                .containsExactly("https://hub.example/incidents/inc-42");
    }

    @Test
    void everyFieldOfAnEventIsBounded() throws Exception {
        answer(202, ACCEPTED);
        String huge = "y".repeat(200_000);
        NotificationContent c = NotificationSamples.content("en");
        NotificationContent hugeContent = new NotificationContent(c.customerId(), huge, "en", c.incidentId(), huge,
                huge, huge, c.severity(), c.state(), c.outcome(), huge, java.util.Collections.nCopies(500, huge), huge,
                c.incidentUrl(), c.firstSeen(), null);

        channel().deliver(NotificationSamples.with(notification(NotificationAction.TRIGGER), hugeContent));

        String raw = pagerduty.findAll(postRequestedFor(urlEqualTo(ENQUEUE))).get(0).getBodyAsString();
        // far below the Events API's 512 KB, whatever the alert and the scenario produced
        assertThat(raw.length()).isLessThan(100_000);
        assertThat(JSON.readTree(raw).path("payload").path("summary").asText()).hasSize(1024);
    }

    @Test
    void aHugeAnswerIsReadOnlyInPartAndStillClassified() {
        answer(202, "{\"status\":\"success\",\"dedup_key\":\"inc-42\",\"padding\":\"" + "x".repeat(4 << 20) + "\"}");

        DeliveryResult result = channel().deliver(notification(NotificationAction.TRIGGER));

        assertThat(result).isEqualTo(DeliveryResult.sent("inc-42", "pagerduty trigger accepted (202)"));
    }

    @Test
    void theSummaryIsCutTo1024Characters() throws Exception {
        answer(202, ACCEPTED);
        Notification n = notification(NotificationAction.TRIGGER);
        n = NotificationSamples.with(n, NotificationSamples.withSummary(n.content(), "ディスク".repeat(600), "critical"));

        channel().deliver(n);

        String summary = onlyEvent().path("payload").path("summary").asText();
        assertThat(summary).hasSize(1024).startsWith("[ACME Industries (アクメ工業)] DiskUsageHigh on web-1: ディスク")
                .endsWith("…");
    }

    @ParameterizedTest(name = "severity \"{0}\" -> \"{1}\"")
    @CsvSource({"critical, critical", "error, error", "warning, warning", "info, info", "WARNING, warning",
        "major, error", "'', error"})
    void severitiesMapToPdCef(String severity, String expected) throws Exception {
        answer(202, ACCEPTED);
        Notification n = notification(NotificationAction.TRIGGER);
        n = NotificationSamples.with(n, NotificationSamples.withSummary(n.content(), "x", severity));

        channel().deliver(n);

        assertThat(onlyEvent().path("payload").path("severity").asText()).isEqualTo(expected);
    }

    @Test
    void anInvalidEventIsPermanent() {
        answer(400, """
                {"status":"invalid event","message":"Event object is invalid","errors":["'routing_key' is invalid"]}""");

        DeliveryResult result = channel().deliver(notification(NotificationAction.TRIGGER));

        assertThat(result).isEqualTo(DeliveryResult.failed(
                "pagerduty answered 400 \"Event object is invalid\" [\"'routing_key' is invalid\"]"));
    }

    @Test
    void aRateLimitIsRetriedAfterTheWaitPagerDutyNames() {
        pagerduty.stubFor(post(ENQUEUE).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "12")));

        DeliveryResult result = channel().deliver(notification(NotificationAction.TRIGGER));

        assertThat(result).isEqualTo(DeliveryResult.retry(Duration.ofSeconds(12), "pagerduty rate limit (429)"));
    }

    @ParameterizedTest(name = "HTTP {0} without Retry-After")
    @CsvSource({"429, pagerduty rate limit (429)", "503, pagerduty answered 503"})
    void aRetryableAnswerIsOneRequestAndLeavesTheWaitToTheOutbox(int status, String detail) {
        pagerduty.stubFor(post(ENQUEUE).willReturn(aResponse().withStatus(status)));

        DeliveryResult result = channel().deliver(notification(NotificationAction.TRIGGER));

        assertThat(result).isEqualTo(DeliveryResult.retry(null, detail));
        // the HTTP client must not repeat the request itself: retries, backoff and the budget are the outbox's
        pagerduty.verify(1, postRequestedFor(urlEqualTo(ENQUEUE)));
    }

    @ParameterizedTest(name = "HTTP {0} -> {1}")
    @CsvSource({"500, RETRY", "502, RETRY", "503, RETRY", "401, FAILED", "403, FAILED", "404, FAILED", "413, FAILED"})
    void httpStatusesAreClassified(int status, DeliveryResult.Status expected) {
        pagerduty.stubFor(post(ENQUEUE).willReturn(aResponse().withStatus(status)));

        DeliveryResult result = channel().deliver(notification(NotificationAction.TRIGGER));

        assertThat(result.status()).isEqualTo(expected);
        assertThat(result.detail()).startsWith("pagerduty answered " + status);
    }

    @Test
    void aTimeoutIsRetried() {
        pagerduty.stubFor(post("/slow" + ENQUEUE).willReturn(aResponse().withStatus(202).withBody(ACCEPTED)
                .withFixedDelay(1500)));

        PagerDutyChannel channel = new PagerDutyChannel(impatientHttp, pagerduty.baseUrl() + "/slow",
                customer -> Optional.of(new PagerDutyTarget("R0UT1NGKEY", null)), CLOCK);

        DeliveryResult result = channel.deliver(notification(NotificationAction.TRIGGER));

        assertThat(result.status()).isEqualTo(DeliveryResult.Status.RETRY);
        assertThat(result.detail()).startsWith("pagerduty unreachable: ").containsIgnoringCase("timeout");
    }

    @Test
    void aCustomersOwnBaseUrlWinsOverTheHubs() {
        pagerduty.stubFor(post("/eu" + ENQUEUE).willReturn(aResponse().withStatus(202).withBody(ACCEPTED)));

        DeliveryResult result = channel("http://127.0.0.1:1", new PagerDutyTarget("R0UT1NGKEY",
                pagerduty.baseUrl() + "/eu/")).deliver(notification(NotificationAction.RESOLVE));

        assertThat(result.status()).isEqualTo(DeliveryResult.Status.SENT);
        pagerduty.verify(1, postRequestedFor(urlEqualTo("/eu" + ENQUEUE)));
    }

    @Test
    void aDigestIsRefusedWithoutARequest() {
        DeliveryResult result = channel().deliver(NotificationSamples.digest("en", 3));

        assertThat(result).isEqualTo(DeliveryResult.failed(
                "pagerduty takes no digests (quiet hours do not hold pages)"));
        assertThat(pagerduty.findAll(postRequestedFor(urlEqualTo(ENQUEUE)))).isEmpty();
    }

    @Test
    void theRoutingKeyNeverPrints() {
        assertThat(new PagerDutyTarget("R0UT1NGKEY", null).toString()).doesNotContain("R0UT1NGKEY");
    }
}
