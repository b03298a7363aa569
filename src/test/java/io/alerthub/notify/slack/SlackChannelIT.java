package io.alerthub.notify.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToIgnoreCase;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.alerthub.model.ChannelKind;
import io.alerthub.model.NotificationAction;
import io.alerthub.notify.DeliveryResult;
import io.alerthub.notify.Notification;
import io.alerthub.notify.NotificationContent;
import io.alerthub.notify.NotificationSamples;
import io.alerthub.notify.NotifyTexts;
import io.alerthub.notify.OutboundHttp;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Slack channel against a real HTTP stand-in for the Slack Web API and an incoming webhook: the exact requests
 * (auth, channel, Block Kit JSON, thread replies, Japanese and English) and how every kind of answer is classified.
 */
class SlackChannelIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T03:10:00Z"), ZoneOffset.UTC);
    /** The outbox lease: an interrupted attempt posted within it, so the search ends with it. */
    private static final Duration LEASE = Duration.ofSeconds(60);
    /** The notifications whose earlier attempts a lookup proved unposted. */
    private static final List<String> SEARCHED = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static final String POST_MESSAGE = "/api/chat.postMessage";
    private static final String WEBHOOK = "/services/T000/B000/XXXX";

    @RegisterExtension
    static WireMockExtension slack = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static CamelContext camel;
    static OutboundHttp http;
    /** For the timeout case only: the others get time enough for a cold first request on a busy machine. */
    static OutboundHttp impatientHttp;

    @BeforeEach
    void forgetSearches() {
        SEARCHED.clear();
    }

    @BeforeAll
    static void startCamel() {
        camel = NotificationSamples.camel();
        http = new OutboundHttp(camel.createProducerTemplate(), slack.baseUrl(), Duration.ofSeconds(5),
                Duration.ofSeconds(10));
        impatientHttp = new OutboundHttp(camel.createProducerTemplate(), slack.baseUrl() + "/slow",
                Duration.ofSeconds(5), Duration.ofMillis(300));
    }

    @AfterAll
    static void stopCamel() {
        camel.stop();
    }

    private SlackChannel channel(SlackTarget target) {
        return new SlackChannel(http, slack.baseUrl() + "/api", customer -> "acme".equals(customer)
                ? Optional.of(target) : Optional.empty(), new SlackMessages(new NotifyTexts()), CLOCK, LEASE,
                SEARCHED::add);
    }

    private SlackChannel bot() {
        return channel(SlackTarget.bot("xoxb-test-token", "#acme-alerts"));
    }

    private static void answer(String json) {
        slack.stubFor(post(POST_MESSAGE).willReturn(okJson(json)));
    }

    private static JsonNode onlyRequestBody(String path) throws Exception {
        List<LoggedRequest> requests = slack.findAll(postRequestedFor(urlEqualTo(path)));
        assertThat(requests).hasSize(1);
        return JSON.readTree(requests.get(0).getBodyAsString());
    }

    @Test
    void aTriggerIsOneBlockKitMessageWithTheBotTokenAndChannel() {
        answer("{\"ok\":true,\"channel\":\"C0123456789\",\"ts\":\"1764039845.000100\"}");

        DeliveryResult result = bot().deliver(NotificationSamples.notification(NotificationAction.TRIGGER, "en",
                null));

        assertThat(result.status()).isEqualTo(DeliveryResult.Status.SENT);
        assertThat(result.externalRef()).isEqualTo("1764039845.000100");
        slack.verify(1, postRequestedFor(urlEqualTo(POST_MESSAGE))
                .withHeader("Authorization", equalTo("Bearer xoxb-test-token"))
                .withHeader("Content-Type", equalToIgnoreCase("application/json; charset=utf-8"))
                .withRequestBody(equalToJson("""
                        {
                          "channel": "#acme-alerts",
                          "text": "Alert [critical] DiskUsageHigh on web-1 (ACME Industries (アクメ工業)): Disk / is 93% full",
                          "blocks": [
                            {"type": "header", "text": {"type": "plain_text",
                              "text": ":red_circle: Alert: DiskUsageHigh on web-1", "emoji": true}},
                            {"type": "section", "text": {"type": "mrkdwn", "text": "Disk / is 93% full", "verbatim": true}},
                            {"type": "section", "fields": [
                              {"type": "mrkdwn", "text": "*Customer*\\nACME Industries (アクメ工業)", "verbatim": true},
                              {"type": "mrkdwn", "text": "*Host*\\nweb-1", "verbatim": true},
                              {"type": "mrkdwn", "text": "*Alert*\\nDiskUsageHigh", "verbatim": true},
                              {"type": "mrkdwn", "text": "*Severity*\\ncritical", "verbatim": true},
                              {"type": "mrkdwn", "text": "*Outcome*\\nescalated to a person", "verbatim": true}]},
                            {"type": "section", "text": {"type": "mrkdwn", "text":
                              "*What the automation did*\\n• check df -P '/' -&gt; exit 0, 93% used (42 ms)\\n• gather du -xsh /var/log/* -&gt; exit 0 (120 ms)", "verbatim": true}},
                            {"type": "section", "text": {"type": "mrkdwn", "text":
                              "*Diagnostics*\\n```/var/log/app 41G\\n/var/log/nginx 2G```", "verbatim": true}},
                            {"type": "context", "elements": [{"type": "mrkdwn", "text":
                              "<https://hub.example/incidents/inc-42|Open incident inc-42>  ·  First seen 2026-11-25 03:04:05 UTC", "verbatim": true}]}
                          ],
                          "unfurl_links": false,
                          "unfurl_media": false,
                          "metadata": {"event_type": "alerthub_notification",
                            "event_payload": {"notification_id": "inc-42:slack:trigger:1"}}
                        }""")));
    }

    private static Notification interrupted(Notification n) {
        return new Notification(n.id(), n.customerId(), n.incidentId(), n.channel(), n.action(), n.content(),
                n.threadRef(), CLOCK.instant().minusSeconds(90), CLOCK.instant().minusSeconds(90).plus(LEASE));
    }

    private static void history(String path, String json) {
        slack.stubFor(post(path).willReturn(okJson(json)));
    }

    @Test
    void anInterruptedAttemptsMessageFoundInTheChannelIsNotPostedAgain() throws Exception {
        answer("{\"ok\":true,\"channel\":\"C0123456789\",\"ts\":\"1764039999.000100\"}");
        history("/api/conversations.history", """
                {"ok": true, "messages": [
                  {"type": "message", "ts": "1764039900.000300", "metadata": {"event_type": "alerthub_notification",
                    "event_payload": {"notification_id": "inc-41:slack:trigger:1"}}},
                  {"type": "message", "ts": "1764039845.000200", "metadata": {"event_type": "alerthub_notification",
                    "event_payload": {"notification_id": "inc-42:slack:trigger:1"}}}],
                 "has_more": false}""");

        DeliveryResult result = bot().deliver(interrupted(NotificationSamples.notification(
                NotificationAction.TRIGGER, "en", null)));

        assertThat(result.status()).isEqualTo(DeliveryResult.Status.SENT);
        assertThat(result.externalRef()).as("the ts of the message the interrupted attempt posted")
                .isEqualTo("1764039845.000200");
        slack.verify(0, postRequestedFor(urlEqualTo(POST_MESSAGE)));
        List<LoggedRequest> lookups = slack.findAll(postRequestedFor(urlEqualTo("/api/conversations.history")));
        assertThat(lookups).hasSize(1);
        assertThat(lookups.get(0).getBodyAsString()).contains("channel=%23acme-alerts", "include_all_metadata=true",
                "oldest=" + CLOCK.instant().minusSeconds(90 + 10).getEpochSecond() + ".000000",
                // the attempt leased 90 s ago: the search ends with its lease (+ 10 s skew), not now, so a busy
                // channel's later messages do not fill the pages it reads
                "latest=" + CLOCK.instant().minusSeconds(90).plus(LEASE).plusSeconds(10).getEpochSecond() + ".000000",
                "limit=100",
                "inclusive=true");
        assertThat(lookups.get(0).getHeader("Authorization")).isEqualTo("Bearer xoxb-test-token");
    }

    @Test
    void anInterruptedAttemptThatPostedNothingIsPostedOnceWithItsMetadata() throws Exception {
        answer("{\"ok\":true,\"channel\":\"C0123456789\",\"ts\":\"1764039999.000100\"}");
        history("/api/conversations.history", """
                {"ok": true, "messages": [{"type": "message", "ts": "1764039900.000300"}], "has_more": true,
                 "response_metadata": {"next_cursor": "page2"}}""");
        slack.stubFor(post("/api/conversations.history").withRequestBody(
                com.github.tomakehurst.wiremock.client.WireMock.containing("cursor=page2")).willReturn(okJson("""
                {"ok": true, "messages": [], "has_more": false}""")));

        DeliveryResult result = bot().deliver(interrupted(NotificationSamples.notification(
                NotificationAction.TRIGGER, "en", null)));

        assertThat(result.status()).isEqualTo(DeliveryResult.Status.SENT);
        assertThat(result.externalRef()).isEqualTo("1764039999.000100");
        assertThat(slack.findAll(postRequestedFor(urlEqualTo("/api/conversations.history")))).as("both pages read")
                .hasSize(2);
        assertThat(onlyRequestBody(POST_MESSAGE).path("metadata").path("event_payload").path("notification_id")
                .asText()).isEqualTo("inc-42:slack:trigger:1");
        assertThat(SEARCHED).as("the whole window read: the earlier attempts are known unposted")
                .containsExactly("inc-42:slack:trigger:1");
    }

    @Test
    void anInterruptedThreadReplyIsLookedForInTheThread() throws Exception {
        answer("{\"ok\":true,\"channel\":\"C0123456789\",\"ts\":\"1764039999.000100\"}");
        history("/api/conversations.replies", """
                {"ok": true, "messages": [
                  {"type": "message", "ts": "1764039845.000100", "thread_ts": "1764039845.000100"},
                  {"type": "message", "ts": "1764039950.000100", "thread_ts": "1764039845.000100",
                   "metadata": {"event_type": "alerthub_notification",
                    "event_payload": {"notification_id": "inc-42:slack:update:1"}}}],
                 "has_more": false}""");

        DeliveryResult result = bot().deliver(interrupted(NotificationSamples.notification(
                NotificationAction.UPDATE, "en", "1764039845.000100")));

        assertThat(result.externalRef()).isEqualTo("1764039950.000100");
        slack.verify(0, postRequestedFor(urlEqualTo(POST_MESSAGE)));
        assertThat(slack.findAll(postRequestedFor(urlEqualTo("/api/conversations.replies"))).get(0)
                .getBodyAsString()).contains("ts=1764039845.000100");
    }

    @Test
    void aLookupSlackRefusesStillPostsTheMessage() throws Exception {
        answer("{\"ok\":true,\"channel\":\"C0123456789\",\"ts\":\"1764039999.000100\"}");
        history("/api/conversations.history", "{\"ok\": false, \"error\": \"missing_scope\"}");

        DeliveryResult result = bot().deliver(interrupted(NotificationSamples.notification(
                NotificationAction.TRIGGER, "en", null)));

        assertThat(result.status()).as("a page twice is better than none").isEqualTo(DeliveryResult.Status.SENT);
        assertThat(result.externalRef()).isEqualTo("1764039999.000100");
        slack.verify(1, postRequestedFor(urlEqualTo(POST_MESSAGE)));
        assertThat(SEARCHED).as("nothing was proved: the earlier attempts stay in doubt").isEmpty();
    }

    @Test
    void aJapaneseCustomerReadsJapanese() throws Exception {
        answer("{\"ok\":true,\"ts\":\"1.2\"}");

        bot().deliver(NotificationSamples.notification(NotificationAction.TRIGGER, "ja", null));

        JsonNode body = onlyRequestBody(POST_MESSAGE);
        assertThat(body.path("text").asText())
                .isEqualTo("アラート [緊急] web-1 の DiskUsageHigh（ACME Industries (アクメ工業)）: Disk / is 93% full");
        JsonNode blocks = body.path("blocks");
        assertThat(blocks.get(0).path("text").path("text").asText()).isEqualTo(":red_circle: アラート: web-1 の DiskUsageHigh");
        assertThat(blocks.get(2).path("fields").findValuesAsText("text")).containsExactly(
                "*お客様*\nACME Industries (アクメ工業)", "*ホスト*\nweb-1", "*アラート*\nDiskUsageHigh", "*重要度*\n緊急",
                "*対応結果*\n担当者にエスカレーションしました");
        assertThat(blocks.get(3).path("text").path("text").asText()).startsWith("*自動対応の内容*\n• check df");
        assertThat(blocks.get(4).path("text").path("text").asText()).startsWith("*診断情報*\n```");
        assertThat(blocks.get(5).path("elements").get(0).path("text").asText())
                .isEqualTo("<https://hub.example/incidents/inc-42|インシデント inc-42 を開く>  ·  初回検知 2026-11-25 03:04:05 UTC");
    }

    @Test
    void anUpdateIsAReplyInTheIncidentsThread() throws Exception {
        answer("{\"ok\":true,\"ts\":\"1764039900.000200\"}");

        DeliveryResult result = bot().deliver(NotificationSamples.notification(NotificationAction.UPDATE, "en",
                "1764039845.000100"));

        assertThat(result.externalRef()).isEqualTo("1764039900.000200");
        JsonNode body = onlyRequestBody(POST_MESSAGE);
        assertThat(body.path("thread_ts").asText()).isEqualTo("1764039845.000100");
        assertThat(body.has("reply_broadcast")).isFalse();
        assertThat(body.path("blocks").get(0).path("text").path("text").asText())
                .isEqualTo(":red_circle: Update: DiskUsageHigh on web-1");
    }

    @Test
    void theResolutionIsAThreadReplyAlsoShownInTheChannel() throws Exception {
        answer("{\"ok\":true,\"ts\":\"1764040000.000300\"}");

        bot().deliver(NotificationSamples.notification(NotificationAction.RESOLVE, "en", "1764039845.000100"));

        JsonNode body = onlyRequestBody(POST_MESSAGE);
        assertThat(body.path("thread_ts").asText()).isEqualTo("1764039845.000100");
        assertThat(body.path("reply_broadcast").asBoolean()).isTrue();
        assertThat(body.path("blocks").get(0).path("text").path("text").asText())
                .isEqualTo(":white_check_mark: Resolved: DiskUsageHigh on web-1");
    }

    @ParameterizedTest(name = "ok:false \"{0}\" -> {1}")
    @CsvSource({
        "invalid_auth, FAILED",
        "channel_not_found, FAILED",
        "not_in_channel, FAILED",
        "invalid_blocks, FAILED",
        "ratelimited, RETRY",
        "internal_error, RETRY",
        "service_unavailable, RETRY"})
    void slackErrorsInA200AreClassified(String error, DeliveryResult.Status expected) {
        answer("{\"ok\":false,\"error\":\"" + error + "\"}");

        DeliveryResult result = bot().deliver(NotificationSamples.notification(NotificationAction.TRIGGER, "en",
                null));

        assertThat(result.status()).isEqualTo(expected);
        assertThat(result.detail()).isEqualTo("slack error \"" + error + "\"");
        assertThat(result.externalRef()).isNull();
    }

    @Test
    void ratelimitedHonoursRetryAfter() {
        slack.stubFor(post(POST_MESSAGE).willReturn(okJson("{\"ok\":false,\"error\":\"ratelimited\"}")
                .withHeader("Retry-After", "30")));

        DeliveryResult result = bot().deliver(NotificationSamples.notification(NotificationAction.TRIGGER, "en",
                null));

        assertThat(result.status()).isEqualTo(DeliveryResult.Status.RETRY);
        assertThat(result.retryAfter()).isEqualTo(Duration.ofSeconds(30));
    }

    @ParameterizedTest(name = "429 Retry-After \"{0}\" -> wait {1}s")
    @CsvSource(delimiter = '|', value = {
        "7 | 7",
        "Wed, 25 Nov 2026 03:12:00 GMT | 120"})
    void http429IsRetriedAfterTheWaitSlackNames(String retryAfter, long seconds) {
        slack.stubFor(post(POST_MESSAGE).willReturn(aResponse().withStatus(429).withHeader("Retry-After", retryAfter)));

        DeliveryResult result = bot().deliver(NotificationSamples.notification(NotificationAction.TRIGGER, "en",
                null));

        assertThat(result.status()).isEqualTo(DeliveryResult.Status.RETRY);
        assertThat(result.retryAfter()).isEqualTo(Duration.ofSeconds(seconds));
        assertThat(result.detail()).isEqualTo("slack rate limit (429)");
        slack.verify(1, postRequestedFor(urlEqualTo(POST_MESSAGE)));
    }

    @ParameterizedTest(name = "HTTP {0} -> {1}")
    @CsvSource({"500, RETRY", "502, RETRY", "503, RETRY", "400, FAILED", "403, FAILED", "404, FAILED"})
    void httpStatusesAreClassified(int status, DeliveryResult.Status expected) {
        slack.stubFor(post(POST_MESSAGE).willReturn(aResponse().withStatus(status).withBody("no_service")));

        DeliveryResult result = bot().deliver(NotificationSamples.notification(NotificationAction.TRIGGER, "en",
                null));

        assertThat(result.status()).isEqualTo(expected);
        assertThat(result.retryAfter()).isNull();
        assertThat(result.detail()).startsWith("slack answered " + status);
    }

    @Test
    void aTimeoutIsRetried() {
        // a path of its own: the stand-in logs the slow request only after this test, when the next one runs
        slack.stubFor(post("/slow/api/chat.postMessage").willReturn(okJson("{\"ok\":true,\"ts\":\"1.2\"}")
                .withFixedDelay(1500)));
        SlackChannel channel = new SlackChannel(impatientHttp, slack.baseUrl() + "/slow/api",
                customer -> Optional.of(SlackTarget.bot("xoxb-test-token", "#acme-alerts")),
                new SlackMessages(new NotifyTexts()), CLOCK, LEASE, SEARCHED::add);

        DeliveryResult result = channel.deliver(NotificationSamples.notification(NotificationAction.TRIGGER, "en",
                null));

        assertThat(result.status()).isEqualTo(DeliveryResult.Status.RETRY);
        assertThat(result.detail()).startsWith("slack unreachable: ").containsIgnoringCase("timeout");
    }

    @Test
    void aRefusedConnectionIsRetried() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        SlackChannel channel = new SlackChannel(http, "http://127.0.0.1:" + closedPort + "/api",
                customer -> Optional.of(SlackTarget.bot("xoxb-test-token", "#acme-alerts")),
                new SlackMessages(new NotifyTexts()), CLOCK, LEASE, SEARCHED::add);

        DeliveryResult result = channel.deliver(NotificationSamples.notification(NotificationAction.TRIGGER, "en",
                null));

        assertThat(result.status()).isEqualTo(DeliveryResult.Status.RETRY);
        assertThat(result.detail()).startsWith("slack unreachable: ");
    }

    @Test
    void anIncomingWebhookGetsTheMessageWithoutTokenChannelOrThread() throws Exception {
        slack.stubFor(post(WEBHOOK).willReturn(aResponse().withStatus(200).withBody("ok")));
        SlackChannel channel = channel(SlackTarget.webhook(slack.baseUrl() + WEBHOOK));

        DeliveryResult result = channel.deliver(NotificationSamples.notification(NotificationAction.UPDATE, "en",
                "1764039845.000100"));

        assertThat(result).isEqualTo(DeliveryResult.sent(null, "posted through the incoming webhook"));
        LoggedRequest request = slack.findAll(postRequestedFor(urlEqualTo(WEBHOOK))).get(0);
        assertThat(request.containsHeader("Authorization")).isFalse();
        JsonNode body = JSON.readTree(request.getBodyAsString());
        assertThat(body.fieldNames()).toIterable().containsExactlyInAnyOrder("text", "blocks");
        assertThat(body.path("blocks").get(0).path("text").path("text").asText())
                .isEqualTo(":red_circle: Update: DiskUsageHigh on web-1");
    }

    @Test
    void aWebhookErrorIsPermanent() {
        slack.stubFor(post(WEBHOOK).willReturn(aResponse().withStatus(404).withBody("no_service")));
        SlackChannel channel = channel(SlackTarget.webhook(slack.baseUrl() + WEBHOOK));

        DeliveryResult result = channel.deliver(NotificationSamples.notification(NotificationAction.TRIGGER, "en",
                null));

        assertThat(result).isEqualTo(DeliveryResult.failed("slack answered 404 \"no_service\""));
    }

    @Test
    void longDiagnosticsStayWithinSlacksSectionLimitAndInTheirCodeBlock() throws Exception {
        answer("{\"ok\":true,\"ts\":\"1.2\"}");
        String huge = "x".repeat(10_000);
        Notification n = NotificationSamples.notification(NotificationAction.TRIGGER, "en", null);

        bot().deliver(NotificationSamples.with(n, NotificationSamples.withDiagnostics(n.content(), huge)));

        String diagnostics = onlyRequestBody(POST_MESSAGE).path("blocks").get(4).path("text").path("text").asText();
        assertThat(diagnostics).hasSizeLessThanOrEqualTo(3000).startsWith("*Diagnostics*\n```xxx").endsWith("x…```");
    }

    @Test
    void alertTextCannotMentionTheChannelOrCloseTheCodeBlock() throws Exception {
        answer("{\"ok\":true,\"ts\":\"1.2\"}");
        Notification n = NotificationSamples.notification(NotificationAction.TRIGGER, "en", null);
        n = NotificationSamples.with(n, NotificationSamples.withDiagnostics(
                NotificationSamples.withSummary(n.content(), "<!channel> disk & <https://evil.example|click>",
                        "critical"), "```\n<!here>"));

        bot().deliver(n);

        JsonNode blocks = onlyRequestBody(POST_MESSAGE).path("blocks");
        assertThat(blocks.get(1).path("text").path("text").asText())
                .isEqualTo("&lt;!channel&gt; disk &amp; &lt;https://evil.example|click&gt;");
        assertThat(blocks.get(4).path("text").path("text").asText())
                .isEqualTo("*Diagnostics*\n```'''\n&lt;!here&gt;```");
    }

    @Test
    void aPhishingSubjectCannotPingTheChannelOrPlantALinkInAnyPartOfTheMessage() throws Exception {
        answer("{\"ok\":true,\"ts\":\"1.2\"}");
        Notification n = NotificationSamples.notification(NotificationAction.TRIGGER, "en", null);

        bot().deliver(NotificationSamples.with(n, NotificationSamples.hostile("en")));

        String raw = slack.findAll(postRequestedFor(urlEqualTo(POST_MESSAGE))).get(0).getBodyAsString();
        assertThat(raw).doesNotContain("<!channel>", "<!here>", "<https://evil.example", "\u202E", "\u0007");
        JsonNode body = JSON.readTree(raw);
        JsonNode blocks = body.path("blocks");
        assertThat(List.of(body.path("text").asText(),
                blocks.get(0).path("text").path("text").asText(),
                blocks.get(1).path("text").path("text").asText(),
                blocks.get(2).path("fields").get(2).path("text").asText(),
                blocks.get(3).path("text").path("text").asText(),
                blocks.get(4).path("text").path("text").asText()))
                .allSatisfy(text -> assertThat(text).contains("&lt;!channel&gt; Mailbox verification required "
                        + "&lt;https://evil.example/sso|Sign in&gt;"));
        // a host that tried to start a line of its own stays on its field's line
        assertThat(blocks.get(2).path("fields").get(1).path("text").asText())
                .isEqualTo("*Host*\nweb-1 Bcc: victim@evil.example");
        // bare URLs and channel names in alert text are not turned into links or mentions
        assertThat(blocks.findParents("type")).filteredOn(t -> "mrkdwn".equals(t.path("type").asText()))
                .isNotEmpty().allSatisfy(t -> assertThat(t.path("verbatim").asBoolean()).isTrue());
        // the hub's own link still works
        assertThat(blocks.get(5).path("elements").get(0).path("text").asText())
                .startsWith("<https://hub.example/incidents/inc-42|Open incident inc-42>");
    }

    @Test
    void aDigestOfPhishingSubjectsNamesThemWithoutPingingAnyone() throws Exception {
        answer("{\"ok\":true,\"ts\":\"1.2\"}");
        Notification digest = NotificationSamples.digest("en", 2);
        NotificationContent c = digest.content();
        NotificationContent hostileDigest = new NotificationContent(c.customerId(), "A&B <Corp>", "en", null, null,
                null, null, null, null, null, null, List.of(), null, null, null,
                List.of(NotificationSamples.hostile("en"), NotificationSamples.hostile("en")));

        bot().deliver(NotificationSamples.with(digest, hostileDigest));

        String raw = slack.findAll(postRequestedFor(urlEqualTo(POST_MESSAGE))).get(0).getBodyAsString();
        assertThat(raw).doesNotContain("<!channel>", "<https://evil.example", "<Corp>")
                .contains("&lt;!channel&gt; Mailbox verification required &lt;https://evil.example/sso|Sign in&gt;",
                        "<https://hub.example/incidents/inc-42|inc-42>");
    }

    @Test
    void aHugeAnswerIsReadOnlyInPartAndStillClassified() {
        String padding = "x".repeat(4 << 20);
        answer("{\"ok\":true,\"channel\":\"C1\",\"ts\":\"1764039845.000100\",\"padding\":\"" + padding + "\"}");

        DeliveryResult sent = bot().deliver(NotificationSamples.notification(NotificationAction.TRIGGER, "en", null));

        assertThat(sent.status()).as(sent.detail()).isEqualTo(DeliveryResult.Status.SENT);
        assertThat(sent.externalRef()).isEqualTo("1764039845.000100");

        slack.stubFor(post(POST_MESSAGE).willReturn(aResponse().withStatus(503).withBody(padding)));
        assertThat(bot().deliver(NotificationSamples.notification(NotificationAction.TRIGGER, "en", null)).status())
                .isEqualTo(DeliveryResult.Status.RETRY);
    }

    @Test
    void aDigestListsTheHeldNotificationsInOneMessage() throws Exception {
        answer("{\"ok\":true,\"ts\":\"1.2\"}");

        DeliveryResult result = bot().deliver(NotificationSamples.digest("ja", 45));

        assertThat(result.status()).as(result.detail()).isEqualTo(DeliveryResult.Status.SENT);
        JsonNode body = onlyRequestBody(POST_MESSAGE);
        assertThat(body.has("thread_ts")).isFalse();
        assertThat(body.path("text").asText()).isEqualTo("まとめ: 通知停止時間帯に保留した通知 45 件");
        StringBuilder lines = new StringBuilder();
        body.path("blocks").forEach(block -> lines.append(block.path("text").path("text").asText()).append('\n'));
        assertThat(lines.toString()).contains("<https://hub.example/incidents/inc-1|inc-1>", "<https://hub.example/incidents/inc-40|inc-40>")
                .doesNotContain("inc-41|").contains("…ほか 5 件");
        for (JsonNode block : body.path("blocks")) {
            assertThat(block.path("text").path("text").asText().length()).isLessThanOrEqualTo(3000);
        }
    }

    @Test
    void aCustomerWithoutSlackSettingsFailsWithoutARequest() {
        Notification n = new Notification("x", "globex", "inc-1", ChannelKind.SLACK, NotificationAction.TRIGGER,
                NotificationSamples.content("en"), null);

        DeliveryResult result = bot().deliver(n);

        assertThat(result).isEqualTo(DeliveryResult.failed("customer \"globex\" has no notifications.slack settings"));
        assertThat(slack.findAll(postRequestedFor(urlEqualTo(POST_MESSAGE)))).isEmpty();
    }

    @Test
    void aTargetNeverPrintsItsCredentials() {
        assertThat(SlackTarget.bot("xoxb-secret", "#ops").toString()).doesNotContain("xoxb-secret");
        assertThat(SlackTarget.webhook("https://hooks.slack.com/services/T/B/secret").toString())
                .doesNotContain("secret]").doesNotContain("hooks.slack.com");
    }
}
