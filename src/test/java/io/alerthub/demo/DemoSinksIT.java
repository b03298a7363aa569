package io.alerthub.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.alerthub.model.NotificationAction;
import io.alerthub.notify.Notification;
import io.alerthub.notify.NotificationSamples;
import io.alerthub.notify.NotifyTexts;
import io.alerthub.notify.slack.SlackInteractions;
import io.alerthub.notify.slack.SlackMessages;
import io.alerthub.notify.slack.SlackRequestSigning;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The demo's Slack stand-in page shows exactly what the hub sent, HTML-escaped: a message whose text reached Slack
 * raw shows {@code &lt;!channel&gt;} in the page source, a correctly escaped one shows {@code &amp;lt;!channel&amp;gt;}
 * (the hardening acceptance check relies on the difference). With interactivity, the page presses the hub's Slack
 * buttons as Slack would: a signed {@code block_actions} interaction to the hub, whose update comes back to the page.
 */
class DemoSinksIT {
    private final HttpClient client = HttpClient.newHttpClient();
    private DemoSinks sinks;

    @BeforeEach
    void start() throws Exception {
        sinks = DemoSinks.start("127.0.0.1", 0, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        sinks.close();
    }

    private void postToSlack(String text) throws Exception {
        String body = "{\"channel\":\"#demo\",\"text\":\"" + text + "\",\"blocks\":[{\"type\":\"section\",\"text\":"
                + "{\"type\":\"mrkdwn\",\"text\":\"" + text + "\"}}]}";
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sinks.port()
                + "/slack/api/chat.postMessage")).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
    }

    private String page() throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sinks.port() + "/")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void rawMentionsShowAsEscapedTextAndNeverAsMarkup() throws Exception {
        postToSlack("<!channel> Mailbox verification required <https://evil.example/sso|Sign in>");

        assertThat(page()).contains("&lt;!channel&gt; Mailbox verification required &lt;https://evil.example/sso")
                .doesNotContain("<!channel>", "<https://evil.example");
    }

    @Test
    void aCorrectlyEscapedMessageDoesNotLookLikeARawOne() throws Exception {
        postToSlack("&lt;!channel&gt; Mailbox verification required &lt;https://evil.example/sso|Sign in&gt;");

        assertThat(page()).contains("&amp;lt;!channel&amp;gt; Mailbox verification required")
                .doesNotContain("&lt;!channel&gt;", "&lt;https://evil.example");
    }

    @Test
    void aMessagePostedBeforeARestartIsStillInTheChannelsHistoryWithItsMetadata(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path journal = dir.resolve("sinks.jsonl");
        sinks.journal(journal);
        String body = "{\"channel\":\"#demo\",\"text\":\"disk\",\"metadata\":{\"event_type\":\"alerthub_notification\","
                + "\"event_payload\":{\"notification_id\":\"inc-1|slack|TRIGGER|0\"}}}";
        String posted = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sinks.port()
                + "/slack/api/chat.postMessage")).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String ts = posted.replaceAll(".*\"ts\":\"([0-9.]+)\".*", "$1");
        // the hub (and its stand-ins) killed and started again on the same journal
        sinks.close();
        sinks = DemoSinks.start("127.0.0.1", 0, Clock.systemUTC()).journal(journal);

        String history = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sinks.port()
                + "/slack/api/conversations.history")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("channel=%23demo&oldest=0&include_all_metadata=true&limit=15"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();

        assertThat(history).contains("\"ts\":\"" + ts + "\"", "\"notification_id\":\"inc-1|slack|TRIGGER|0\"",
                "\"ok\":true");
    }

    @Test
    void thePagePressesAButtonWithACorrectlySignedInteractionAndShowsTheAnswer() throws Exception {
        byte[] secret = "demo-slack-signing-secret".getBytes(StandardCharsets.UTF_8);
        List<Map<String, Object>> hubGot = new ArrayList<>();
        HttpServer hub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hub.createContext("/api/v1/slack/interactions", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            synchronized (hubGot) {
                hubGot.add(Map.of("path", exchange.getRequestURI().getPath(), "body", body,
                        "timestamp", exchange.getRequestHeaders().getFirst(SlackRequestSigning.TIMESTAMP_HEADER),
                        "signature", exchange.getRequestHeaders().getFirst(SlackRequestSigning.SIGNATURE_HEADER)));
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        hub.start();
        try {
            sinks.interactive(secret, "U0DEMO0001", () -> "http://127.0.0.1:" + hub.getAddress().getPort());
            String message = new SlackMessages(new NotifyTexts(), true).render(NotificationSamples.notification(
                    NotificationAction.TRIGGER, "en", null)).put("channel", "#demo").toString();
            assertThat(client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sinks.port()
                    + "/slack/api/chat.postMessage")).POST(HttpRequest.BodyPublishers.ofString(message)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            assertThat(page()).contains("name=incident value=\"inc-42\"", "value=alerthub.takeover>Take over</button>");

            HttpResponse<String> pressed = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                            + sinks.port() + "/slack/press")).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("incident=inc-42&action=alerthub.takeover")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(pressed.statusCode()).isEqualTo(303);

            assertThat(hubGot).hasSize(1);
            Map<String, Object> got = hubGot.get(0);
            byte[] body = (byte[]) got.get("body");
            assertThat(new SlackRequestSigning(secret, Duration.ofMinutes(5)).verify((String) got.get("timestamp"),
                    (String) got.get("signature"), body, Instant.now())).isEqualTo(SlackRequestSigning.Verdict.VALID);
            SlackInteractions.Press press = SlackInteractions.read(body).orElseThrow();
            assertThat(press.userId()).isEqualTo("U0DEMO0001");
            assertThat(press.actionId()).isEqualTo(SlackInteractions.TAKEOVER);
            assertThat(press.incidentId()).isEqualTo("inc-42");
            assertThat(press.message().path("blocks").toString()).contains(SlackMessages.ACTIONS_BLOCK);

            assertThat(client.send(HttpRequest.newBuilder(URI.create(press.responseUrl()))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"replace_original\":true,\"text\":\"taken\"}")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            assertThat(sinks.received()).extracting(DemoSinks.Received::sink).contains("slack-response");
        } finally {
            hub.stop(0);
        }
    }
}
