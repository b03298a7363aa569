package io.alerthub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alerthub.store.RejectedStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The ingest guard against anonymous senders, over real HTTP on the demo profile: junk for an unknown customer
 * leaves no row (only a count), a known customer's refusals are kept only for its authenticated senders, and a source
 * that keeps being refused is answered 429 with Retry-After while an authenticated sender from it still gets in.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:ingest-guard-it;MODE=PostgreSQL;DB_CLOSE_DELAY=-1",
        "alerthub.ingest.refusal-limit.max=20",
        "alerthub.ingest.refusal-limit.window=1h"})
@ActiveProfiles("demo")
class IngestGuardIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;
    @Autowired
    RejectedStore rejected;
    @Autowired
    MeterRegistry meters;
    @Autowired
    CamelContext camel;

    @Test
    void anonymousJunkForAnUnknownCustomerLeavesNoRow() throws Exception {
        double before = discarded("unknown");
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> r = http.send(multipart("/api/v1/customers/acc-no-such-customer/alerts/x1", null),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isBetween(400, 499);
        }
        HttpResponse<String> listed = http.send(HttpRequest.newBuilder(
                url("/api/v1/rejected?customer=acc-no-such-customer")).header("Authorization", basic()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(listed.body()).path("items")).isEmpty();
        assertThat(discarded("unknown")).as("counted instead").isEqualTo(before + 10);
        HttpResponse<String> last = http.send(multipart("/api/v1/customers/acc-no-such-customer/alerts/x1", null),
                HttpResponse.BodyHandlers.ofString());
        assertThat(last.statusCode()).as("answered as bad credentials, before the body is read").isEqualTo(401);
        assertThat(JSON.readTree(last.body()).has("detail")).isFalse();
    }

    @Test
    void aKnownCustomersRefusalIsKeptOnlyForItsAuthenticatedSender() throws Exception {
        int before = rejected.list("demo", "unsupported_media_type", null, 100).items().size();
        HttpResponse<String> anonymous = http.send(multipart("/api/v1/customers/demo/alerts/generic", null),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(rejected.list("demo", null, null, 100).items()).noneMatch(r -> r.reason().equals("unauthorized"));
        assertThat(rejected.list("demo", "unsupported_media_type", null, 100).items()).hasSize(before);

        HttpResponse<String> signedIn = http.send(multipart("/api/v1/customers/demo/alerts/generic", "demo-token"),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).isEqualTo(415);
        assertThat(rejected.list("demo", "unsupported_media_type", null, 100).items()).hasSize(before + 1);
    }

    @Test
    void aSourceThatKeepsBeingRefusedGets429ButItsAuthenticatedSenderGetsIn() throws Exception {
        // a loopback address of its own, so the other tests' refusals do not count
        InetAddress source = InetAddress.getByName("127.0.0.7");
        String alert = "{\"status\":\"firing\",\"name\":\"x\"}";
        for (int i = 0; i < 20; i++) {
            assertThat(raw(source, "/api/v1/customers/demo/alerts/generic", "wrong-token", alert)).startsWith("HTTP/1.1 401");
        }
        String limited = raw(source, "/api/v1/customers/demo/alerts/generic", "wrong-token", alert);
        assertThat(limited).startsWith("HTTP/1.1 429");
        String retryAfter = limited.lines().filter(l -> l.toLowerCase(Locale.ROOT).startsWith("retry-after:"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElseThrow();
        assertThat(Long.parseLong(retryAfter)).isBetween(1L, 3600L);
        JsonNode problem = JSON.readTree(limited.substring(limited.indexOf("\r\n\r\n") + 4));
        assertThat(problem.path("status").asInt()).isEqualTo(429);
        assertThat(raw(source, "/api/v1/customers/acc-other/pagerduty", null, "{}")).startsWith("HTTP/1.1 429");

        assertThat(raw(source, "/api/v1/customers/demo/alerts/generic", "demo-token", alert)).startsWith("HTTP/1.1 202");
        assertThat(raw(InetAddress.getByName("127.0.0.8"), "/api/v1/customers/demo/alerts/generic", "wrong-token",
                alert)).as("another source is not limited").startsWith("HTTP/1.1 401");
    }

    @Test
    void aStoppedIngestRouteAnswers503WithRetryAfterNotA404() throws Exception {
        // the same window as start-up and shutdown: Tomcat takes the request, Camel's route is not there
        HttpRequest alert = HttpRequest.newBuilder(url("/api/v1/customers/demo/alerts/generic"))
                .header("Authorization", "Bearer demo-token").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"firing\",\"name\":\"RouteStopped\"}"))
                .build();
        camel.getRouteController().stopRoute("ingest.webhook");
        try {
            HttpResponse<String> paused = http.send(alert, HttpResponse.BodyHandlers.ofString());
            assertThat(paused.statusCode()).as(paused.body()).isEqualTo(503);
            assertThat(paused.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(JSON.readTree(paused.body()).path("type").asText()).endsWith("not-serving");
        } finally {
            camel.getRouteController().startRoute("ingest.webhook");
        }
        HttpResponse<String> resumed = http.send(alert, HttpResponse.BodyHandlers.ofString());
        assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(202);
    }

    private HttpRequest multipart(String path, String token) {
        String boundary = "b0undary";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"f\"; filename=\"hostname\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\njunk\r\n--" + boundary + "--\r\n";
        HttpRequest.Builder b = HttpRequest.newBuilder(url(path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b.build();
    }

    /** One POST on a connection from {@code local}; the whole answer as text. */
    private String raw(InetAddress local, String path, String token, String body) throws IOException {
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port, local, 0)) {
            socket.setSoTimeout(20_000);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n"
                    + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + "\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    private double discarded(String customer) {
        return meters.find("alerthub.ingest.rejected.discarded").tag("customer", customer).counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    private static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString("demo:demo".getBytes(StandardCharsets.UTF_8));
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
