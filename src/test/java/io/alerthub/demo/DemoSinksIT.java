package io.alerthub.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The demo's Slack stand-in page shows exactly what the hub sent, HTML-escaped: a message whose text reached Slack
 * raw shows {@code &lt;!channel&gt;} in the page source, a correctly escaped one shows {@code &amp;lt;!channel&amp;gt;}
 * (the hardening acceptance check relies on the difference).
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
}
